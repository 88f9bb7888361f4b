/**
 * uv_build's file selection (`build-backend = "uv_build"`), as releases 0.9.26 to 0.10.x make it.
 * Sources: https://docs.astral.sh/uv/concepts/build-backend/ ("Modules", "Namespace packages",
 * "Stub packages", "File inclusion and exclusion"), https://docs.astral.sh/uv/reference/settings/#build-backend
 * and the astral-sh/uv sources at tags 0.9.26 to 0.10.12, crates/uv-build-backend/src/:
 *
 * - lib.rs `find_roots`: the module lives in `module-root` (default `src`, `""` is the flat layout).
 *   Without `module-name` it is the project name normalized, `-`/`.` as `_` (`Foo-Bar` -> `foo_bar`),
 *   and needs `__init__.py`; a project named `<x>-stubs` is a stub package `<x>-stubs/` needing
 *   `__init__.pyi`. `module-name` is a name or a list (sorted, duplicates and names below another
 *   dropped); each part before and after the dots must be an identifier (the first may end in
 *   `-stubs`), the module needs `__init__.py` (`.pyi` for stubs), and for a dotted name no folder
 *   above it may hold one (a namespace). `namespace = true` skips every check.
 * - wheel.rs `write_wheel`: every file below each module folder, archived relative to module-root,
 *   minus the default excludes (`__pycache__`, `*.pyc`, `*.pyo`), `wheel-exclude` and
 *   `source-exclude`; then `license-files` matches under `.dist-info/licenses/` (never the PEP 639
 *   default globs, and never `license = { file }`, which goes into METADATA); then each `data`
 *   folder, whole and unfiltered, under `<name>-<version>.data/<kind>/`.
 * - source_dist.rs `source_dist_matcher`: pyproject.toml, `<module-root>/<module>/**`, the README,
 *   the `license-files` globs and `license = { file }`, `<data folder>/**` and `source-include`,
 *   minus the default excludes and `source-exclude`.
 * - Excludes are unanchored (`**\/<pattern>`) unless they start with `/`; the sdist walk prunes an
 *   excluded folder, while the wheel walk matches unanchored excludes against absolute paths from
 *   the module folder down, and anchored ones against each file only (see uv-glob.ts for includes).
 *
 * Handed to uv_build (`unsupported`): uv_build releases outside that window (uv-build-window.ts),
 * excludes whose match would depend on where the project sits on disk (several segments or `**`
 * unanchored, an anchored one starting with a wildcard), an include that only uv's directory filter
 * takes, a data folder without files, and any file the wheel would ship that the sdist leaves out
 * (frontends build the wheel from the sdist, so the two ways would differ).
 */
import { normalizeName, toDistFilenamePart } from '../names';
import type { PyProject } from '../pyproject/model';
import { checkUvMetadata } from './check-uv-metadata';
import type { ReadProjectFile } from './dynamic-metadata';
import { DistBuildError } from './errors';
import { compareCodePoints } from './metadata-uv';
import { joinPath, type ProjectTree } from './project-tree';
import { finishMembers, readToolTable, unsupported, type SelectionOutcome, type WheelMember } from './selection';
import { uvBuildRequirementProblem } from './uv-build-window';
import { readUvBuildSettings, UV_SETTINGS_KEY, type UvBuildSettings } from './uv-build-settings';
import { compileUvGlob, firstSegmentMatchesEmpty, literalUvGlob, uvLiteralPathProblem, type UvGlob, type UvGlobSyntax } from './uv-glob';

const DEFAULT_EXCLUDES = ['__pycache__', '*.pyc', '*.pyo'];

/** An exclude: `name` matches one path segment (unanchored), `anchored` the path from the project root. */
type Exclude = { kind: 'name' | 'anchored'; glob: UvGlob };

/** Thrown inside the selection to hand the build to uv_build with one reason. */
class Unsupported {
  constructor(readonly reason: string) {}
}

export function selectUvBuildFiles(project: PyProject, tree: ProjectTree, readFile: ReadProjectFile | undefined): SelectionOutcome {
  const window = uvBuildRequirementProblem(project.buildSystem?.requires ?? []);
  if (window !== undefined) return unsupported(window);
  const settings = readUvBuildSettings(project);
  if ('unsupported' in settings) return unsupported(settings.unsupported);
  try {
    const metadataProblem = checkUvMetadata(project, readFile);
    if (metadataProblem !== undefined) return unsupported(metadataProblem);
    return select(project, tree, settings);
  } catch (err) {
    if (err instanceof Unsupported) return unsupported(err.reason);
    throw err;
  }
}

