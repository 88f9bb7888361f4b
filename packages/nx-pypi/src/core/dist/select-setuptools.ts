import type { PyProject } from '../pyproject/model';
import type { ReadProjectFile } from './dynamic-metadata';
import { DistBuildError } from './errors';
import { compileFnmatch, compilePathGlob, matchesPathGlob } from './path-glob';
import { joinPath, type ProjectTree } from './project-tree';
import { finishMembers, isStringArray, readToolTable, unsupported, type SelectionOutcome, type WheelMember } from './selection';
import { readSetupCfg, type SetupCfgSection } from './setup-cfg';
import { isSetupPyStub } from './setup-py-stub';

/**
 * setuptools' file selection for pyproject-only projects, as setuptools 66+ does it
 * (setuptools/discovery.py, command/build_py.py): explicit `packages`/`py-modules`, `packages.find`,
 * or automatic discovery (explicit package-dir, src layout, flat layout); a package ships its `*.py`
 * files plus the `package-data` globs. Anything that can add files by other means is unsupported;
 * a setup.py is allowed when it only calls `setup()` (setup-py-stub.ts), a setup.cfg when it holds
 * only other tools' sections (setup-cfg.ts), and both then ship in the sdist.
 */
// `dynamic` is read by dynamic-metadata.ts (its static forms), which refuses the rest.
const SUPPORTED_KEYS = new Set(['packages', 'package-dir', 'package-data', 'py-modules', 'include-package-data', 'zip-safe', 'dynamic']);
const UNSUPPORTED_FILES = ['MANIFEST.in'];

// setuptools' FlatLayoutPackageFinder._EXCLUDE and FlatLayoutModuleFinder.DEFAULT_EXCLUDE.
const FLAT_PACKAGE_EXCLUDE = [
  'ci',
  'bin',
  'doc',
  'docs',
  'documentation',
  'manpages',
  'news',
  'changelog',
  'test',
  'tests',
  'unit_test',
  'unit_tests',
  'example',
  'examples',
  'scripts',
  'tools',
  'util',
  'utils',
  'python',
  'build',
  'dist',
  'venv',
  'env',
  'requirements',
  'tasks',
  'fabfile',
  'site_scons',
  'benchmark',
  'benchmarks',
  'exercise',
  'exercises',
  '[._]*',
]
  .flatMap((p) => [p, `${p}.*`])
  .map((p) => compileFnmatch(p));
const FLAT_MODULE_EXCLUDE = [
  'setup',
  'conftest',
  'test',
  'tests',
  'example',
  'examples',
  'build',
  'toxfile',
  'noxfile',
  'pavement',
  'dodo',
  'tasks',
  'fabfile',
  '[Ss][Cc]onstruct',
  'conanfile',
  'manage',
  'benchmark',
  'benchmarks',
  'exercise',
  'exercises',
  'htmlcov',
  '[._]*',
].map((p) => compileFnmatch(p));
const ALWAYS_EXCLUDE = ['ez_setup', '*__pycache__'].map((p) => compileFnmatch(p));

