/**
 * What poetry-core 2.x builds from a pyproject.toml (issue 13): the core metadata fields as its
 * `Factory.configure_package` and `Metadata.from_package` compute them, the entry points, and the
 * `[tool.poetry]` packages / include / exclude the file selection follows (select-poetry.ts).
 * Both layouts: Poetry 1.x (`[tool.poetry]` only) and Poetry 2 (`[project]`, with `[tool.poetry]`
 * for what PEP 621 has no field for). Bad input is a located PyProjectError; what the native
 * builder does not reproduce is an `unsupported` reason, and the backend builds instead.
 */
import { normalizeName } from '../names';
import { normalizeVersion } from '../pep440';
import { Checker, isTable, type Table } from '../pyproject/checker';
import type { KeyPath } from '../pyproject/key-path';
import type { PyProject, Requirement } from '../pyproject/model';
import { parsePyProject } from '../pyproject/parse';
import { locateProblems, parseTomlTable } from '../pyproject/toml-document';
import { parsePoetryDependency, POETRY_DEPENDENCY_DOCS, renderRequiresDist, type PoetryRequirement } from './dependency';
import { normalizeMarker } from './marker';
import { poetryClassifiers } from './poetry-classifiers';
import { isCanonicalLicenseExpression, poetryLicense } from './poetry-license';
import { parsePoetryConstraint, renderConstraintSet, translatePoetryConstraint } from './constraint';
import { readPoetryPython, renderRequiresPython } from './python-constraint';
import type { VersionSet } from './version-set';
import { readPoetryDynamicVersion, type PoetryDynamicVersion } from './poetry-package';

export type PoetryFormat = 'sdist' | 'wheel';

/** A `[tool.poetry].packages` entry (or poetry-core's default package). */
export interface PoetryPackageEntry {
  include: string;
  from?: string;
  to?: string;
  formats: PoetryFormat[];
  keyPath: KeyPath;
}

/** A `[tool.poetry].include` entry: sdist-only unless its format says otherwise. */
export interface PoetryIncludeEntry {
  path: string;
  formats: PoetryFormat[];
}

/** The fields poetry-core's `Metadata` carries, already in the spelling it writes. */
export interface PoetryCoreMetadata {
  name: string;
  version: string;
  summary: string;
  license?: string;
  licenseExpression?: string;
  keywords: string;
  author?: string;
  authorEmail?: string;
  maintainer?: string;
  maintainerEmail?: string;
  requiresPython?: string;
  classifiers: string[];
  providesExtra: string[];
  requiresDist: string[];
  /** `Label, url` in poetry-core's order. */
  projectUrls: string[];
}

/**
 * Where the license files come from: PEP 639 globs, or poetry-core's defaults (plus the file a
 * `[project].license = { file }` table names, which poetry-core adds to them).
 */
export type PoetryLicenseFiles = { kind: 'globs'; globs: string[] } | { kind: 'defaults'; licenseFile?: string };

/** Reads a project file's text as poetry-core does (UTF-8, universal newlines); throws a located error when it cannot. */
export type ReadPoetryProjectText = (path: string, keyPath: string) => string;

/** The long description: readme files (joined with a newline), or inline text. */
export type PoetryReadme = { kind: 'files'; files: string[]; contentType: string; keyPath: string } | { kind: 'text'; text: string; contentType: string };

export interface PoetryBuildModel {
  filePath: string;
  /** Where the name is declared (`tool.poetry.name`, or `project.name` in a Poetry 2 file): errors about the default package point there. */
  nameKeyPath: string;
  metadata: PoetryCoreMetadata;
  readme?: PoetryReadme;
  licenseFiles: PoetryLicenseFiles;
  /** Group -> `name = reference` lines before poetry-core drops their spaces. */
  entryPoints: Record<string, string[]>;
  /** Explicit `packages`, or undefined for poetry-core's default discovery. */
  packages?: PoetryPackageEntry[];
  includes: PoetryIncludeEntry[];
  excludes: string[];
  /** The wheel tag: `py2.py3` when the Python constraint admits Python 2. */
  pythonTag: 'py3' | 'py2.py3';
}