function select(project: PyProject, tree: ProjectTree, settings: UvBuildSettings): SelectionOutcome {
  const root = settings.moduleRoot;
  const modules = settings.namespace ? namespaceModules(project, settings) : checkedModules(project, tree, settings);
  const walkRoots = modules.map((m) => joinPath(root, m));
  for (const [i, walkRoot] of walkRoots.entries()) {
    const problem = uvLiteralPathProblem(walkRoot);
    if (problem !== undefined) throw moduleError(project, settings, `module ${modules[i]}: ${problem}`, 'Rename the module folder.');
  }

  const sdistExcludes = compileExcludes(project, [...DEFAULT_EXCLUDES, ...settings.sourceExclude], 'source-exclude');
  const wheelExcludes = compileExcludes(project, [...DEFAULT_EXCLUDES, ...settings.wheelExclude, ...settings.sourceExclude], 'wheel-exclude');
  if (isExcludedFromSdist('pyproject.toml', sdistExcludes)) {
    throw new DistBuildError('source-exclude matches pyproject.toml, which every sdist needs.', {
      code: 'DIST_TOOL_CONFIG_INVALID',
      location: { file: project.filePath, keyPath: `${UV_SETTINGS_KEY}.source-exclude` },
      hint: 'Narrow the pattern, e.g. anchor it with a leading "/" (uv_build refuses it too).',
    });
  }

  const licenseGlobs = (project.licenseFiles ?? []).map((g) => compileGlob(project, g, 'pep639', 'project.license-files'));
  const licenseFiles = selectLicenseFiles(project, tree, licenseGlobs);
  const licenseTableFile = project.license?.kind === 'file' ? project.license.file : undefined;
  if (licenseTableFile !== undefined && !tree.isFile(licenseTableFile)) {
    throw new DistBuildError(`License file ${licenseTableFile} does not exist.`, {
      code: 'DIST_LICENSE_MISSING',
      location: { file: project.filePath, keyPath: 'project.license.file' },
      hint: 'Create the file or fix the path (relative to the project root).',
    });
  }
  const readme = project.readme?.file === undefined ? undefined : joinPath(project.readme.file);

  const includes: UvGlob[] = [
    ...settings.sourceInclude.map((g) => compileGlob(project, g, 'uv', `${UV_SETTINGS_KEY}.source-include`)),
    literalUvGlob('pyproject.toml', false),
    ...walkRoots.map((r) => literalUvGlob(r, true)),
    ...(readme === undefined ? [] : [literalUvGlob(readme, false)]),
    ...licenseGlobs,
    ...(licenseTableFile === undefined ? [] : [compileGlob(project, licenseTableFile, 'pep639', 'project.license.file')]),
    ...settings.data.map((d) => literalUvGlob(d.dir, true)),
  ];
  const sdist = new Set<string>();
  for (const file of tree.all()) {
    if (isExcludedFromSdist(file, sdistExcludes)) continue;
    if (includes.some((g) => g.matches(file))) sdist.add(file);
    else if (includes.some((g) => g.canMatchBelow(file))) {
      throw new Unsupported(`uv_build's include filter would also take ${file}, which no include names (an include such as "**/x" lets it through)`);
    }
  }

  const members: WheelMember[] = [];
  for (const walkRoot of walkRoots) {
    const files = tree.filesUnder(walkRoot);
    if (files.length === 0) throw moduleError(project, settings, `Module folder ${walkRoot}/ holds no files.`, `Create ${walkRoot}/, or fix module-name.`);
    const firstChecked = walkRoot.split('/').length - 1;
    for (const file of files) {
      if (isExcludedFromWheel(file, firstChecked, wheelExcludes)) continue;
      members.push({ archivePath: root ? file.slice(root.length + 1) : file, sourcePath: file });
    }
  }
  const dataPrefix = `${toDistFilenamePart(project.name)}-${project.version as string}.data`;
  for (const { kind, dir } of settings.data) {
    const files = tree.filesUnder(dir);
    if (files.length === 0) throw new Unsupported(`the ${kind} data folder ${dir}/ holds no files (uv_build fails on a missing folder and ships an empty one)`);
    for (const file of files) members.push({ archivePath: `${dataPrefix}/${kind}/${file.slice(dir.length + 1)}`, sourcePath: file });
  }

  const needed = [
    ...members.map((m) => m.sourcePath),
    ...licenseFiles,
    ...(readme === undefined ? [] : [readme]),
    ...(licenseTableFile ? [licenseTableFile] : []),
  ];
  const missing = needed.find((file) => tree.isFile(file) && !sdist.has(file));
  if (missing !== undefined) {
    throw new Unsupported(`uv_build's sdist leaves out ${missing}, which its wheel takes, so a wheel built from the sdist would differ`);
  }
  return {
    kind: 'native',
    selection: {
      backend: 'uv',
      wheelMembers: finishMembers(members),
      roots: [...walkRoots, ...settings.data.map((d) => d.dir)],
      sdistExtras: [...sdist].sort(compareCodePoints),
      licenseFiles,
    },
  };
}