export function selectSetuptoolsFiles(project: PyProject, tree: ProjectTree, readFile?: ReadProjectFile): SelectionOutcome {
  for (const file of UNSUPPORTED_FILES) if (tree.isFile(file)) return unsupported(`${file} is present (setuptools may run code or add files from it)`);
  const setupPy = tree.isFile('setup.py');
  if (setupPy && !(readFile && isSetupPyStub(readFile('setup.py'))))
    return unsupported('setup.py does more than call setup() with no arguments (setuptools runs it)');
  let setupCfgSections: SetupCfgSection[] | undefined;
  if (tree.isFile('setup.cfg')) {
    if (!readFile) return unsupported('setup.cfg is present (setuptools reads it)');
    const setupCfg = readSetupCfg(readFile('setup.cfg'));
    if (setupCfg.kind === 'unsupported') return unsupported(setupCfg.reason);
    setupCfgSections = setupCfg.sections;
  }
  const config = readToolTable(project.tool, 'setuptools') ?? {};
  const unknown = Object.keys(config).filter((k) => !SUPPORTED_KEYS.has(k));
  if (unknown.length > 0) return unsupported(`[tool.setuptools] ${unknown.join(', ')} is not supported natively`);
  const where = (key: string) => ({ file: project.filePath, keyPath: `tool.setuptools.${key}` });

  const packageDir = readStringTable(config['package-dir'], where('package-dir'));
  const packageData = readPackageData(config['package-data'], where('package-data'));
  const explicitModules = config['py-modules'];
  if (explicitModules !== undefined && !isStringArray(explicitModules)) throw typeError(where('py-modules'), 'a list of module names');

  let packages: string[];
  let modules: string[] = explicitModules ?? [];
  const rawPackages = config['packages'];
  if (isStringArray(rawPackages)) {
    packages = rawPackages;
  } else if (rawPackages !== undefined) {
    const find = readToolTable({ p: rawPackages }, 'p', 'find');
    if (find === undefined) throw typeError(where('packages'), 'a list of package names or a { find = {...} } table');
    packages = findPackages(tree, find, packageDir, where('packages.find'));
  } else if (explicitModules !== undefined) {
    packages = [];
  } else {
    const discovered = discover(tree, packageDir);
    packages = discovered.packages;
    modules = discovered.modules;
  }
  if (packages.length === 0 && modules.length === 0) {
    throw new DistBuildError('No Python package or module found to put in the wheel.', {
      code: 'DIST_NO_PACKAGE',
      location: { file: project.filePath, keyPath: 'tool.setuptools' },
      hint: 'Create the package folder (e.g. src/<name>/__init__.py), or list it in [tool.setuptools] packages.',
    });
  }

  const members: WheelMember[] = [];
  const roots: string[] = [];
  for (const pkg of packages) {
    const dir = packageDirOf(pkg, packageDir);
    if (!tree.isDir(dir)) {
      throw new DistBuildError(`Package "${pkg}" has no folder: ${dir || '.'}/ does not exist or holds no files.`, {
        code: 'DIST_PACKAGE_MISSING',
        location: { file: project.filePath, keyPath: 'tool.setuptools.packages' },
        hint: `Create ${dir}/__init__.py, or fix the package name / package-dir.`,
      });
    }
    roots.push(dir);
    const archiveDir = pkg.replace(/\./g, '/');
    for (const file of tree.childFiles(dir))
      if (file.endsWith('.py')) members.push({ archivePath: joinPath(archiveDir, file.slice(dir.length)), sourcePath: file });
    const globs = [...(packageData[''] ?? []), ...(packageData[pkg] ?? [])].map((g) => compilePathGlob(joinPath(dir, g)));
    for (const file of tree.filesUnder(dir))
      if (matchesPathGlob(file, globs)) members.push({ archivePath: joinPath(archiveDir, file.slice(dir.length)), sourcePath: file });
  }
  for (const mod of modules) {
    const source = joinPath(packageDirOf('', packageDir), `${mod.replace(/\./g, '/')}.py`);
    if (!tree.isFile(source)) {
      throw new DistBuildError(`Module "${mod}" has no file: ${source} does not exist.`, {
        code: 'DIST_MODULE_MISSING',
        location: { file: project.filePath, keyPath: 'tool.setuptools.py-modules' },
        hint: `Create ${source}, or fix the module name in py-modules.`,
      });
    }
    roots.push(source);
    members.push({ archivePath: `${mod.replace(/\./g, '/')}.py`, sourcePath: source });
  }
  const topLevelNames = [...new Set([...packages, ...modules].map((name) => name.split('.')[0]))].sort();
  return {
    kind: 'native',
    selection: {
      backend: 'setuptools',
      wheelMembers: finishMembers(members),
      roots,
      // sdist's add_defaults ships the setup script it ran and the project's setup.cfg (rewritten).
      sdistExtras: [...setuptoolsSdistDefaults(tree), ...(setupPy ? ['setup.py'] : []), ...(setupCfgSections ? ['setup.cfg'] : [])],
      topLevelNames,
      packageDir,
      ...(setupCfgSections ? { setupCfgSections } : {}),
    },
  };
}

