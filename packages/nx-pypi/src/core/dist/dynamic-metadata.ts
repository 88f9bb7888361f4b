/**
 * `[project].dynamic` values a backend reads from the project's files without running code, read
 * here exactly where and how that backend reads them, so such projects build natively:
 * - setuptools: `[tool.setuptools.dynamic] version = { attr = "pkg.__version__" }` (its
 *   `StaticModule`: the first module-level assignment of that name whose value is a literal) or
 *   `version = { file = "VERSION" }` (files joined by newlines);
 * - hatchling: `[tool.hatch.version] path = "..."` with the regex source (its default pattern, or
 *   the project's `pattern`);
 * - flit_core: `__version__` and the docstring of the module (`get_docstring_and_version_via_ast`);
 * - pdm-backend: `[tool.pdm.version] source = "file"` (its `__version__ = "..."` line regex).
 * Where the backend would run code (an import because no literal was found, a VCS plugin, a hook)
 * the value is computed, and the real backend must build: `unsupported` says why in one line.
 */
import { toImportName } from '../names';
import { normalizeVersion } from '../pep440';
import { scanModuleTopLevel, splitPythonLines, type ModuleTopLevel } from '../python/module-scan';
import type { PyProject } from '../pyproject/model';
import { DistBuildError } from './errors';
import type { ProjectTree } from './project-tree';
import { readToolTable, type NativeBackend } from './selection';

/** Reads a project file as UTF-8 text (universal newlines are applied here). */
export type ReadProjectFile = (path: string) => string;

export interface DynamicValues {
  version?: string;
  description?: string;
  /** One line for the build log: where the values came from. */
  source: string;
  /** The project files read: the sdist must carry them so the backend rebuilds the same wheel from it. */
  files: string[];
  /** Where the version literal sits, for `nx release version` to rewrite; absent when it is not one place. */
  versionAt?: VersionLocation;
}

/** The one place a dynamic version is written, in the form the backend reads it. */
export type VersionLocation =
  | { file: string; kind: 'assignment'; name: string }
  | { file: string; kind: 'whole-file' }
  | { file: string; kind: 'pattern'; pattern: RegExp; group: string | number };

export type DynamicOutcome = { kind: 'static'; values: DynamicValues } | { kind: 'computed'; reason: string };

export interface DynamicContext {
  backend: NativeBackend;
  tree: ProjectTree;
  read: ReadProjectFile;
  /** setuptools' package_dir after discovery (`{'': 'src'}` for the src layout). */
  packageDir?: Readonly<Record<string, string>>;
}

const computed = (reason: string): DynamicOutcome => ({ kind: 'computed', reason });

export function resolveDynamicMetadata(project: PyProject, context: DynamicContext): DynamicOutcome {
  const fields = project.dynamic;
  const readable = context.backend === 'flit' ? ['version', 'description'] : ['version'];
  const other = fields.find((f) => !readable.includes(f));
  if (other !== undefined) return computed(`[project].dynamic lists ${other}, which only the ${context.backend} backend can compute`);
  switch (context.backend) {
    case 'setuptools':
      return setuptoolsVersion(project, context);
    case 'hatchling':
      return hatchlingVersion(project, context);
    case 'flit':
      return flitValues(project, context);
    case 'pdm':
      return pdmVersion(project, context);
    case 'uv':
      // uv_build refuses every dynamic field, and select-uv-build says so before this is asked.
      return computed('uv_build computes no [project].dynamic value');
    case 'poetry':
      // poetry-core projects are read by core/poetry/poetry-build-model, which takes dynamic fields from [tool.poetry].
      return computed('poetry-core fills [project].dynamic fields from [tool.poetry]');
  }
}

function setuptoolsVersion(project: PyProject, context: DynamicContext): DynamicOutcome {
  const directive = readToolTable(project.tool, 'setuptools', 'dynamic', 'version');
  const where = 'tool.setuptools.dynamic.version';
  if (!directive)
    return computed('[project].dynamic lists version but [tool.setuptools.dynamic] gives no version (a setuptools plugin such as setuptools_scm would set it)');
  if (typeof directive.attr === 'string') {
    const parts = directive.attr.trim().split('.');
    const attr = parts.pop() as string;
    const moduleFile = findSetuptoolsModule(parts.join('.') || '__init__', context);
    if (moduleFile === undefined) return computed(`setuptools finds no module file for ${where}.attr "${directive.attr}" and would import it`);
    const scanned = scan(context, moduleFile);
    const assignment = scanned?.assignments.find((a) => a.targets.includes(attr));
    if (!assignment || assignment.value.kind !== 'str')
      return computed(`${moduleFile} assigns ${attr} no string literal, so setuptools would import the module to read it`);
    return found(project, where, assignment.value.value, `${attr} in ${moduleFile}`, [moduleFile], { file: moduleFile, kind: 'assignment', name: attr });
  }
  if (directive.file !== undefined) {
    const files = typeof directive.file === 'string' ? [directive.file] : Array.isArray(directive.file) ? directive.file : undefined;
    if (!files || !files.every((f): f is string => typeof f === 'string')) return computed(`${where}.file is not a path or a list of paths`);
    // setuptools reads the files that exist and joins them with newlines.
    const present = files.filter((f) => context.tree.isFile(normalizePath(f)));
    if (present.length === 0) throw missingFile(project, `${where}.file`, files.join(', '));
    const text = present.map((f) => context.read(normalizePath(f))).join('\n');
    const single = present.length === 1 ? { file: normalizePath(present[0]), kind: 'whole-file' as const } : undefined;
    return found(project, where, text, present.join(', '), present.map(normalizePath), single);
  }
  return computed(`${where} is neither { attr = ... } nor { file = ... }`);
}