/** The module folders (relative to module-root) uv_build checks and packages. */
function checkedModules(project: PyProject, tree: ProjectTree, settings: UvBuildSettings): string[] {
  const root = settings.moduleRoot;
  if (settings.moduleName === undefined) {
    const name = normalizeName(project.name);
    const stubs = name.endsWith('-stubs');
    const module = stubs ? `${toDistFilenamePart(name.slice(0, -'-stubs'.length))}-stubs` : toDistFilenamePart(name);
    const init = joinPath(root, module, stubs ? '__init__.pyi' : '__init__.py');
    if (!tree.isFile(init)) {
      throw moduleError(
        project,
        settings,
        `uv_build expects the ${stubs ? 'stub package' : 'module'} of "${project.name}" at ${init}, and there is no such file.`,
        `Create ${init}, or point [${UV_SETTINGS_KEY}] module-root / module-name at the package folder (module-root = "" for the flat layout).`,
      );
    }
    return [module];
  }
  const names = typeof settings.moduleName === 'string' ? [settings.moduleName] : pruneModuleNames(settings.moduleName);
  return names.map((name) => modulePath(project, tree, settings, name));
}

/** lib.rs `module_path_from_module_name`: identifiers, `__init__.py[i]` in the module, none in the namespace folders above it. */
function modulePath(project: PyProject, tree: ProjectTree, settings: UvBuildSettings, name: string): string {
  const [rootName, ...namespaceParts] = name.split('.');
  const stubs = rootName.endsWith('-stubs');
  const parts = [stubs ? rootName.slice(0, -'-stubs'.length) : rootName, ...namespaceParts];
  const bad = parts.find((p) => !/^[\p{Alphabetic}_][\p{Alphabetic}\p{N}_]*$/u.test(p));
  if (bad !== undefined) {
    throw moduleError(
      project,
      settings,
      `module-name "${name}" is not a module name: "${bad}" is not a Python identifier.`,
      'Use the import name, e.g. "my_package" or "namespace.my_package".',
    );
  }
  const path = name.split('.').join('/');
  const init = joinPath(settings.moduleRoot, path, stubs ? '__init__.pyi' : '__init__.py');
  if (!tree.isFile(init)) {
    throw moduleError(
      project,
      settings,
      `uv_build expects module ${name} at ${init}, and there is no such file.`,
      `Create ${init}, or fix module-name / module-root.`,
    );
  }
  const segments = path.split('/');
  for (let depth = segments.length - 1; depth > 0; depth--) {
    const folder = joinPath(settings.moduleRoot, ...segments.slice(0, depth));
    const marker = ['__init__.py', '__init__.pyi'].map((f) => `${folder}/${f}`).find((f) => tree.isFile(f));
    if (marker !== undefined) {
      throw moduleError(
        project,
        settings,
        `module-name "${name}" makes ${folder}/ a namespace package, but it has ${marker}.`,
        `Delete ${marker}, or name the top package instead (module-name = "${segments.slice(0, depth).join('.')}").`,
      );
    }
  }
  return path;
}

/** `namespace = true`: the named folders (or the normalized project name), unchecked. */
function namespaceModules(project: PyProject, settings: UvBuildSettings): string[] {
  const name = settings.moduleName;
  const names = name === undefined ? [toDistFilenamePart(project.name)] : typeof name === 'string' ? [name] : pruneModuleNames(name);
  return names.map((n) => n.split('.').join('/'));
}

/** lib.rs `prune_redundant_modules`: sorted, without duplicates or names inside a name already kept. */
function pruneModuleNames(names: readonly string[]): string[] {
  const kept: string[] = [];
  for (const name of [...names].sort(compareCodePoints)) {
    const last = kept.at(-1);
    if (last !== undefined && (name === last || name.startsWith(`${last}.`))) continue;
    kept.push(name);
  }
  return kept;
}