export type PoetryBuildOutcome = { kind: 'native'; model: PoetryBuildModel } | { kind: 'unsupported'; reason: string };

const POETRY: KeyPath = ['tool', 'poetry'];
// poetry-core's AUTHOR_REGEX: a name, then optionally ` <email>`.
const AUTHOR_RE = /^(?<name>[^<>]+)(?: <(?<email>.+?)>)?$/u;
const PYPROJECT_DOCS = 'https://python-poetry.org/docs/pyproject/';

/** Reads the build model from `text` (the file at `filePath`). */
export function readPoetryBuildModel(text: string, filePath: string, readText: ReadPoetryProjectText): PoetryBuildOutcome {
  const doc = parseTomlTable(text);
  const poetry: Table = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : {};
  const unsupported = unsupportedPoetryFeature(doc, poetry);
  if (unsupported) return { kind: 'unsupported', reason: unsupported };
  const c = new Checker();
  const layout = readLayout(c, poetry);
  const core =
    doc.project === undefined
      ? readPoetry1(c, poetry)
      : readPoetry2(c, poetry, parsePyProject(text, filePath), readPoetryDynamicVersion(text, filePath), readText);
  if (c.problems.length > 0) throw locateProblems(c, text, filePath);
  if (core.kind === 'unsupported') return core;
  const nameKeyPath = doc.project === undefined ? 'tool.poetry.name' : 'project.name';
  return { kind: 'native', model: { filePath, nameKeyPath, ...core.value, ...layout } };
}

type Core = Omit<PoetryBuildModel, 'filePath' | 'nameKeyPath' | 'packages' | 'includes' | 'excludes'>;
type CoreOutcome = { kind: 'native'; value: Core } | { kind: 'unsupported'; reason: string };

function unsupportedPoetryFeature(doc: Table, poetry: Table): string | undefined {
  // `[tool.poetry.build] generate-setup-file = false` alone (Poetry 1.x projects write it to keep
  // setup.py out of the sdist) changes nothing: only a script, or a generated setup.py, does.
  const build = poetry.build;
  if (build !== undefined && (!isTable(build) || build.script !== undefined)) return '[tool.poetry.build] runs a build script, which only poetry-core runs';
  if (isTable(build) && build['generate-setup-file'] === true) return '[tool.poetry.build] generate-setup-file adds a setup.py only poetry-core writes';
  const scripts = isTable(poetry.scripts) ? Object.values(poetry.scripts) : [];
  if (scripts.some((s) => isTable(s) && s.type === 'file')) return '[tool.poetry.scripts] has a file script, which only poetry-core copies';
  if (scripts.some((s) => isTable(s) && s.type !== 'console'))
    return '[tool.poetry.scripts] has a table without type = "console", which poetry-core 2.x reads its own way';
  const project = isTable(doc.project) ? doc.project : undefined;
  // Beside static [project] requirements, [tool.poetry.dependencies] entries only inform locking
  // (source, develop, allow-prereleases): poetry-core's metadata takes [project] alone. Only when
  // [project] also lists its dependencies as dynamic does poetry-core merge the two tables.
  const dynamic = project && Array.isArray(project.dynamic) ? project.dynamic : [];
  const mixedDynamic = dynamic.includes('dependencies') || dynamic.includes('optional-dependencies');
  if (project && mixedDynamic && (project.dependencies !== undefined || project['optional-dependencies'] !== undefined) && isTable(poetry.dependencies)) {
    const extra = Object.keys(poetry.dependencies).find((k) => k.toLowerCase() !== 'python');
    if (extra !== undefined) return `[tool.poetry.dependencies] "${extra}" is merged into dynamic [project] dependencies, which poetry-core does its own way`;
  }
  return undefined;
}

// ---- Poetry 1.x: [tool.poetry] only -------------------------------------------------------------

