import type { PyProject } from '../pyproject/model';
import { toImportName } from '../names';
import { DistBuildError } from './errors';
import { pythonGlob, matchesGlobs, type GlobMatches } from './python-glob';
import { readToolTable, unsupported, finishMembers, type SelectionOutcome } from './selection';
import type { ProjectTree } from './project-tree';

/**
 * flit_core's selection (flit_core/common.py Module): one module named after the project (or
 * `[tool.flit.module] name`), found as `<m>/`, `<m>.py`, `src/<m>/` or `src/<m>.py` — exactly one of
 * them — shipping every file below a package folder.
 */
export function selectFlitFiles(project: PyProject, tree: ProjectTree): SelectionOutcome {
  const flit = readToolTable(project.tool, 'flit') ?? {};
  const extra = Object.keys(flit).filter((k) => k !== 'module' && k !== 'sdist');
  if (extra.length > 0) return unsupported(`[tool.flit.${extra[0]}] is not supported natively`);
  const configured = readToolTable(flit, 'module')?.['name'];
  const name = typeof configured === 'string' ? configured : toImportName(project.name);
  if (name.includes('.')) return unsupported(`flit namespace module "${name}" is not supported natively`);

  const candidates = [
    { path: name, isPackage: true, prefix: '' },
    { path: `${name}.py`, isPackage: false, prefix: '' },
    { path: `src/${name}`, isPackage: true, prefix: 'src/' },
    { path: `src/${name}.py`, isPackage: false, prefix: 'src/' },
  ].filter((c) => (c.isPackage ? tree.isDir(c.path) : tree.isFile(c.path)));
  if (candidates.length !== 1) {
    const found = candidates.map((c) => c.path).join(', ');
    throw new DistBuildError(
      candidates.length === 0
        ? `No file or folder found for module ${name} (looked for ${name}/, ${name}.py, src/${name}/, src/${name}.py).`
        : `Multiple files or folders could be module ${name}: ${found}.`,
      {
        code: candidates.length === 0 ? 'DIST_PACKAGE_MISSING' : 'DIST_MODULE_AMBIGUOUS',
        location: { file: project.filePath, keyPath: typeof configured === 'string' ? 'tool.flit.module.name' : 'project.name' },
        hint: candidates.length === 0 ? `Create ${name}/__init__.py, or set [tool.flit.module] name.` : 'Keep exactly one of them.',
      },
    );
  }
  const [module] = candidates;
  const files = module.isPackage ? tree.filesUnder(module.path) : [module.path];
  const members = files.map((f) => ({ archivePath: f.slice(module.prefix.length), sourcePath: f }));
  const sdist = selectFlitSdistExtras(project, tree, files);
  if (typeof sdist === 'string') return unsupported(sdist);
  return { kind: 'native', selection: { backend: 'flit', wheelMembers: finishMembers(members), roots: [module.path], sdistExtras: sdist } };
}

/**
 * flit_core's SdistBuilder: the module, pyproject.toml and the files it references, plus
 * `[tool.flit.sdist] include` (globs; a matched folder brings everything below it) minus
 * `exclude`. A string is the reason to leave the build to flit_core.
 */
function selectFlitSdistExtras(project: PyProject, tree: ProjectTree, moduleFiles: readonly string[]): string[] | string {
  const config = readToolTable(project.tool, 'flit', 'sdist') ?? {};
  const unknown = Object.keys(config).filter((k) => k !== 'include' && k !== 'exclude');
  if (unknown.length > 0) return `[tool.flit.sdist] ${unknown[0]} is not supported natively`;
  const patterns = (key: 'include' | 'exclude'): string[] => {
    const value = config[key];
    if (value === undefined) return [];
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
      throw new DistBuildError(`[tool.flit.sdist] ${key} must be a list of glob patterns.`, {
        code: 'DIST_TOOL_CONFIG_INVALID',
        location: { file: project.filePath, keyPath: `tool.flit.sdist.${key}` },
        hint: `e.g. ${key} = ["docs/"]`,
      });
    }
    for (const pattern of value) {
      if (pattern.startsWith('/') || pattern.split('/').includes('..') || pattern.includes('\\')) {
        throw new DistBuildError(`[tool.flit.sdist] ${key} pattern "${pattern}" must be a relative path inside the project, with / separators.`, {
          code: 'DIST_TOOL_CONFIG_INVALID',
          location: { file: project.filePath, keyPath: `tool.flit.sdist.${key}` },
          hint: 'flit_core refuses it too',
        });
      }
    }
    return value;
  };
  const merge = (list: string[]): GlobMatches => {
    const all: GlobMatches = { files: new Set(), dirs: new Set() };
    for (const pattern of list) {
      const m = pythonGlob(pattern, tree);
      m.files.forEach((f) => all.files.add(f));
      m.dirs.forEach((d) => all.dirs.add(d));
    }
    return all;
  };
  const includes = merge(patterns('include'));
  const excludes = merge(patterns('exclude'));
  // flit_core also takes excluded module files out of the sdist (not the wheel): the two would differ.
  const excludedModuleFile = moduleFiles.find((f) => matchesGlobs(f, excludes));
  if (excludedModuleFile) return `[tool.flit.sdist] exclude leaves ${excludedModuleFile} out of the sdist but not the wheel`;
  const extras = new Set<string>();
  for (const file of includes.files) if (!matchesGlobs(file, excludes)) extras.add(file);
  for (const dir of includes.dirs) for (const file of tree.filesUnder(dir)) if (!matchesGlobs(file, excludes)) extras.add(file);
  return [...extras].sort();
}
