import type { PyProject } from '../pyproject/model';
import { toDistFilenamePart } from '../names';
import { DistBuildError } from './errors';
import { compileGitignore, type GitignoreMatcher } from './gitignore';
import { comparePaths, joinPath, type ProjectTree } from './project-tree';
import { finishMembers, isStringArray, readToolTable, unsupported, type SelectionOutcome, type WheelMember } from './selection';

/**
 * hatchling's file selection (hatchling 1.x: builders/config.py, builders/plugin/interface.py,
 * wheel.py, sdist.py) for the wheel and the sdist targets.
 *
 * Each option is read from `[tool.hatch.build.targets.<target>]` when the key is there, else from
 * `[tool.hatch.build]`. A target walks `only-include` (or `packages`) when set, else the whole
 * project; folders named in EXCLUDED_DIRECTORIES are never entered and `.DS_Store` is never taken.
 * A walked file ships when no `exclude` pattern matches it (`*.py[cdo]`, `/dist`, the nearest
 * .gitignore unless `ignore-vcs`, then the option) and, walking the whole project, when an `include`
 * pattern (or a package) matches it or there is none. `sources` (and each package's parent folder)
 * rewrite the archive path: `src/foo/x.py` -> `foo/x.py`. The wheel's default is the package named
 * after the project (`<name>/`, `src/<name>/`, `<name>.py`, or the one namespace folder holding
 * `<name>/`); the sdist's is every file, plus what hatchling always adds: pyproject.toml,
 * hatch_build.py, the .gitignore it read, the readme and the license files. Patterns are
 * .gitignore lines (core/dist/gitignore.ts). Files the project walk never reads (node_modules,
 * .nx, *.egg-info, a root build/) are not shipped even where hatchling would ship them.
 */

/** hatchling/builders/constants.py */
const EXCLUDED_DIRECTORIES = new Set(['__pycache__', '.venv', '.git', '.hg', '.hatch', '.tox', '.nox', '.ruff_cache', '.pytest_cache', '.mypy_cache', '.pixi']);
const EXCLUDED_FILES = new Set(['.DS_Store', '.git']);
/** BuilderConfig.default_global_exclude, sorted as hatchling sorts it. */
const DEFAULT_GLOBAL_EXCLUDE = ['*.py[cdo]', '/dist'];

/** The options this selection reads. */
const FILE_OPTIONS = new Set(['include', 'exclude', 'packages', 'only-include', 'sources', 'ignore-vcs']);
/**
 * Options that change nothing in a wheel or sdist a PEP 517 frontend asks for: where `hatch build`
 * writes (the frontend names the folder) and which packages the build environment gets.
 */
const INERT_OPTIONS = new Set(['directory', 'dependencies', 'require-runtime-dependencies', 'require-runtime-features']);
/** Options built natively only at their default value. */
const DEFAULT_ONLY: Readonly<Record<string, unknown>> = { 'skip-excluded-dirs': false, reproducible: true, 'strict-naming': true, 'support-legacy': false };

export interface HatchlingSelectionContext {
  /** The nearest .gitignore's text (hatchling's locate_file: the project root, then each folder above up to the repository's). */
  gitignoreText?: string;
  /** The absolute project folder: hatchling drops the .gitignore's patterns when they match it. */
  projectRootPath?: string;
  /** Symlinks leading out of the project (never followed by the walk, so not in the tree). */
  outsideLinks?: readonly string[];
}

type Target = 'wheel' | 'sdist';

interface TargetOptions {
  include: string[];
  exclude: string[];
  packages: string[];
  /** Paths walked instead of the whole project (`only-include`, else `packages`). */
  onlyInclude: string[];
  /** Source prefix (with a trailing `/`, or '' for every path) -> replacement, in hatchling's (sorted) order. */
  sources: Array<[string, string]>;
  ignoreVcs: boolean;
  /** Where each option came from, for messages. */
  keyPaths: Record<string, string>;
}