function readPoetry1(c: Checker, poetry: Table): CoreOutcome {
  const str = (key: string) => (poetry[key] === undefined ? undefined : c.string([...POETRY, key], poetry[key]));
  const list = (key: string) => (poetry[key] === undefined ? [] : (c.stringArray([...POETRY, key], poetry[key]) ?? []));
  const name = str('name') ?? '';
  const version = normalizeVersion(str('version') ?? '') ?? '';
  const licenseText = str('license');
  const license = licenseText ? poetryLicense(licenseText) : undefined;
  if (licenseText && license === undefined)
    return { kind: 'unsupported', reason: `license "${licenseText}" may be an SPDX full name, which poetry-core maps to an identifier by its own table` };
  const authors = person(c, list('authors'), [...POETRY, 'authors']);
  const maintainers = person(c, list('maintainers'), [...POETRY, 'maintainers']);
  const extras = readExtras(c, poetry.extras);
  const deps = readPoetryDependencies(c, poetry.dependencies, extras);
  if (deps.unsupported) return { kind: 'unsupported', reason: deps.unsupported };
  if (deps.pythonSet.length > 1)
    return { kind: 'unsupported', reason: `python = "${deps.python}" is a union, whose Requires-Python poetry-core 2.x words its own way` };
  const urls = readPoetryUrls(c, poetry);
  const readmeValue = poetry.readme;
  const readmes = readmeValue === undefined ? [] : typeof readmeValue === 'string' ? [readmeValue] : (c.stringArray([...POETRY, 'readme'], readmeValue) ?? []);
  const files = readmes.filter((r) => r !== '');
  return {
    kind: 'native',
    value: {
      metadata: {
        name,
        version,
        summary: str('description') ?? '',
        ...(license ? { license: license.id } : {}),
        keywords: list('keywords').join(','),
        ...authors.first,
        ...renameMaintainer(maintainers.first),
        ...(deps.python !== undefined && deps.python !== '*' ? { requiresPython: renderRequiresPython(deps.pythonSet) } : {}),
        classifiers: poetryClassifiers(list('classifiers'), deps.python, license?.classifier),
        providesExtra: Object.keys(extras).map(normalizeName).sort(byCodePoint),
        requiresDist: deps.requiresDist.sort(byCodePoint),
        projectUrls: sortUrls(urls),
      },
      ...(files.length > 0 ? { readme: { kind: 'files', files, contentType: readmeContentType(files[0]), keyPath: 'tool.poetry.readme' } } : {}),
      licenseFiles: { kind: 'defaults' },
      entryPoints: readPoetryEntryPoints(c, poetry),
      pythonTag: admitsPython2(deps.python) ? 'py2.py3' : 'py3',
    },
  };
}

/** `homepage`, `repository`, `documentation`, then `[tool.poetry.urls]` (a label given twice keeps its first place). */
function readPoetryUrls(c: Checker, poetry: Table): Array<[string, string]> {
  const urls: Array<[string, string]> = [];
  for (const [key, label] of [
    ['homepage', 'Homepage'],
    ['repository', 'Repository'],
    ['documentation', 'Documentation'],
  ] as const) {
    const url = poetry[key] === undefined ? undefined : c.string([...POETRY, key], poetry[key]);
    if (url) urls.push([label, url]);
  }
  if (poetry.urls !== undefined) {
    for (const [label, url] of Object.entries(c.table([...POETRY, 'urls'], poetry.urls) ?? {})) {
      const text = c.string([...POETRY, 'urls', label], url);
      if (text !== undefined) setUrl(urls, label, text);
    }
  }
  return urls;
}

function readExtras(c: Checker, value: unknown): Record<string, string[]> {
  if (value === undefined) return {};
  const out: Record<string, string[]> = {};
  for (const [extra, names] of Object.entries(c.table([...POETRY, 'extras'], value, 'write [tool.poetry.extras] as fast = ["orjson"]') ?? {})) {
    const list = c.stringArray([...POETRY, 'extras', extra], names, `write ${extra} = ["dependency-name"]`);
    if (list) out[extra] = list;
  }
  return out;
}

interface PoetryDependencies {
  /** The `python` constraint as written, if any. */
  python?: string;
  pythonSet: VersionSet;
  requiresDist: string[];
  /** Why the backend must build instead, when an entry is beyond what is reproduced here. */
  unsupported?: string;
}

