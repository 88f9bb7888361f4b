/**
 * One `[tool.poetry.dependencies]` (or group) entry -> the Requires-Dist lines poetry-core writes
 * (`Dependency.to_pep_508`, `Factory.create_dependency`): `name[extras] (specifier) ; marker`.
 * Problems are returned as data with the TOML key path and a fix; nothing here throws.
 *
 * Path dependencies are parsed but not rendered on their own: `poetry build` writes
 * `name @ file:///abs/path`, which no other machine can install, so the caller chooses what to
 * write (a version range of the workspace project, or the file URL it resolved on disk).
 */
import { normalizeName } from '../names';
import type { KeyPath } from '../pyproject/key-path';
import { translatePoetryConstraint } from './constraint';
import { combineMarkers } from './dependency-markers';

export type PoetryDependencySource =
  | { kind: 'registry'; specifier: string; allowPrereleases: boolean; source?: string }
  | { kind: 'path'; path: string; develop: boolean }
  | { kind: 'file'; path: string }
  | { kind: 'git'; url: string; ref?: string; subdirectory?: string }
  | { kind: 'url'; url: string; subdirectory?: string };

/** One requirement poetry-core derives from a dependency entry (a list entry gives several). */
export interface PoetryRequirement {
  /** As written (poetry-core keeps the spelling: `Foo_Bar`). */
  name: string;
  /** Sorted, PEP 503-normalized. */
  extras: string[];
  source: PoetryDependencySource;
  /** `markers`, `python` and `platform` combined as poetry-core does; `''` when none. */
  marker: string;
  optional: boolean;
  /** Normalized names of the `[tool.poetry.extras]` that list this (optional) dependency. */
  inExtras: string[];
  keyPath: KeyPath;
}

export interface PoetryDependencyProblem {
  code: 'POETRY_INVALID_DEPENDENCY' | 'POETRY_INVALID_CONSTRAINT' | 'POETRY_INVALID_MARKER' | 'POETRY_CONSTRAINT_NOT_PEP508';
  keyPath: KeyPath;
  message: string;
  hint: string;
}

export interface ParsedPoetryDependency {
  requirements: PoetryRequirement[];
  problems: PoetryDependencyProblem[];
}

export type Report = (code: PoetryDependencyProblem['code'], message: string, hint: string, at?: KeyPath) => void;

const TABLE_KEYS = new Set([
  'version',
  'markers',
  'python',
  'platform',
  'extras',
  'optional',
  'path',
  'develop',
  'file',
  'git',
  'branch',
  'tag',
  'rev',
  'subdirectory',
  'url',
  'source',
  'allow-prereleases',
  'allows-prereleases',
]);
export const POETRY_DEPENDENCY_DOCS = 'https://python-poetry.org/docs/dependency-specification/';

/**
 * Parses the entry `name = value` found at `keyPath` (e.g. `['tool','poetry','dependencies','requests']`).
 * `extras` is `[tool.poetry.extras]` (extra name -> dependency names), which gates optional entries.
 */
export function parsePoetryDependency(
  name: string,
  value: unknown,
  keyPath: KeyPath,
  extras: Readonly<Record<string, readonly string[]>> = {},
): ParsedPoetryDependency {
  const inExtras = Object.entries(extras)
    .filter(([, names]) => names.some((n) => normalizeName(n) === normalizeName(name)))
    .map(([extra]) => normalizeName(extra));
  const out: ParsedPoetryDependency = { requirements: [], problems: [] };
  const entries = Array.isArray(value) ? value.map((v, i) => [v, [...keyPath, i]] as const) : [[value, keyPath] as const];
  for (const [entry, path] of entries) parseEntry(name, entry, path, inExtras, out);
  return out;
}

function parseEntry(name: string, value: unknown, keyPath: KeyPath, inExtras: string[], out: ParsedPoetryDependency): void {
  const before = out.problems.length;
  const problem: Report = (code, message, hint, at = keyPath) => out.problems.push({ code, keyPath: at, message, hint });
  const table = typeof value === 'string' ? { version: value } : isTable(value) ? value : undefined;
  if (!table) {
    problem(
      'POETRY_INVALID_DEPENDENCY',
      `dependency "${name}" must be a version string or a table`,
      `write ${name} = "^1.2" or ${name} = { version = "^1.2", ... } (${POETRY_DEPENDENCY_DOCS})`,
    );
    return;
  }
  const at = (key: string): KeyPath => (typeof value === 'string' ? keyPath : [...keyPath, key]);
  for (const key of Object.keys(table)) {
    if (!TABLE_KEYS.has(key))
      problem(
        'POETRY_INVALID_DEPENDENCY',
        `unknown key "${key}" in dependency "${name}"`,
        `use only ${[...TABLE_KEYS].join(', ')} (${POETRY_DEPENDENCY_DOCS})`,
        at(key),
      );
  }
  const str = (key: string): string | undefined => {
    const v = table[key];
    if (v === undefined || typeof v === 'string') return v;
    problem('POETRY_INVALID_DEPENDENCY', `"${key}" of dependency "${name}" must be a string`, `write ${key} = "..."`, at(key));
    return undefined;
  };
  const bool = (key: string): boolean => {
    const v = table[key];
    if (v === undefined || typeof v === 'boolean') return v === true;
    problem('POETRY_INVALID_DEPENDENCY', `"${key}" of dependency "${name}" must be true or false`, `write ${key} = true`, at(key));
    return false;
  };
  const extras = parseExtras(name, table.extras, at('extras'), problem);
  const source = parseSource(name, table, at, str, bool, problem);
  const marker = combineMarkers(name, { markers: str('markers'), python: str('python'), platform: str('platform') }, at, problem);
  const optional = bool('optional');
  if (!source || marker === undefined || out.problems.length > before) return;
  out.requirements.push({ name, extras, source, marker, optional, inExtras: optional ? inExtras : [], keyPath });
}