/** setuptools build_py.get_package_dir: the longest mapped prefix of the dotted name wins. */
export function packageDirOf(pkg: string, packageDir: Record<string, string>): string {
  const parts = pkg === '' ? [] : pkg.split('.');
  const tail: string[] = [];
  while (parts.length > 0) {
    const mapped = packageDir[parts.join('.')];
    if (mapped !== undefined) return joinPath(mapped, ...tail);
    tail.unshift(parts.pop() as string);
  }
  return joinPath(packageDir[''] ?? '', ...tail);
}

function discover(tree: ProjectTree, packageDir: Record<string, string>): { packages: string[]; modules: string[] } {
  const explicit = Object.entries(packageDir).filter(([k]) => k !== '');
  if (explicit.length > 0) {
    // _analyse_explicit_layout: each mapped package plus every folder below it.
    return { packages: explicit.flatMap(([pkg, dir]) => [pkg, ...walkPackages(tree, joinPath(dir), true).map((n) => `${pkg}.${n}`)]), modules: [] };
  }
  const src = joinPath(packageDir[''] ?? 'src');
  if (tree.isDir(src)) {
    packageDir[''] = src;
    return { packages: walkPackages(tree, src, true), modules: findModules(tree, src, []) };
  }
  const flat = walkPackages(tree, '', true, (name) => isIdentifierPath(name)).filter((p) => !FLAT_PACKAGE_EXCLUDE.some((re) => re.test(p)));
  const topLevel = [...new Set(flat.map((p) => p.split('.')[0]))];
  if (topLevel.length > 1) throw multipleTopLevel('packages', topLevel);
  if (flat.length > 0) return { packages: flat, modules: [] };
  const modules = findModules(tree, '', FLAT_MODULE_EXCLUDE);
  if (modules.length > 1) throw multipleTopLevel('modules', modules);
  return { packages: [], modules };
}

function multipleTopLevel(kind: string, found: string[]): DistBuildError {
  return new DistBuildError(`Multiple top-level ${kind} discovered in a flat layout: ${found.join(', ')} (setuptools refuses this too).`, {
    code: 'DIST_FLAT_LAYOUT_AMBIGUOUS',
    hint: 'Move the package under src/, or list it in [tool.setuptools] packages (or packages.find include/exclude).',
  });
}

function findPackages(tree: ProjectTree, find: Record<string, unknown>, packageDir: Record<string, string>, loc: { file: string; keyPath: string }): string[] {
  const whereList = find['where'] ?? ['.'];
  const include = find['include'] ?? ['*'];
  const exclude = find['exclude'] ?? [];
  const namespaces = find['namespaces'] ?? true;
  if (!isStringArray(whereList) || !isStringArray(include) || !isStringArray(exclude) || typeof namespaces !== 'boolean') {
    throw typeError(loc, 'where/include/exclude as lists of strings and namespaces as a boolean');
  }
  const inc = include.map((p) => compileFnmatch(p));
  const exc = [...exclude, 'ez_setup', '*__pycache__'].map((p) => compileFnmatch(p));
  const found: string[] = [];
  for (const where of whereList) {
    const dir = joinPath(where);
    // setuptools maps the package root to a single non-root `where` (config/expand.py find_packages).
    if (dir !== '' && whereList.length === 1 && packageDir[''] === undefined) packageDir[''] = dir;
    for (const pkg of walkPackages(tree, dir, namespaces)) {
      if (!inc.some((re) => re.test(pkg)) || exc.some((re) => re.test(pkg))) continue;
      found.push(pkg);
      if (dir !== joinPath(packageDir[''] ?? '')) packageDir[pkg] = joinPath(dir, pkg.replace(/\./g, '/'));
    }
  }
  return found;
}