function readPoetryDependencies(c: Checker, value: unknown, extras: Record<string, string[]>): PoetryDependencies {
  const path: KeyPath = [...POETRY, 'dependencies'];
  const out: PoetryDependencies = { pythonSet: [], requiresDist: [] };
  if (value === undefined) return out;
  const table = c.table(path, value, `write it as a table of name = "constraint" entries (${POETRY_DEPENDENCY_DOCS})`) ?? {};
  for (const [name, entry] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') {
      const python = readPoetryPython(c, entry, [...path, name]);
      if (python) ({ text: out.python, set: out.pythonSet } = python);
      continue;
    }
    const pythonUnion = (Array.isArray(entry) ? entry : [entry]).some((e) => {
      const python = isTable(e) && typeof e.python === 'string' ? parsePoetryConstraint(e.python, { marker: true }) : undefined;
      return python?.ok === true && python.set.length > 1;
    });
    if (pythonUnion) out.unsupported ??= `dependency "${name}" has a python union, whose marker poetry-core 2.x simplifies its own way`;
    const parsed = parsePoetryDependency(name, entry, [...path, name], extras);
    for (const p of parsed.problems) c.report(p.keyPath, p.code, p.message, p.hint);
    for (const req of parsed.requirements) {
      if (req.source.kind === 'path' || req.source.kind === 'file') {
        c.report(
          req.keyPath,
          'POETRY_PATH_DEPENDENCY',
          `"${name}" is a path dependency on a folder that is not a project of this workspace, which a built wheel cannot require`,
          'make the folder an Nx project (a pyproject.toml with name and version) or depend on a published version',
        );
        continue;
      }
      const line = renderRequiresDist(req);
      if (line !== undefined) out.requiresDist.push(line);
    }
  }
  return out;
}

/** Only `python` of `[tool.poetry.dependencies]`: beside [project] requirements the other entries are for locking. */
function readPythonOnly(c: Checker, value: unknown): PoetryDependencies {
  const table = c.table([...POETRY, 'dependencies'], value, `write it as a table of name = "constraint" entries (${POETRY_DEPENDENCY_DOCS})`) ?? {};
  const key = Object.keys(table).find((k) => k.toLowerCase() === 'python');
  const python = key === undefined ? undefined : readPoetryPython(c, table[key], [...POETRY, 'dependencies', key]);
  return { ...(python ? { python: python.text } : {}), pythonSet: python?.set ?? [], requiresDist: [] };
}

function readPoetryEntryPoints(c: Checker, poetry: Table): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  if (poetry.scripts !== undefined) {
    const scripts: string[] = [];
    for (const [name, spec] of Object.entries(c.table([...POETRY, 'scripts'], poetry.scripts) ?? {})) {
      const at: KeyPath = [...POETRY, 'scripts', name];
      const reference =
        typeof spec === 'string' ? spec : isTable(spec) ? c.string([...at, 'reference'], spec.reference, 'write reference = "pkg.cli:main"') : undefined;
      if (typeof spec !== 'string' && !isTable(spec)) c.report(at, 'POETRY_INVALID_SCRIPT', `script "${name}" must be a string`, 'write name = "pkg.cli:main"');
      if (reference) scripts.push(`${name} = ${reference}`);
    }
    if (scripts.length > 0) out.console_scripts = scripts;
  }
  if (poetry.plugins !== undefined) {
    for (const [group, entries] of Object.entries(c.table([...POETRY, 'plugins'], poetry.plugins) ?? {})) {
      const lines: string[] = [];
      for (const [name, ref] of Object.entries(c.table([...POETRY, 'plugins', group], entries) ?? {})) {
        const text = c.string([...POETRY, 'plugins', group, name], ref, 'write name = "module:object"');
        if (text !== undefined) lines.push(`${name} = ${text}`);
      }
      out[group] = lines;
    }
  }
  return out;
}

// ---- Poetry 2: [project] plus [tool.poetry] ------------------------------------------------------