/** setuptools' `_find_module`: package_dir decides the folder, then `<m>.py` or `<m>/__init__.py`. */
function findSetuptoolsModule(moduleName: string, context: DynamicContext): string | undefined {
  const packageDir = context.packageDir ?? {};
  const parts = moduleName.split('.');
  let parent = '';
  let name = moduleName;
  if (parts[0] in packageDir) {
    const custom = packageDir[parts[0]];
    const slash = custom.lastIndexOf('/');
    parent = slash >= 0 ? custom.slice(0, slash) : '';
    name = [slash >= 0 ? custom.slice(slash + 1) : custom, ...parts.slice(1)].join('.');
  } else if ('' in packageDir) {
    parent = packageDir[''];
  }
  const start = normalizePath([parent, ...name.split('.')].filter(Boolean).join('/'));
  return [`${start}.py`, `${start}/__init__.py`].find((f) => context.tree.isFile(f));
}

// hatchling's DEFAULT_PATTERN, `(?i)^(__version__|VERSION) *= *(['"])v?(?P<version>.+?)\2`, in JS syntax.
const HATCH_DEFAULT_PATTERN = /^(__version__|VERSION) *= *(['"])v?(?<version>.+?)\2/im;

function hatchlingVersion(project: PyProject, context: DynamicContext): DynamicOutcome {
  const config = readToolTable(project.tool, 'hatch', 'version');
  if (!config) return computed('[project].dynamic lists version but [tool.hatch.version] is missing');
  const source = config.source ?? 'regex';
  if (source !== 'regex') return computed(`[tool.hatch.version] source = "${String(source)}" is a version plugin`);
  const path = config.path;
  if (typeof path !== 'string' || path === '') return computed('[tool.hatch.version] has no path');
  let pattern = HATCH_DEFAULT_PATTERN;
  if (config.pattern !== undefined && config.pattern !== true && config.pattern !== '') {
    const translated = typeof config.pattern === 'string' ? translatePythonRegex(config.pattern) : undefined;
    if (!translated) return computed('[tool.hatch.version] pattern uses Python regex syntax the native builder does not translate');
    pattern = translated;
  }
  const file = normalizePath(path);
  if (!context.tree.isFile(file)) throw missingFile(project, 'tool.hatch.version.path', path);
  const match = pattern.exec(universalNewlines(context.read(file)));
  if (!match?.groups?.version) {
    throw new DistBuildError(`hatchling finds no version in ${path}`, {
      code: 'DIST_DYNAMIC_VERSION_NOT_FOUND',
      location: { file: project.filePath, keyPath: 'tool.hatch.version.path' },
      hint: `write __version__ = "0.1.0" in ${path}, or fix [tool.hatch.version]`,
    });
  }
  return found(project, 'tool.hatch.version.path', match.groups.version, path, [file], { file, kind: 'pattern', pattern, group: 'version' });
}

/**
 * Python `re` patterns as hatchling uses them (re.MULTILINE): the common subset only. A leading
 * `(?i)`/`(?m)`/`(?s)` becomes a flag, `(?P<name>` a named group, `(?P=name)` a backreference;
 * anything else Python-specific (lookbehind syntax differences aside) is refused.
 */
export function translatePythonRegex(pattern: string): RegExp | undefined {
  let source = pattern;
  let flags = 'm';
  const inline = /^\(\?([aiLmsux]+)\)/.exec(source);
  if (inline) {
    if (/[aLux]/.test(inline[1])) return undefined;
    if (inline[1].includes('i')) flags += 'i';
    if (inline[1].includes('s')) flags += 's';
    source = source.slice(inline[0].length);
  }
  if (/\(\?[aiLmsux-]+[:)]|\\[AZz]|\(\?#/.test(source)) return undefined;
  source = source.replace(/\(\?P<(\w+)>/g, '(?<$1>').replace(/\(\?P=(\w+)\)/g, '\\k<$1>');
  try {
    return new RegExp(source, flags);
  } catch {
    return undefined;
  }
}

function flitValues(project: PyProject, context: DynamicContext): DynamicOutcome {
  const module = findFlitModule(project, context.tree);
  if (!module) return computed('flit_core would import the module to find it');
  const scanned = scan(context, module);
  if (!scanned) return computed(`${module} could not be read without Python, so flit_core would import it`);
  const wantsVersion = project.dynamic.includes('version');
  const wantsDescription = project.dynamic.includes('description');
  // flit_core: only a plain `__version__ = "..."` (ast.Assign with a str constant), the first one.
  const assignment = scanned.assignments.find((a) => !a.annotated && a.targets.includes('__version__'));
  const version = assignment?.value.kind === 'str' ? assignment.value.value : undefined;
  // flit_core imports the module when either value is missing from its AST.
  if ((wantsVersion && !version) || (wantsDescription && !scanned.docstring)) {
    return computed(`${module} has no ${wantsVersion && !version ? '__version__ string literal' : 'docstring'}, so flit_core would import it`);
  }
  const values: DynamicValues = {
    source: `${[wantsVersion && '__version__', wantsDescription && 'the docstring'].filter(Boolean).join(' and ')} of ${module}`,
    files: [module],
  };
  if (wantsVersion) {
    values.version = checkVersion(project, 'project.dynamic', version as string, module);
    values.versionAt = { file: module, kind: 'assignment', name: '__version__' };
  }
  if (wantsDescription) {
    const docstring = scanned.docstring as string;
    if (!docstring.trim()) {
      throw new DistBuildError(`${module} has an empty docstring, which flit_core uses as the description`, {
        code: 'DIST_DYNAMIC_DESCRIPTION_EMPTY',
        location: { file: module },
        hint: 'write a one-line docstring at the top of the module, or set a static description in [project]',
      });
    }
    values.description = splitPythonLines(docstring.trimStart())[0];
  }
  return { kind: 'static', values };
}

/** flit_core's Module lookup (the same as select-flit): `<m>/__init__.py`, `<m>.py`, then under src/. */
function findFlitModule(project: PyProject, tree: ProjectTree): string | undefined {
  const configured = readToolTable(project.tool, 'flit', 'module')?.name;
  const name = typeof configured === 'string' ? configured : toImportName(project.name);
  const candidates = [`${name}/__init__.py`, `${name}.py`, `src/${name}/__init__.py`, `src/${name}.py`].filter((f) => tree.isFile(f));
  return candidates.length === 1 ? candidates[0] : undefined;
}

const PDM_FILE_PATTERN = /^__version__\s*=\s*["'](.+?)["']\s*(?:#.*)?$/m;

function pdmVersion(project: PyProject, context: DynamicContext): DynamicOutcome {
  const config = readToolTable(project.tool, 'pdm', 'version');
  if (!config) return computed('[project].dynamic lists version but [tool.pdm.version] is missing');
  if (config.source !== 'file') return computed(`[tool.pdm.version] source = "${String(config.source)}" is computed by pdm-backend`);
  const extra = Object.keys(config).filter((k) => k !== 'source' && k !== 'path');
  if (extra.length > 0) return computed(`[tool.pdm.version] ${extra[0]} is not read natively`);
  if (typeof config.path !== 'string') return computed('[tool.pdm.version] has no path');
  const file = normalizePath(config.path);
  if (!context.tree.isFile(file)) throw missingFile(project, 'tool.pdm.version.path', config.path);
  const match = PDM_FILE_PATTERN.exec(universalNewlines(context.read(file)));
  if (!match) {
    throw new DistBuildError(`pdm-backend finds no __version__ line in ${config.path}`, {
      code: 'DIST_DYNAMIC_VERSION_NOT_FOUND',
      location: { file: project.filePath, keyPath: 'tool.pdm.version.path' },
      hint: `write __version__ = "0.1.0" in ${config.path}`,
    });
  }
  return found(project, 'tool.pdm.version.path', match[1], config.path, [file], { file, kind: 'pattern', pattern: PDM_FILE_PATTERN, group: 1 });
}

function found(project: PyProject, keyPath: string, raw: string, source: string, files: string[], versionAt?: VersionLocation): DynamicOutcome {
  return { kind: 'static', values: { version: checkVersion(project, keyPath, raw, source), source, files, ...(versionAt ? { versionAt } : {}) } };
}

/** Backends normalize the version (packaging's Version, which also strips surrounding whitespace). */
function checkVersion(project: PyProject, keyPath: string, raw: string, source: string): string {
  const normalized = normalizeVersion(raw.trim());
  if (normalized !== undefined) return normalized;
  throw new DistBuildError(`the version read from ${source}, "${raw.trim()}", is not a valid PEP 440 version`, {
    code: 'DIST_DYNAMIC_VERSION_INVALID',
    location: { file: project.filePath, keyPath },
    hint: 'use a version such as "1.2.3", "1.2.3rc1" or "1.2.3.dev0" there',
  });
}

function scan(context: DynamicContext, file: string): ModuleTopLevel | undefined {
  return scanModuleTopLevel(universalNewlines(context.read(file)));
}

function missingFile(project: PyProject, keyPath: string, path: string): DistBuildError {
  return new DistBuildError(`${path} does not exist`, {
    code: 'DIST_DYNAMIC_FILE_MISSING',
    location: { file: project.filePath, keyPath },
    hint: 'create the file or fix the path (relative to the project root)',
  });
}

function universalNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

function normalizePath(path: string): string {
  return path.replace(/^\.\//, '').replace(/\/+$/, '');
}