/** Located at the setting that decides where the module is: module-name, else module-root, else the project name it defaults to. */
function moduleError(project: PyProject, settings: UvBuildSettings, message: string, hint: string): DistBuildError {
  const rootSet = readToolTable(project.tool, 'uv', 'build-backend')?.['module-root'] !== undefined;
  const keyPath = settings.moduleName !== undefined ? `${UV_SETTINGS_KEY}.module-name` : rootSet ? `${UV_SETTINGS_KEY}.module-root` : 'project.name';
  return new DistBuildError(message, { code: 'DIST_PACKAGE_MISSING', location: { file: project.filePath, keyPath }, hint });
}

/** The `license-files` matches (sorted, as uv sorts them); each glob must match a file. */
function selectLicenseFiles(project: PyProject, tree: ProjectTree, globs: readonly UvGlob[]): string[] {
  for (const glob of globs) {
    if (!tree.all().some((f) => glob.matches(f))) {
      throw new DistBuildError(`license-files pattern "${glob.pattern}" matches no file.`, {
        code: 'DIST_LICENSE_MISSING',
        location: { file: project.filePath, keyPath: 'project.license-files' },
        hint: 'PEP 639 requires every pattern to match at least one file (uv_build refuses it too): fix or remove it.',
      });
    }
    // Built from the sdist, the wheel's license walk also sees the sdist's PKG-INFO.
    if (glob.matches('PKG-INFO')) throw new Unsupported(`license-files pattern "${glob.pattern}" matches the sdist's PKG-INFO`);
  }
  const files: string[] = [];
  for (const file of tree.all()) {
    if (globs.some((g) => g.matches(file))) files.push(file);
    else if (globs.some((g) => g.canMatchBelow(file))) throw new Unsupported(`uv_build's license-files filter would also take ${file}, which no pattern names`);
  }
  return files.sort(compareCodePoints);
}

function compileGlob(project: PyProject, pattern: string, syntax: UvGlobSyntax, keyPath: string): UvGlob {
  const outcome = compileUvGlob(pattern, syntax);
  if (outcome.kind === 'glob') return outcome.glob;
  if (outcome.kind === 'unsupported') throw new Unsupported(`${keyPath}: ${outcome.reason}`);
  throw new DistBuildError(`uv_build refuses the glob "${pattern}": ${outcome.reason}.`, {
    code: 'DIST_TOOL_CONFIG_INVALID',
    location: { file: project.filePath, keyPath },
    hint: 'uv_build globs take letters, digits, "_", "-", ".", "/", "*", "?", "**" and [...] ranges (PEP 639); escape other characters with "\\" where the setting allows it.',
  });
}

/** wheel.rs `build_exclude_matcher`: `/pattern` is anchored at the project root, anything else matches at any depth. */
function compileExcludes(project: PyProject, patterns: readonly string[], key: string): Exclude[] {
  const keyPath = `${UV_SETTINGS_KEY}.${key}`;
  return patterns.map((pattern): Exclude => {
    if (pattern.startsWith('/')) {
      const glob = compileGlob(project, pattern.slice(1), 'uv', keyPath);
      // An anchored glob whose first segment matches nothing would also match the absolute paths the wheel walk tests.
      if (firstSegmentMatchesEmpty(glob)) throw new Unsupported(`${key} pattern "${pattern}" would also match absolute paths in uv_build's wheel walk`);
      return { kind: 'anchored', glob };
    }
    compileGlob(project, `**/${pattern}`, 'uv', keyPath);
    if (pattern === '' || pattern.includes('/') || pattern.includes('**')) {
      throw new Unsupported(
        `${key} pattern "${pattern}" is matched by uv_build against absolute paths in the wheel walk; only one-segment patterns or ones anchored with "/" are built natively`,
      );
    }
    return { kind: 'name', glob: compileGlob(project, pattern, 'uv', keyPath) };
  });
}

/** The sdist walk prunes a folder an exclude matches, so the file or any folder above it counts. */
function isExcludedFromSdist(file: string, excludes: readonly Exclude[]): boolean {
  const parts = file.split('/');
  return excludes.some((e) =>
    e.kind === 'name' ? parts.some((p) => e.glob.matches(p)) : parts.some((_, i) => e.glob.matches(parts.slice(0, i + 1).join('/'))),
  );
}

/**
 * The wheel walk starts at the module folder and tests absolute paths: a one-segment exclude sees
 * the module folder's name and everything below it; an anchored one never matches an absolute
 * path, only each file's project-relative path (so it leaves a folder's files in).
 */
function isExcludedFromWheel(file: string, firstChecked: number, excludes: readonly Exclude[]): boolean {
  const parts = file.split('/').slice(firstChecked);
  return excludes.some((e) => (e.kind === 'name' ? parts.some((p) => e.glob.matches(p)) : e.glob.matches(file)));
}
