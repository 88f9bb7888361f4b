/**
 * A Poetry 1.x project (`[tool.poetry]` without `[project]`) as the editable install needs it
 * (issue 13): the project model its wheel's METADATA and entry_points.txt are rendered from, and
 * where its packages are imported from. What `poetry install` installs for the package itself:
 * name, version, description, Requires-Python from the `python` dependency, Requires-Dist from
 * the main dependencies (poetry-core's translation; groups and `dev-dependencies` never),
 * extras from `[tool.poetry.extras]`, console scripts from `[tool.poetry.scripts]` and entry
 * points from `[tool.poetry.plugins]`. Problems are thrown located (file, key, line:col, fix).
 */
import type { EditableLayout } from '../dist/editable-wheel';
import type { ProjectTree } from '../dist/project-tree';
import { normalizeName } from '../names';
import { parseRequirement } from '../pep508/requirement';
import { Checker, isTable, type Table } from '../pyproject/checker';
import type { KeyPath } from '../pyproject/key-path';
import type { PyProject, Requirement } from '../pyproject/model';
import { locateProblems, parseTomlTable } from '../pyproject/toml-document';
import { parsePoetryDependency, POETRY_DEPENDENCY_DOCS, renderRequiresDist, type PoetryRequirement } from './dependency';
import type { PoetryPackage } from './poetry-package';
import { checkDependencyName } from './poetry-graph';
import { readPoetryEditableLayout } from './poetry-packages';
import { readPoetryPython, renderRequiresPython } from './python-constraint';

export interface PoetryEditableProject {
  project: PyProject;
  layout: EditableLayout;
}

/** What a path or file dependency stands for: a bare name or range (a workspace project), or a `file://` URL. */
export type PathReference = (req: PoetryRequirement & { source: { kind: 'path' | 'file' } }) => { specifier: string } | { url: string };

const POETRY: KeyPath = ['tool', 'poetry'];
const SCRIPTS_DOCS = 'https://python-poetry.org/docs/pyproject/#scripts';

/**
 * Reads the project `pkg` (from readPoetryPackage) declares in `text`. `tree` holds the project's
 * files; `pathReference` decides what a path dependency is written as.
 */
export function readPoetryEditableProject(text: string, pkg: PoetryPackage, tree: ProjectTree, pathReference: PathReference): PoetryEditableProject {
  const doc = parseTomlTable(text);
  const poetry = (doc.tool as Table).poetry as Table;
  const c = new Checker();
  const layout = readPoetryEditableLayout(c, poetry, pkg.name, tree);
  const extras = readExtras(c, poetry.extras);
  const deps = readMainDependencies(c, poetry.dependencies, extras, pathReference);
  const scripts = readScripts(c, poetry.scripts);
  const entryPoints = readPlugins(c, poetry.plugins);
  const description = poetry.description === undefined ? undefined : c.string([...POETRY, 'description'], poetry.description);
  if (c.problems.length > 0 || layout === undefined) throw locateProblems(c, text, pkg.filePath);
  const project: PyProject = {
    filePath: pkg.filePath,
    name: pkg.name,
    normalizedName: pkg.normalizedName,
    version: pkg.version,
    rawVersion: pkg.rawVersion,
    ...(description ? { description } : {}),
    ...(deps.requiresPython ? { requiresPython: deps.requiresPython } : {}),
    authors: [],
    maintainers: [],
    keywords: [],
    classifiers: [],
    urls: [],
    scripts,
    guiScripts: {},
    entryPoints,
    dependencies: deps.required,
    optionalDependencies: deps.optional,
    dynamic: [],
    tool: isTable(doc.tool) ? doc.tool : {},
  };
  return { project, layout };
}

/** `[tool.poetry.extras]`: extra -> the dependency names it turns on. */
function readExtras(c: Checker, value: unknown): Record<string, string[]> {
  if (value === undefined) return {};
  const table = c.table([...POETRY, 'extras'], value, 'write [tool.poetry.extras] as fast = ["orjson"]') ?? {};
  const out: Record<string, string[]> = {};
  for (const [extra, names] of Object.entries(table)) {
    const list = c.stringArray([...POETRY, 'extras', extra], names, `write ${extra} = ["dependency-name"]`);
    if (list) out[extra] = list;
  }
  return out;
}

interface MainDependencies {
  requiresPython?: string;
  required: Requirement[];
  /** Keyed by every `[tool.poetry.extras]` name, normalized. */
  optional: Record<string, Requirement[]>;
}

/**
 * `[tool.poetry.dependencies]`: `python` gives Requires-Python; every other entry the lines
 * poetry-core writes (renderRequiresDist). An optional entry goes under each extra that lists it
 * (METADATA then gates it with `extra == "<name>"`); one no extra lists is not written, as poetry-core does.
 */