function readPoetry2(
  c: Checker,
  poetry: Table,
  project: PyProject,
  poetryVersion: PoetryDynamicVersion | undefined,
  readText: ReadPoetryProjectText,
): CoreOutcome {
  const unsupported = (reason: string): CoreOutcome => ({ kind: 'unsupported', reason });
  const dynamic = new Set(project.dynamic);
  // poetry-core 2.x takes these from [tool.poetry] when [project] leaves them dynamic; the rest must be static.
  const fromPoetry = ['dependencies', 'optional-dependencies', 'requires-python', 'classifiers', 'readme', 'scripts', 'entry-points', 'urls'];
  // The version too, unless a VCS plugin computes it (readPoetryDynamicVersion says which).
  if (poetryVersion) fromPoetry.push('version');
  const other = [...dynamic].find((d) => !fromPoetry.includes(d));
  if (other === 'version') return unsupported('[project].dynamic lists version and poetry-dynamic-versioning computes it from VCS tags');
  if (other !== undefined) return unsupported(`[project].dynamic lists ${other}, which only poetry-core (or its plugins) fills in`);
  let license: string | undefined;
  let licenseExpression: string | undefined;
  let licenseClassifier: string | undefined;
  if (project.license?.kind === 'expression') {
    if (!isCanonicalLicenseExpression(project.license.expression))
      return unsupported(`license "${project.license.expression}" is not in the canonical SPDX spelling poetry-core rewrites it to`);
    licenseExpression = project.license.expression;
  } else {
    // [project].license = { text } or { file } (the file's whole text, PEP 639's deprecated table:
    // poetry-core writes it as the License field), else (as poetry-core 2.x falls back) [tool.poetry].license.
    let text: string | undefined;
    if (project.license?.kind === 'text') text = project.license.text;
    // (parsePyProject refuses the table beside license-files, as PEP 639 and poetry-core do.)
    else if (project.license?.kind === 'file') text = readText(project.license.file, 'project.license.file');
    else if (project.license === undefined && typeof poetry.license === 'string') text = poetry.license;
    const known = text ? poetryLicense(text) : undefined;
    if (text && !known) return unsupported(`license "${text}" may be an SPDX full name, which poetry-core maps to an identifier by its own table`);
    if (known) ({ id: license, classifier: licenseClassifier } = known);
  }
  // poetry-core 2.x takes these from [tool.poetry] when [project] leaves them out.
  const poetryList = (key: string) => (poetry[key] === undefined ? [] : (c.stringArray([...POETRY, key], poetry[key]) ?? []));
  const participants = (people: PyProject['authors']) => people.map((p) => (p.name && p.email ? `${p.name} <${p.email}>` : (p.name ?? p.email ?? '')));
  const authors =
    project.authors.length > 0 ? person(c, participants(project.authors), ['project', 'authors']) : person(c, poetryList('authors'), [...POETRY, 'authors']);
  const maintainers =
    project.maintainers.length > 0
      ? person(c, participants(project.maintainers), ['project', 'maintainers'])
      : person(c, poetryList('maintainers'), [...POETRY, 'maintainers']);
  const description = project.description || (typeof poetry.description === 'string' ? poetry.description : '');
  const keywords = project.keywords.length > 0 ? project.keywords : poetryList('keywords');

  // Dependencies: [project] when it has them, else [tool.poetry.dependencies] (dynamic).
  let requiresDist: string[] = [];
  let providesExtra: string[] = [];
  let python: string | undefined = project.requiresPython;
  const hasProjectDependencies = project.dependencies.length > 0 || Object.keys(project.optionalDependencies).length > 0;
  const poetryDeps =
    poetry.dependencies === undefined
      ? undefined
      : hasProjectDependencies
        ? readPythonOnly(c, poetry.dependencies)
        : readPoetryDependencies(c, poetry.dependencies, readExtras(c, poetry.extras));
  if (hasProjectDependencies) {
    const rendered = renderProjectDependencies(project);
    if (rendered.kind === 'unsupported') return rendered;
    requiresDist = rendered.lines;
    providesExtra = Object.keys(project.optionalDependencies).map(normalizeName);
  } else if (poetryDeps) {
    if (poetryDeps.unsupported) return unsupported(poetryDeps.unsupported);
    requiresDist = poetryDeps.requiresDist;
    providesExtra = Object.keys(readExtras(c, poetry.extras)).map(normalizeName);
  }
  if (project.requiresPython === undefined && (poetryDeps?.pythonSet.length ?? 0) > 1)
    return unsupported(`python = "${poetryDeps?.python}" is a union, whose Requires-Python poetry-core 2.x words its own way`);
  // A [tool.poetry.dependencies] python narrows the Pythons (classifiers, wheel tag), never Requires-Python.
  if (poetryDeps?.python !== undefined) python = poetryDeps.python;
  const requiresPython =
    project.requiresPython ?? (poetryDeps?.python !== undefined && poetryDeps.python !== '*' ? renderRequiresPython(poetryDeps.pythonSet) : undefined);

  const staticClassifiers = project.classifiers.length > 0;
  const classifiers = staticClassifiers
    ? project.classifiers
    : poetryClassifiers(
        poetry.classifiers === undefined ? [] : (c.stringArray([...POETRY, 'classifiers'], poetry.classifiers) ?? []),
        python,
        licenseClassifier,
      );

  const urls: Array<[string, string]> = project.urls.length > 0 ? [] : readPoetryUrls(c, poetry);
  for (const [label, url] of project.urls) {
    const known = ({ homepage: 'Homepage', repository: 'Repository', documentation: 'Documentation' } as Record<string, string>)[label.toLowerCase()];
    setUrl(urls, known ?? label, url);
  }
  const ordered = [...urls.filter(([l]) => l === 'Homepage'), ...urls.filter(([l]) => l === 'Repository'), ...urls.filter(([l]) => l === 'Documentation')];
  const custom = urls.filter(([l]) => !['Homepage', 'Repository', 'Documentation'].includes(l));

  let readme: PoetryReadme | undefined;
  if (project.readme?.file !== undefined)
    readme = { kind: 'files', files: [project.readme.file], contentType: project.readme.contentType, keyPath: 'project.readme' };
  else if (project.readme?.text !== undefined) readme = { kind: 'text', text: project.readme.text, contentType: project.readme.contentType };
  else if (typeof poetry.readme === 'string' || Array.isArray(poetry.readme)) {
    const files = (typeof poetry.readme === 'string' ? [poetry.readme] : (c.stringArray([...POETRY, 'readme'], poetry.readme) ?? [])).filter((r) => r !== '');
    if (files.length > 0) readme = { kind: 'files', files, contentType: readmeContentType(files[0]), keyPath: 'tool.poetry.readme' };
  }

  const entryPoints: Record<string, string[]> = {};
  const scripts = Object.entries(project.scripts);
  if (scripts.length > 0) entryPoints.console_scripts = scripts.map(([n, r]) => `${n} = ${r}`);
  else Object.assign(entryPoints, pick(readPoetryEntryPoints(c, poetry), 'console_scripts'));
  if (Object.keys(project.guiScripts).length > 0) entryPoints.gui_scripts = Object.entries(project.guiScripts).map(([n, r]) => `${n} = ${r}`);
  const groups = Object.entries(project.entryPoints);
  if (groups.length > 0) for (const [group, entries] of groups) entryPoints[group] = Object.entries(entries).map(([n, r]) => `${n} = ${r}`);
  else Object.assign(entryPoints, omit(readPoetryEntryPoints(c, poetry), 'console_scripts'));

  return {
    kind: 'native',
    value: {
      metadata: {
        name: project.name,
        version: project.version ?? poetryVersion?.version ?? '',
        summary: description,
        ...(license !== undefined ? { license } : {}),
        ...(licenseExpression !== undefined ? { licenseExpression } : {}),
        keywords: keywords.join(','),
        ...authors.first,
        ...renameMaintainer(maintainers.first),
        ...(requiresPython ? { requiresPython } : {}),
        classifiers,
        providesExtra: providesExtra.sort(byCodePoint),
        requiresDist: requiresDist.sort(byCodePoint),
        projectUrls: sortUrls([...ordered, ...custom]),
      },
      ...(readme ? { readme } : {}),
      licenseFiles:
        project.licenseFiles !== undefined
          ? { kind: 'globs', globs: project.licenseFiles }
          : { kind: 'defaults', ...(project.license?.kind === 'file' ? { licenseFile: project.license.file } : {}) },
      entryPoints,
      pythonTag: admitsPython2(python) ? 'py2.py3' : 'py3',
    },
  };
}