export function selectHatchlingFiles(project: PyProject, tree: ProjectTree, context: HatchlingSelectionContext = {}): SelectionOutcome {
  if (readToolTable(project.tool, 'hatch', 'metadata', 'hooks')) return unsupported('[tool.hatch.metadata.hooks] runs plugins');
  // hatch.toml holds the same settings as [tool.hatch] (build options, hooks), which only hatchling reads there.
  if (tree.isFile('hatch.toml')) return unsupported('hatch.toml holds hatch settings, which the native builder reads only from [tool.hatch]');
  const build = readToolTable(project.tool, 'hatch', 'build') ?? {};
  const targets = readToolTable(build, 'targets') ?? {};
  const tables: Array<[string, Record<string, unknown>]> = [['tool.hatch.build', omit(build, 'targets')]];
  for (const target of ['wheel', 'sdist'] as const) tables.push([`tool.hatch.build.targets.${target}`, readToolTable(targets, target) ?? {}]);
  for (const [where, table] of tables) {
    const reason = unsupportedOption(where, table);
    if (reason) return unsupported(reason);
  }

  const vcsLines = context.gitignoreText?.split(/\r?\n/) ?? [];
  const vcs = compilePatterns(vcsLines);
  if (vcs.kind === 'unsupported') return unsupported(vcs.reason);
  // hatchling drops the .gitignore's patterns when they match the project folder itself (a path
  // such as /tmp/x/proj against `tmp/`): pathspec tests the absolute path without its leading slash.
  const vcsApplies = context.projectRootPath === undefined || !vcs.ignores(context.projectRootPath.replace(/^\/+/, ''));

  const wheelOptions = readTargetOptions(project, build, 'wheel');
  const wheelDefault = wheelOptions.include.length === 0 && wheelOptions.packages.length === 0 && wheelOptions.onlyInclude.length === 0;
  if (wheelDefault) {
    const found = defaultWheelSelection(project, tree);
    if (found === undefined) {
      const name = toDistFilenamePart(project.name);
      return unsupported(`no ${name}/, src/${name}/ or ${name}.py found, and hatchling's fallback selection (every *.py file) is not supported natively`);
    }
    Object.assign(wheelOptions, found, { sources: withPackageSources(wheelOptions.sources, found.packages) });
  }
  const links = context.outsideLinks ?? [];
  const wheel = selectTarget('wheel', wheelOptions, tree, vcsApplies ? vcsLines : [], project, links);
  if (wheel.kind === 'unsupported') return wheel;
  const sdistOptions = readTargetOptions(project, build, 'sdist');
  const sdist = selectTarget('sdist', sdistOptions, tree, vcsApplies ? vcsLines : [], project, links);
  if (sdist.kind === 'unsupported') return sdist;

  const members: WheelMember[] = wheel.files.map(([sourcePath, archivePath]) => ({ archivePath, sourcePath }));
  if (members.length === 0) {
    throw new DistBuildError('hatchling would build a wheel without a single file: nothing the wheel target selects exists.', {
      code: 'DIST_PACKAGE_MISSING',
      location: {
        file: project.filePath,
        keyPath: wheelOptions.keyPaths['only-include'] ?? wheelOptions.keyPaths.packages ?? 'tool.hatch.build.targets.wheel',
      },
      hint: 'Point packages (or only-include, include) at the folders that hold the package, relative to the project root.',
    });
  }
  const renamed = sdist.files.find(([source, archive]) => source !== archive);
  if (renamed) return unsupported(`[tool.hatch.build] sources would move ${renamed[0]} to ${renamed[1]} in the sdist, which is not supported natively`);
  // Always in the sdist, whatever the options (SdistBuilder.get_default_build_data; hatch.toml is
  // refused above); the readme and license files are added by the build, which checks they exist.
  const forced = ['pyproject.toml', 'hatch_build.py'].filter((f) => tree.isFile(f));
  if (tree.isFile('.gitignore') && context.gitignoreText !== undefined) forced.push('.gitignore');
  const sdistFiles = [...new Set([...sdist.files.map(([source]) => source), ...forced])].sort(comparePaths);
  return {
    kind: 'native',
    selection: {
      backend: 'hatchling',
      wheelMembers: finishMembers(members),
      roots: wheelOptions.onlyInclude.length > 0 ? wheelOptions.onlyInclude : members.map((m) => m.sourcePath),
      sdistExtras: [],
      sdistFiles,
      // The .gitignore hatchling read lies above the project: the sdist still gets it, as `.gitignore`.
      ...(context.gitignoreText !== undefined && !tree.isFile('.gitignore') ? { sdistGitignoreFromAbove: true } : {}),
    },
  };
}