function readMainDependencies(c: Checker, value: unknown, extras: Record<string, string[]>, pathReference: PathReference): MainDependencies {
  const path: KeyPath = [...POETRY, 'dependencies'];
  const out: MainDependencies = { required: [], optional: Object.fromEntries(Object.keys(extras).map((e) => [normalizeName(e), []])) };
  if (value === undefined) return out;
  const table = c.table(path, value, `write it as a table of name = "constraint" entries (${POETRY_DEPENDENCY_DOCS})`) ?? {};
  for (const [name, entry] of Object.entries(table)) {
    if (name.toLowerCase() === 'python') {
      out.requiresPython = readRequiresPython(c, entry, [...path, name]);
      continue;
    }
    if (!checkDependencyName(c, path, name)) continue;
    const parsed = parsePoetryDependency(name, entry, [...path, name], extras);
    for (const p of parsed.problems) c.report(p.keyPath, p.code, p.message, p.hint);
    for (const req of parsed.requirements) {
      if (req.optional && req.inExtras.length === 0) continue;
      const base = { ...req, optional: false, inExtras: [] };
      const reference = req.source.kind === 'path' || req.source.kind === 'file' ? pathReference(req as Parameters<PathReference>[0]) : undefined;
      const requirement = toRequirement(c, renderRequiresDist(base, reference) as string, req.keyPath);
      if (requirement === undefined) continue;
      if (!req.optional) out.required.push(requirement);
      for (const extra of req.inExtras) out.optional[extra].push(requirement);
    }
  }
  return out;
}

/** The poetry-core line as a parsed PEP 508 requirement (METADATA renders it in PEP 508's own spelling). */
function toRequirement(c: Checker, line: string, at: KeyPath): Requirement | undefined {
  try {
    return parseRequirement(line);
  } catch (err) {
    c.report(
      at,
      'POETRY_INVALID_DEPENDENCY',
      `the dependency translates to "${line}", which is not a valid PEP 508 requirement: ${(err as Error).message}`,
      `fix the entry (${POETRY_DEPENDENCY_DOCS})`,
    );
    return undefined;
  }
}

function readRequiresPython(c: Checker, value: unknown, at: KeyPath): string | undefined {
  const python = readPoetryPython(c, value, at);
  return python && (renderRequiresPython(python.set) || undefined);
}

/** `[tool.poetry.scripts]`: `name = "module:func"` or `{ callable = "module:func", extras = [...] }`; file scripts are refused. */
function readScripts(c: Checker, value: unknown): Record<string, string> {
  const path: KeyPath = [...POETRY, 'scripts'];
  if (value === undefined) return {};
  const table = c.table(path, value, `write [tool.poetry.scripts] as my-cli = "my_pkg.cli:main" (${SCRIPTS_DOCS})`) ?? {};
  const out: Record<string, string> = {};
  for (const [name, entry] of Object.entries(table)) {
    const at = [...path, name];
    if (typeof entry === 'string') {
      if (checkObjectReference(c, entry, at)) out[name] = entry;
      continue;
    }
    const script = c.table(at, entry, `write ${name} = "my_pkg.cli:main" (${SCRIPTS_DOCS})`);
    if (!script) continue;
    if (script.type === 'file' || script.reference !== undefined) {
      c.report(
        at,
        'INSTALL_EDITABLE_UNSUPPORTED',
        `script "${name}" is a file script, which nx-pypi's editable install does not copy into the venv`,
        `make it a console script: ${name} = "my_pkg.cli:main", or install the built wheel`,
      );
      continue;
    }
    for (const key of Object.keys(script)) {
      if (key !== 'callable' && key !== 'extras')
        c.report([...at, key], 'POETRY_INVALID_SCRIPT', `unknown key "${key}" in script "${name}"`, `use callable and extras (${SCRIPTS_DOCS})`, 'key');
    }
    const callable = script.callable === undefined ? undefined : c.string([...at, 'callable'], script.callable, 'write callable = "my_pkg.cli:main"');
    if (script.callable === undefined)
      c.report(at, 'POETRY_INVALID_SCRIPT', `script "${name}" has no callable`, `write ${name} = { callable = "my_pkg.cli:main" }`);
    const scriptExtras = script.extras === undefined ? [] : c.stringArray([...at, 'extras'], script.extras, 'write extras = ["cli"]');
    if (callable !== undefined && scriptExtras !== undefined && checkObjectReference(c, callable, [...at, 'callable'])) {
      out[name] = scriptExtras.length > 0 ? `${callable} [${scriptExtras.join(', ')}]` : callable;
    }
  }
  return out;
}

/** `[tool.poetry.plugins."<group>"]`: `name = "module:object"`, written to entry_points.txt as they are. */
function readPlugins(c: Checker, value: unknown): Record<string, Record<string, string>> {
  const path: KeyPath = [...POETRY, 'plugins'];
  if (value === undefined) return {};
  const groups = c.table(path, value, 'write each group as [tool.poetry.plugins."my.group"] with name = "module:object"') ?? {};
  const out: Record<string, Record<string, string>> = {};
  for (const [group, entries] of Object.entries(groups)) {
    const table = c.table([...path, group], entries, `write [tool.poetry.plugins."${group}"] with name = "module:object"`) ?? {};
    out[group] = {};
    for (const [name, ref] of Object.entries(table)) {
      const s = c.string([...path, group, name], ref, 'write name = "module:object"');
      if (s !== undefined && checkObjectReference(c, s, [...path, group, name])) out[group][name] = s;
    }
  }
  return out;
}

/** `module.sub:attr.attr`: what an entry point names (the entry points spec). */
function checkObjectReference(c: Checker, ref: string, at: KeyPath): boolean {
  const identifier = '[A-Za-z_][A-Za-z0-9_]*';
  if (new RegExp(`^${identifier}(\\.${identifier})*(:${identifier}(\\.${identifier})*)?$`).test(ref.trim())) return true;
  c.report(at, 'POETRY_INVALID_SCRIPT', `"${ref}" is not an object reference`, 'write "my_pkg.cli:main" (module, a colon, then the function)');
  return false;
}