function parseExtras(name: string, value: unknown, keyPath: KeyPath, problem: Report): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value) && value.every((e) => typeof e === 'string')) return [...new Set(value.map(normalizeName))].sort();
  problem('POETRY_INVALID_DEPENDENCY', `"extras" of dependency "${name}" must be a list of strings`, 'write extras = ["socks", "security"]', keyPath);
  return [];
}

function parseSource(
  name: string,
  table: Record<string, unknown>,
  at: (key: string) => KeyPath,
  str: (key: string) => string | undefined,
  bool: (key: string) => boolean,
  problem: Report,
): PoetryDependencySource | undefined {
  // poetry-core looks for git, file, path, url, then version (default `*`), and ignores the others.
  const kind = ['git', 'file', 'path', 'url', 'version'].find((k) => table[k] !== undefined);
  const subdirectory = str('subdirectory');
  const sub = subdirectory ? { subdirectory } : {};
  switch (kind) {
    case 'git': {
      const url = str('git');
      const ref = str('rev') ?? str('tag') ?? str('branch');
      return url === undefined ? undefined : { kind, url, ...(ref ? { ref } : {}), ...sub };
    }
    case 'file':
    case 'path': {
      const path = str(kind);
      if (path === undefined) return undefined;
      return kind === 'file' ? { kind, path } : { kind, path, develop: bool('develop') };
    }
    case 'url': {
      const url = str('url');
      return url === undefined ? undefined : { kind, url, ...sub };
    }
  }
  // A table with none of them (`{ source = "private" }`, Poetry's dependency-options) is any
  // version: poetry-core reads `constraint.get("version", "*")`.
  const text = table.version === undefined ? '*' : str('version');
  if (text === undefined) return undefined;
  const translated = translatePoetryConstraint(text);
  if (!translated.ok) {
    problem('POETRY_INVALID_CONSTRAINT', `dependency "${name}": ${translated.message}`, translated.hint, at('version'));
    return undefined;
  }
  if (!translated.pep440) {
    problem(
      'POETRY_CONSTRAINT_NOT_PEP508',
      `dependency "${name}": "${text}" is a union of ranges; poetry-core writes "${name} (${translated.specifier})", which is not PEP 508 and pip rejects it`,
      `write one range that covers them (e.g. ">=1.0,<4.0"), or a list of entries with markers (${POETRY_DEPENDENCY_DOCS}#multiple-constraints-dependencies)`,
      at('version'),
    );
    return undefined;
  }
  const allowPrereleases = bool('allow-prereleases') || bool('allows-prereleases');
  const source = str('source');
  return { kind: 'registry', specifier: translated.specifier, allowPrereleases, ...(source ? { source } : {}) };
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * The Requires-Dist line poetry-core writes; undefined for an optional dependency no extra lists
 * (poetry-core 2.x leaves it out; 1.4 wrote it without a marker, as if it were required).
 * `reference` stands in for a path or file dependency: `{ specifier: '>=1.2,<1.3' }` for a
 * workspace project, or `{ url: 'file:///...' }` for what `poetry build` writes; without one,
 * those give undefined.
 */
export function renderRequiresDist(req: PoetryRequirement, reference?: { specifier: string } | { url: string }): string | undefined {
  if (req.optional && req.inExtras.length === 0) return undefined;
  let line = req.name + (req.extras.length ? `[${req.extras.join(',')}]` : '');
  const s = req.source;
  const sub = 'subdirectory' in s && s.subdirectory ? `#subdirectory=${s.subdirectory}` : '';
  if (s.kind === 'registry') line += s.specifier ? ` (${s.specifier})` : '';
  else if (s.kind === 'git') line += ` @ git+${s.url}${s.ref ? `@${s.ref}` : ''}${sub}`;
  else if (s.kind === 'url') line += ` @ ${s.url}${sub}`;
  else if (reference && 'url' in reference) line += ` @ ${reference.url}`;
  else if (reference) line += reference.specifier ? ` (${reference.specifier})` : '';
  else return undefined;
  const markers = req.marker ? [req.marker] : [];
  // An `extra` already in `markers` is the user's own gate; poetry-core then adds none.
  if (req.inExtras.length && !/\bextra\b/.test(req.marker)) markers.push(req.inExtras.map((e) => `extra == "${e}"`).join(' or '));
  if (markers.length > 1) return `${line} ; ${markers.map((m) => `(${m})`).join(' and ')}`;
  return markers.length ? `${line} ; ${markers[0]}` : line;
}