/** Why an option table cannot be built natively, or undefined. */
function unsupportedOption(where: string, table: Record<string, unknown>): string | undefined {
  for (const [key, value] of Object.entries(table)) {
    if (FILE_OPTIONS.has(key) || INERT_OPTIONS.has(key)) continue;
    if (key in DEFAULT_ONLY && value === DEFAULT_ONLY[key]) continue;
    if (key === 'hooks') return `[${where}.hooks] runs build hooks`;
    if (key in DEFAULT_ONLY) return `[${where}] ${key} = ${JSON.stringify(value)} is not supported natively`;
    return `[${where}] ${key} is not supported natively`;
  }
  return undefined;
}

function readTargetOptions(project: PyProject, build: Record<string, unknown>, target: Target): TargetOptions {
  const table = readToolTable(build, 'targets', target) ?? {};
  const keyPaths: Record<string, string> = {};
  const pick = (key: string): unknown => {
    if (key in table) {
      keyPaths[key] = `tool.hatch.build.targets.${target}.${key}`;
      return table[key];
    }
    if (key in build) {
      keyPaths[key] = `tool.hatch.build.${key}`;
      return build[key];
    }
    return undefined;
  };
  const strings = (key: string, what: string): string[] => {
    const value = pick(key);
    if (value === undefined) return [];
    if (!isStringArray(value) || value.some((v) => v === '')) {
      throw new DistBuildError(`${key} must be a list of non-empty ${what}.`, {
        code: 'DIST_TOOL_CONFIG_INVALID',
        location: { file: project.filePath, keyPath: keyPaths[key] },
        hint: `Write it as a list, e.g. ${key} = ["src/my_pkg"].`,
      });
    }
    return value;
  };
  const packages = strings('packages', 'package folders').map(normalizeRelative).sort(comparePaths);
  const onlyInclude = strings('only-include', 'paths').map(normalizeRelative);
  const ignoreVcs = pick('ignore-vcs');
  if (ignoreVcs !== undefined && typeof ignoreVcs !== 'boolean') {
    throw new DistBuildError('ignore-vcs must be true or false.', {
      code: 'DIST_TOOL_CONFIG_INVALID',
      location: { file: project.filePath, keyPath: keyPaths['ignore-vcs'] },
      hint: 'Write ignore-vcs = true to ship files the .gitignore excludes, or leave it out.',
    });
  }
  return {
    include: strings('include', 'patterns'),
    exclude: strings('exclude', 'patterns'),
    packages,
    // `only-include` when it lists anything, else the packages (BuilderConfig.only_include).
    onlyInclude: onlyInclude.length > 0 ? onlyInclude : packages,
    sources: withPackageSources(readSources(project, pick('sources'), keyPaths.sources), packages),
    ignoreVcs: ignoreVcs === true,
    keyPaths,
  };
}