/** `[project]` requirements in poetry-core's spelling (`Dependency.create_from_pep_508(...).to_pep_508()`). */
function renderProjectDependencies(project: PyProject): { kind: 'native'; lines: string[] } | { kind: 'unsupported'; reason: string } {
  const lines: string[] = [];
  const entries: Array<[Requirement, string | undefined]> = [
    ...project.dependencies.map((r): [Requirement, undefined] => [r, undefined]),
    ...Object.entries(project.optionalDependencies).flatMap(([extra, reqs]) => reqs.map((r): [Requirement, string] => [r, normalizeName(extra)])),
  ];
  for (const [req, extra] of entries) {
    if (req.url !== undefined) return { kind: 'unsupported', reason: `"${req.raw}" is a direct reference, which poetry-core rewrites its own way` };
    // poetry-core parses the specifier into its constraint object and writes that object's spelling.
    const parsed = req.specifier ? parsePoetryConstraint(req.specifier) : undefined;
    const translated = parsed?.ok ? translatePoetryConstraint(renderConstraintSet(parsed.set)) : parsed;
    if (translated && (!translated.ok || !translated.pep440))
      return { kind: 'unsupported', reason: `"${req.raw}" has a specifier poetry-core rewrites its own way` };
    const marker = req.marker ? normalizeMarker(req.marker) : undefined;
    if (marker && !marker.ok) return { kind: 'unsupported', reason: `"${req.raw}" has a marker poetry-core rewrites its own way` };
    if (marker?.ok && marker.mentionsExtra) return { kind: 'unsupported', reason: `"${req.raw}" has an extra marker, which poetry-core merges its own way` };
    const poetryReq: PoetryRequirement = {
      name: req.name,
      extras: [...new Set(req.extras.map(normalizeName))].sort(byCodePoint),
      source: { kind: 'registry', specifier: translated?.ok ? translated.specifier : '', allowPrereleases: false },
      marker: marker?.ok ? marker.marker : '',
      optional: extra !== undefined,
      inExtras: extra === undefined ? [] : [extra],
      keyPath: ['project', 'dependencies'],
    };
    const line = renderRequiresDist(poetryReq);
    if (line !== undefined) lines.push(line);
  }
  return { kind: 'native', lines };
}

