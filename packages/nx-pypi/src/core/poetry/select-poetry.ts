/**
 * Which files poetry-core 2.x puts into the wheel and the sdist (`Builder.find_files_to_add`,
 * `Module`, `PackageInclude`, `SdistBuilder.find_files_to_add`), over the project's file list:
 * - packages: `[tool.poetry].packages` entries for the format (`from` moves the wheel root, `to`
 *   prefixes it), else the default `<module>/`, `<module>.py`, or the same under `src/`;
 * - includes: sdist-only unless their format says wheel; an included file is taken even when
 *   ignored or excluded;
 * - excluded: `__pycache__`, `*.pyc`, files git ignores (only inside a git work tree, as poetry-core
 *   asks git) and `exclude` globs, minus what an include of the same format names;
 * - license files: PEP 639 globs, else COPYING*, LICEN[SC]E*, AUTHORS*, NOTICE*, LICENSES/** and
 *   the file a `[project].license = { file }` table names;
 *   the sdist adds them, pyproject.toml and the readmes unconditionally.
 * Globs follow Python's pathlib (a wildcard also matches dot-names). Pure: git's answer comes in.
 */
import { DistBuildError } from '../dist/errors';
import { comparePaths, joinPath, type ProjectTree } from '../dist/project-tree';
import { compileGlobSegment } from '../dist/python-glob';
import type { WheelMember } from '../dist/selection';
import type { KeyPath } from '../pyproject/key-path';
import type { PoetryBuildModel, PoetryFormat, PoetryPackageEntry } from './poetry-build-model';
import { poetryModuleName } from './poetry-packages';

export interface PoetrySelection {
  wheelMembers: WheelMember[];
  /** Project-relative files of the sdist, sorted. */
  sdistFiles: string[];
  /** Project-relative license files, sorted (License-File, `.dist-info/licenses/`). */
  licenseFiles: string[];
  /** Readme files in declaration order (their texts make the long description). */
  readmeFiles: string[];
}

const PACKAGES_DOCS = 'https://python-poetry.org/docs/pyproject/#packages';
const DEFAULT_LICENSE_GLOBS = ['COPYING*', 'LICEN[SC]E*', 'AUTHORS*', 'NOTICE*'];

export function selectPoetryFiles(model: PoetryBuildModel, name: string, tree: ProjectTree, gitIgnored: ReadonlySet<string>): PoetrySelection {
  const packages = model.packages ?? [defaultPackage(model, name, tree)];
  const wheel = filesFor('wheel', model, packages, tree, gitIgnored);
  const sdist = filesFor('sdist', model, packages, tree, gitIgnored);
  const licenseFiles = selectLicenseFiles(model, tree);
  const readmeFiles = model.readme?.kind === 'files' ? model.readme.files.map((f) => joinPath(f)) : [];
  for (const readme of readmeFiles) {
    if (!tree.isFile(readme))
      throw new DistBuildError(`Readme file ${readme} does not exist.`, {
        code: 'DIST_README_MISSING',
        location: { file: model.filePath, keyPath: model.readme?.kind === 'files' ? model.readme.keyPath : 'readme' },
        hint: 'Create the file, or fix the readme path (relative to the project root).',
      });
  }
  const sdistFiles = new Set(sdist.map((m) => m.sourcePath));
  for (const f of [...licenseFiles, 'pyproject.toml', ...readmeFiles]) if (tree.isFile(f)) sdistFiles.add(f);
  return { wheelMembers: wheel, sdistFiles: [...sdistFiles].sort(comparePaths), licenseFiles, readmeFiles };
}

function filesFor(
  format: PoetryFormat,
  model: PoetryBuildModel,
  allPackages: PoetryPackageEntry[],
  tree: ProjectTree,
  gitIgnored: ReadonlySet<string>,
): WheelMember[] {
  const packages = allPackages.filter((p) => p.formats.includes(format));
  const includes = model.includes.filter((i) => i.formats.includes(format));
  const explicitlyIncluded = new Set(includes.flatMap((i) => filesOf(pathlibGlob(tree, '', i.path), tree)));
  const excluded = new Set(
    [...gitIgnored, ...model.excludes.flatMap((g) => filesOf(pathlibGlob(tree, '', g), tree))].filter((f) => !explicitlyIncluded.has(f)),
  );
  const isExcluded = (path: string) => {
    const parts = path.split('/');
    if (parts.includes('__pycache__') || path.endsWith('.pyc')) return true;
    for (let i = parts.length; i > 0; i--) if (excluded.has(parts.slice(0, i).join('/'))) return true;
    return false;
  };
  const members = new Map<string, WheelMember>();
  for (const entry of packages) {
    const base = joinPath(entry.from ?? '');
    for (const file of packageFiles(entry, base, tree, model.filePath)) {
      if (isExcluded(file)) continue;
      const inWheel = format === 'wheel';
      const relative = inWheel && entry.from !== undefined ? file.slice(base ? base.length + 1 : 0) : file;
      const archivePath = inWheel && entry.to ? joinPath(entry.to, relative) : relative;
      members.set(file, { archivePath, sourcePath: file });
    }
  }
  for (const include of includes) {
    const matches = pathlibGlob(tree, '', include.path);
    for (const match of matches) {
      if (tree.isFile(match)) members.set(match, { archivePath: match, sourcePath: match });
      else for (const file of tree.filesUnder(match)) if (!isExcluded(file)) members.set(file, { archivePath: file, sourcePath: file });
    }
  }
  return [...members.values()].filter((m) => !m.sourcePath.split('/').includes('__pycache__')).sort((a, b) => comparePaths(a.archivePath, b.archivePath));
}