/** PackageFinder/PEP420PackageFinder._find_iter: dotted names of folders under `root`. */
function walkPackages(tree: ProjectTree, root: string, namespaces: boolean, looksLike: (name: string) => boolean = () => true): string[] {
  const out: string[] = [];
  const visit = (dir: string, prefix: string) => {
    for (const child of tree.childDirs(dir)) {
      const path = joinPath(dir, child);
      const name = prefix ? `${prefix}.${child}` : child;
      if (child.includes('.') || !looksLike(name)) continue;
      if (!namespaces && !tree.isFile(`${path}/__init__.py`)) continue;
      if (!ALWAYS_EXCLUDE.some((re) => re.test(name))) out.push(name);
      visit(path, name);
    }
  };
  visit(root, '');
  return out;
}

function findModules(tree: ProjectTree, dir: string, exclude: RegExp[]): string[] {
  return tree
    .childFiles(dir)
    .filter((f) => f.endsWith('.py'))
    .map((f) => f.slice(dir ? dir.length + 1 : 0, -3))
    .filter((m) => isIdentifier(m) && !exclude.some((re) => re.test(m)));
}

function isIdentifier(name: string): boolean {
  return /^[\p{L}_][\p{L}\p{N}_]*$/u.test(name);
}

// FlatLayoutPackageFinder._looks_like_package: a valid root (or `*-stubs`) and identifier parts.
function isIdentifierPath(name: string): boolean {
  const [root, ...rest] = name.split('.');
  return (isIdentifier(root) || root.endsWith('-stubs')) && rest.every(isIdentifier);
}

function readStringTable(value: unknown, loc: { file: string; keyPath: string }): Record<string, string> {
  if (value === undefined) return {};
  const table = readToolTable({ v: value }, 'v');
  if (table === undefined || !Object.values(table).every((v) => typeof v === 'string')) throw typeError(loc, 'a table of package name = "folder"');
  return { ...(table as Record<string, string>) };
}

function readPackageData(value: unknown, loc: { file: string; keyPath: string }): Record<string, string[]> {
  if (value === undefined) return {};
  const table = readToolTable({ v: value }, 'v');
  if (table === undefined || !Object.values(table).every(isStringArray)) throw typeError(loc, 'a table of package name = [globs]');
  const out: Record<string, string[]> = {};
  // config/expand.py: the "*" key means every package, like "".
  for (const [key, globs] of Object.entries(table as Record<string, string[]>))
    out[key === '*' ? '' : key] = [...(out[key === '*' ? '' : key] ?? []), ...globs];
  return out;
}

function typeError(loc: { file: string; keyPath: string }, expected: string): DistBuildError {
  return new DistBuildError(`Expected ${expected}.`, {
    code: 'DIST_TOOL_CONFIG_INVALID',
    location: loc,
    hint: 'See https://setuptools.pypa.io/en/latest/userguide/pyproject_config.html',
  });
}

/**
 * What setuptools' sdist adds by default besides the packages, the readme and the license files
 * (command/sdist.py and distutils' add_defaults): the first of README, README.rst, README.txt and
 * README.md, and the test modules directly in tests/ or test/ (`tests/test*.py`, `test/test*.py`).
 */
function setuptoolsSdistDefaults(tree: ProjectTree): string[] {
  const readme = ['README', 'README.rst', 'README.txt', 'README.md'].find((f) => tree.isFile(f));
  const tests = ['tests', 'test'].flatMap((dir) => tree.childFiles(dir).filter((f) => /^test[^/]*\.py$/.test(f.slice(dir.length + 1))));
  return [...(readme ? [readme] : []), ...tests];
}