// ---- Shared --------------------------------------------------------------------------------------

/** The first author (or maintainer) split as poetry-core splits it; a string it cannot split is its error. */
function person(c: Checker, entries: string[], at: KeyPath): { first: { author?: string; authorEmail?: string } } {
  if (entries.length === 0) return { first: {} };
  const text = entries[0].normalize('NFC');
  const m = AUTHOR_RE.exec(text);
  if (!m?.groups) {
    c.report(
      [...at, 0],
      'POETRY_INVALID_AUTHOR',
      `"${text}" is not "Name <email>"`,
      `write it as "Ada Lovelace <ada@example.com>" (${PYPROJECT_DOCS}#authors)`,
    );
    return { first: {} };
  }
  return { first: { author: m.groups.name, ...(m.groups.email !== undefined ? { authorEmail: m.groups.email } : {}) } };
}

function renameMaintainer(p: { author?: string; authorEmail?: string }): { maintainer?: string; maintainerEmail?: string } {
  return { ...(p.author !== undefined ? { maintainer: p.author } : {}), ...(p.authorEmail !== undefined ? { maintainerEmail: p.authorEmail } : {}) };
}

function setUrl(urls: Array<[string, string]>, label: string, url: string): void {
  const at = urls.findIndex(([l]) => l === label);
  if (at >= 0) urls[at] = [label, url];
  else urls.push([label, url]);
}

/** poetry-core sorts `Label, url` lines by their first character only (a stable sort), so equal initials keep their order. */
function sortUrls(urls: Array<[string, string]>): string[] {
  return urls.map(([label, url]) => `${label}, ${url}`).sort((a, b) => byCodePoint(a.slice(0, 1), b.slice(0, 1)));
}