/** The files one package entry stands for, as `PackageInclude.check_elements` sees them (or its error). */
function packageFiles(entry: PoetryPackageEntry, base: string, tree: ProjectTree, filePath: string): string[] {
  const elements = pathlibGlob(tree, base, entry.include);
  const where = joinPath(base, entry.include);
  const fail = (message: string, hint: string) =>
    new DistBuildError(message, { code: 'POETRY_PACKAGE_NOT_FOUND', location: { file: filePath, keyPath: keyPathText(entry.keyPath) }, hint });
  if (elements.length === 0)
    throw fail(
      `${where} does not contain any element.`,
      `Fix the include (relative to ${base || 'the project root'}) or create the package (${PACKAGES_DOCS}).`,
    );
  let files: string[];
  if (elements.length > 1) files = filesOf(elements, tree);
  else if (tree.isDir(elements[0])) files = tree.filesUnder(elements[0]);
  else return elements;
  const stubOnly =
    /-stubs$/.test(elements.length > 1 ? parentName(elements[0]) : baseName(elements[0])) &&
    files.every((f) => f.endsWith('.pyi') || baseName(f) === 'py.typed');
  const hasModules = (elements.length > 1 ? elements : files).some((f) => f.endsWith('.py'));
  if (!stubOnly && !hasModules)
    throw fail(
      `${baseName(elements[0])} is not a package: it holds no .py file.`,
      `Add an __init__.py, or point the include at the package folder (${PACKAGES_DOCS}).`,
    );
  return files;
}

/** poetry-core's `Module` default: `<module>/` or `<module>.py` at the root (not both), else under `src/`. */
function defaultPackage(model: PoetryBuildModel, name: string, tree: ProjectTree): PoetryPackageEntry {
  const module = poetryModuleName(name);
  for (const root of ['', 'src']) {
    const dir = tree.isDir(joinPath(root, module));
    const file = tree.isFile(joinPath(root, `${module}.py`));
    if (dir && file)
      throw new DistBuildError(`Both ${joinPath(root, module)}/ and ${joinPath(root, `${module}.py`)} exist.`, {
        code: 'POETRY_PACKAGE_NOT_FOUND',
        location: { file: model.filePath, keyPath: model.nameKeyPath },
        hint: `Remove one, or name the package with packages = [{ include = "${module}" }].`,
      });
    if (dir || file)
      return { include: dir ? module : `${module}.py`, ...(root ? { from: root } : {}), formats: ['sdist', 'wheel'], keyPath: model.nameKeyPath.split('.') };
  }
  throw new DistBuildError(`No file or folder found for package ${name}: poetry-core looks for ${module}/, ${module}.py, src/${module}/ or src/${module}.py.`, {
    code: 'POETRY_PACKAGE_NOT_FOUND',
    location: { file: model.filePath, keyPath: model.nameKeyPath },
    hint: `Create the package, or list it in [tool.poetry] packages = [{ include = "my_pkg", from = "src" }] (${PACKAGES_DOCS}).`,
  });
}

function selectLicenseFiles(model: PoetryBuildModel, tree: ProjectTree): string[] {
  const found = new Set<string>();
  if (model.licenseFiles.kind === 'globs') {
    for (const glob of model.licenseFiles.globs) {
      const files = pathlibGlob(tree, '', glob).filter((f) => tree.isFile(f));
      if (files.length === 0)
        throw new DistBuildError(`license-files pattern "${glob}" matches no file.`, {
          code: 'DIST_LICENSE_MISSING',
          location: { file: model.filePath, keyPath: 'project.license-files' },
          hint: 'PEP 639 requires every pattern to match at least one file: fix or remove it.',
        });
      for (const f of files) found.add(f);
    }
  } else {
    const named = model.licenseFiles.licenseFile;
    if (named !== undefined && tree.isFile(joinPath(named))) found.add(joinPath(named));
    for (const glob of DEFAULT_LICENSE_GLOBS) for (const f of pathlibGlob(tree, '', glob)) if (tree.isFile(f)) found.add(f);
    for (const f of tree.filesUnder('LICENSES')) found.add(f);
  }
  return [...found].sort(comparePaths);
}

/**
 * `Path(base).glob(pattern)` over the tree, as project-relative paths of files and folders:
 * `*`, `?`, `[...]` within one name (dot-names included), `**` any number of folders (alone at
 * the end it yields folders only, as Python 3.11 does).
 */
export function pathlibGlob(tree: ProjectTree, base: string, pattern: string): string[] {
  const segments = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const out = new Set<string>();
  const visit = (dir: string, index: number) => {
    if (index === segments.length) {
      if (dir !== base || segments.length === 0) out.add(dir);
      return;
    }
    const segment = segments[index];
    const last = index === segments.length - 1;
    if (segment === '**') {
      visit(dir, index + 1);
      for (const child of tree.childDirs(dir)) visit(joinPath(dir, child), index);
      return;
    }
    const re = compileGlobSegment(segment, false);
    for (const child of tree.childDirs(dir)) if (re.test(child)) visit(joinPath(dir, child), index + 1);
    if (last) for (const file of tree.childFiles(dir)) if (re.test(baseName(file))) out.add(file);
  };
  if (base === '' || tree.isDir(base)) visit(base, 0);
  out.delete('');
  return [...out].sort(comparePaths);
}

function filesOf(paths: readonly string[], tree: ProjectTree): string[] {
  return paths.flatMap((p) => (tree.isFile(p) ? [p] : tree.filesUnder(p)));
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

function parentName(path: string): string {
  const parent = path.slice(0, Math.max(0, path.lastIndexOf('/')));
  return baseName(parent);
}

function keyPathText(path: KeyPath): string {
  return path.map((p) => (typeof p === 'number' ? `[${p}]` : p)).join('.');
}