/** `sources`: a list of prefixes to drop, or a table of prefix -> replacement. */
function readSources(project: PyProject, value: unknown, keyPath: string | undefined): Array<[string, string]> {
  const invalid = () =>
    new DistBuildError('sources must be a list of folders or a table of folder -> replacement.', {
      code: 'DIST_TOOL_CONFIG_INVALID',
      location: { file: project.filePath, keyPath: keyPath ?? 'tool.hatch.build.sources' },
      hint: 'e.g. sources = ["src"], or sources = { "src" = "" }.',
    });
  if (value === undefined) return [];
  if (Array.isArray(value)) {
    if (!isStringArray(value) || value.some((v) => v === '')) throw invalid();
    return value.map((source) => [`${normalizeRelative(source)}/`, '']);
  }
  if (typeof value !== 'object' || value === null) throw invalid();
  return Object.entries(value).map(([source, path]) => {
    if (typeof path !== 'string') throw invalid();
    const normalized = normalizeRelative(path);
    return [source === '' ? '' : `${normalizeRelative(source)}/`, normalized === '' ? '' : `${normalized}/`];
  });
}

/** BuilderConfig.sources: each package's parent folder is dropped too, unless the package itself is mapped; sorted. */
function withPackageSources(sources: Array<[string, string]>, packages: readonly string[]): Array<[string, string]> {
  const map = new Map(sources);
  for (const pkg of packages) {
    const parent = pkg.includes('/') ? pkg.slice(0, pkg.lastIndexOf('/')) : '';
    if (parent !== '' && !map.has(`${pkg}/`)) map.set(`${parent}/`, '');
  }
  return [...map].sort(([a], [b]) => comparePaths(a, b));
}

/** WheelBuilderConfig.default_file_selection_options for a project that configures no selection. */
function defaultWheelSelection(project: PyProject, tree: ProjectTree): Pick<TargetOptions, 'packages' | 'onlyInclude'> | undefined {
  // normalize_file_name_component of the name as written, then of the normalized name.
  const candidates = [...new Set([fileNameComponent(project.name), toDistFilenamePart(project.name)])];
  for (const name of candidates) {
    if (tree.isFile(`${name}/__init__.py`)) return { packages: [name], onlyInclude: [name] };
    if (tree.isFile(`src/${name}/__init__.py`)) return { packages: [`src/${name}`], onlyInclude: [`src/${name}`] };
    if (tree.isFile(`${name}.py`)) return { packages: [], onlyInclude: [`${name}.py`] };
    const namespaces = tree.childDirs('').filter((dir) => tree.isFile(`${dir}/${name}/__init__.py`));
    if (namespaces.length === 1) return { packages: [namespaces[0]], onlyInclude: [namespaces[0]] };
  }
  return undefined;
}

type TargetFiles = { kind: 'native'; files: Array<[string, string]> } | { kind: 'unsupported'; reason: string };