function readmeContentType(path: string): string {
  const suffix = /\.[^./]*$/.exec(path)?.[0] ?? '';
  return suffix === '.rst' ? 'text/x-rst' : suffix === '.md' || suffix === '.markdown' ? 'text/markdown' : 'text/plain';
}

/** poetry-core tags a wheel `py2.py3` when its Pythons (`~2.7 || >=3.4` when undeclared) admit any 2.x. */
function admitsPython2(python: string | undefined): boolean {
  if (python === undefined || python === '*') return true;
  const parsed = parsePoetryConstraint(python, { marker: true });
  if (!parsed.ok) return false;
  return parsed.set.some((r) => r.min === undefined || r.min.release[0] < 3n);
}

function pick<T>(record: Record<string, T>, key: string): Record<string, T> {
  return key in record ? { [key]: record[key] } : {};
}

function omit<T>(record: Record<string, T>, key: string): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key));
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---- [tool.poetry] packages / include / exclude -------------------------------------------------

function readLayout(c: Checker, poetry: Table): Pick<PoetryBuildModel, 'packages' | 'includes' | 'excludes'> {
  const formats = (value: unknown, at: KeyPath, fallback: PoetryFormat[]): PoetryFormat[] => {
    if (value === undefined) return fallback;
    const list = typeof value === 'string' ? [value] : c.stringArray(at, value, 'write format = ["sdist", "wheel"]');
    const bad = (list ?? []).find((f) => f !== 'sdist' && f !== 'wheel');
    if (bad !== undefined)
      c.report(at, 'POETRY_INVALID_FORMAT', `format "${bad}" is neither sdist nor wheel`, 'write format = "sdist", "wheel" or ["sdist", "wheel"]');
    return (list ?? []).filter((f): f is PoetryFormat => f === 'sdist' || f === 'wheel');
  };
  let packages: PoetryPackageEntry[] | undefined;
  if (poetry.packages !== undefined) {
    packages = [];
    (c.array([...POETRY, 'packages'], poetry.packages, 'write packages = [{ include = "my_pkg" }]') ?? []).forEach((entry, i) => {
      const at: KeyPath = [...POETRY, 'packages', i];
      const table = c.table(at, entry, 'write { include = "my_pkg", from = "src" }');
      if (!table) return;
      for (const key of Object.keys(table))
        if (!['include', 'from', 'to', 'format'].includes(key))
          c.report([...at, key], 'POETRY_INVALID_PACKAGES', `unknown key "${key}"`, 'use include, from, to and format', 'key');
      if (table.include === undefined) c.report(at, 'POETRY_INVALID_PACKAGES', 'the entry has no include', 'write { include = "my_pkg" }');
      const include = table.include === undefined ? undefined : c.string([...at, 'include'], table.include, 'write include = "my_pkg"');
      const from = table.from === undefined ? undefined : c.string([...at, 'from'], table.from);
      const to = table.to === undefined ? undefined : c.string([...at, 'to'], table.to);
      if (include !== undefined)
        packages?.push({
          include,
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
          formats: formats(table.format, [...at, 'format'], ['sdist', 'wheel']),
          keyPath: at,
        });
    });
  }
  const includes: PoetryIncludeEntry[] = [];
  if (poetry.include !== undefined) {
    (c.array([...POETRY, 'include'], poetry.include, 'write include = ["CHANGELOG.md", { path = "data/*.json", format = "wheel" }]') ?? []).forEach(
      (entry, i) => {
        const at: KeyPath = [...POETRY, 'include', i];
        if (typeof entry === 'string') return void includes.push({ path: entry, formats: ['sdist'] });
        const table = c.table(at, entry, 'write "path" or { path = "path", format = "wheel" }');
        const path = table ? c.string([...at, 'path'], table.path, 'write path = "data/*.json"') : undefined;
        if (table && path !== undefined) includes.push({ path, formats: formats(table.format, [...at, 'format'], ['sdist']) });
      },
    );
  }
  const excludes = poetry.exclude === undefined ? [] : (c.stringArray([...POETRY, 'exclude'], poetry.exclude, 'write exclude = ["my_pkg/secret.py"]') ?? []);
  return { ...(packages ? { packages } : {}), includes, excludes };
}
