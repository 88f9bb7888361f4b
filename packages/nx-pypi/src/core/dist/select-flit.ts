import type { PyProject } from '../pyproject/model';
import { toImportName } from '../names';
import { DistBuildError } from './errors';
import { readToolTable, selectTestFiles, unsupported, finishMembers, type SelectionOutcome } from './selection';
import type { ProjectTree } from './project-tree';

/**
 * flit_core's selection (flit_core/common.py Module): one module named after the project (or
 * `[tool.flit.module] name`), found as `<m>/`, `<m>.py`, `src/<m>/` or `src/<m>.py` — exactly one of
 * them — shipping every file below a package folder.
 */
export function selectFlitFiles(project: PyProject, tree: ProjectTree): SelectionOutcome {
  const flit = readToolTable(project.tool, 'flit') ?? {};
  const extra = Object.keys(flit).filter((k) => k !== 'module');
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
  return { kind: 'native', selection: { backend: 'flit', wheelMembers: finishMembers(members), roots: [module.path], sdistExtras: selectTestFiles(tree) } };
}