/** The files a target ships: [project path, archive path], in project path order. */
function selectTarget(
  target: Target,
  options: TargetOptions,
  tree: ProjectTree,
  vcsLines: readonly string[],
  project: PyProject,
  outsideLinks: readonly string[],
): TargetFiles {
  const exclude = compilePatterns([...DEFAULT_GLOBAL_EXCLUDE, ...(options.ignoreVcs ? [] : vcsLines), ...options.exclude]);
  if (exclude.kind === 'unsupported') return { kind: 'unsupported', reason: `${exclude.reason} (${target} exclude patterns)` };
  const includeLines = [...options.include, ...options.packages.map((p) => `/${p}/`)];
  const include = includeLines.length > 0 ? compilePatterns(includeLines) : undefined;
  if (include?.kind === 'unsupported') return { kind: 'unsupported', reason: `${include.reason} (${target} include patterns)` };
  const excluded = (path: string) => (exclude as Extract<GitignoreMatcher, { kind: 'ok' }>).ignores(path);
  const files: Array<[string, string]> = [];
  const archivePath = (path: string) => distributionPath(options.sources, path);
  if (options.onlyInclude.length > 0) {
    for (const entry of options.onlyInclude) {
      if (tree.isFile(entry)) {
        // An explicit file ships as it is: hatchling applies no exclude pattern to it.
        files.push([entry, archivePath(entry)]);
        continue;
      }
      const under = tree.filesUnder(entry).filter((f) => !skippedByWalk(f, entry.split('/').length) && !excluded(f));
      if (under.length === 0 && target === 'wheel' && tree.filesUnder(entry).length === 0) {
        throw new DistBuildError(`Package folder ${entry}/ does not exist or holds no files.`, {
          code: 'DIST_PACKAGE_MISSING',
          location: {
            file: project.filePath,
            keyPath: options.keyPaths['only-include'] ?? options.keyPaths.packages ?? 'tool.hatch.build.targets.wheel.packages',
          },
          hint: `Create ${entry}/__init__.py, or fix the path in packages.`,
        });
      }
      for (const f of under) files.push([f, archivePath(f)]);
    }
  } else {
    for (const f of tree.all()) {
      if (skippedByWalk(f, 0) || excluded(f)) continue;
      if (include && !(include as Extract<GitignoreMatcher, { kind: 'ok' }>).ignores(f)) continue;
      files.push([f, archivePath(f)]);
    }
  }
  // A link out of the project that this walk would take: hatchling follows it, the native walk does not.
  const walked = (link: string) =>
    options.onlyInclude.length > 0
      ? options.onlyInclude.some(
          (entry) => (link === entry || link.startsWith(`${entry}/`)) && !skippedByWalk(link, entry.split('/').length) && !excluded(link),
        )
      : !skippedByWalk(link, 0) && !excluded(link) && (!include || (include as Extract<GitignoreMatcher, { kind: 'ok' }>).ignores(link));
  const link = outsideLinks.find(walked);
  if (link !== undefined) return { kind: 'unsupported', reason: `${link} is a symlink out of the project that hatchling's ${target} would follow` };
  const seen = new Set<string>();
  return { kind: 'native', files: files.filter(([, a]) => !seen.has(a) && seen.add(a)).sort(([a], [b]) => comparePaths(a, b)) };
}

/** A file hatchling's walk never reaches: in a folder it does not enter (below the walk's start), or a name it skips. */
function skippedByWalk(path: string, startDepth: number): boolean {
  const segments = path.split('/');
  if (EXCLUDED_FILES.has(segments[segments.length - 1])) return true;
  return segments.slice(startDepth, -1).some((s) => EXCLUDED_DIRECTORIES.has(s));
}

/** BuilderConfig.get_distribution_path: the first source prefix (in sorted order) that the path starts with is replaced. */
function distributionPath(sources: ReadonlyArray<[string, string]>, path: string): string {
  for (const [source, replacement] of sources) {
    if (source === '') return replacement + path;
    if (path.startsWith(source)) return replacement + path.slice(source.length);
  }
  return path;
}

/**
 * hatchling's normalize_file_name_component (`re.sub(r"[^\w\d.]+", "_", name)`). An ASCII name
 * takes the ASCII pattern: V8 compiles the Unicode-property one slowly on its first runs, in every
 * build process.
 */
function fileNameComponent(name: string): string {
  return /^[\x00-\x7f]*$/.test(name) ? name.replace(/[^A-Za-z0-9_.]+/g, '_') : name.replace(/[^\p{L}\p{N}_.]+/gu, '_');
}

/** The compiled patterns of one .gitignore text, kept for the process: a batch builds many projects with the same ones. */
const compiledPatterns = new Map<string, GitignoreMatcher>();
function compilePatterns(lines: readonly string[]): GitignoreMatcher {
  const text = lines.join('\n');
  let matcher = compiledPatterns.get(text);
  if (matcher === undefined) {
    if (compiledPatterns.size >= 256) compiledPatterns.clear();
    matcher = compileGitignore(text);
    compiledPatterns.set(text, matcher);
  }
  return matcher;
}

/** os.path.normpath(path).strip('/'), for the POSIX relative paths options hold. */
function normalizeRelative(path: string): string {
  return joinPath(path);
}

function omit(table: Record<string, unknown>, key: string): Record<string, unknown> {
  const { [key]: _dropped, ...rest } = table;
  return rest;
}
