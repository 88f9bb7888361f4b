/**
 * Text-preserving edits of a Poetry pyproject.toml for `nx release version` (issue 13): the
 * version in `[tool.poetry]` and the constraints of the dependency tables. Like edit-version.ts,
 * only the characters inside the string literals change, and every edit is proven by re-parsing:
 * the edited values read back as written, and nothing else in the document changed.
 */
import type { SourceLocation } from '../../errors';
import { InvalidVersionError, normalizeVersion } from '../pep440';
import { isTable } from '../pyproject/checker';
import { locateString } from '../pyproject/edit-locate';
import { applyTextEdits, type TextEdit } from '../pyproject/edit-text';
import { mapValueEdit } from '../pyproject/edit-toml-string';
import { formatKeyPath, type KeyPath } from '../pyproject/key-path';
import { indexTomlPositions } from '../pyproject/locate';
import { normalizeName } from '../names';
import { readPoetryDynamicVersion, readPoetryPackage } from './poetry-package';
import { parseTomlTable } from '../pyproject/toml-document';
import { verifyTomlEdit } from '../pyproject/verify-toml-edit';

/** One entry of a `[tool.poetry]` dependency table (one per element of a multiple-constraints list). */
export interface PoetryDependencySite {
  name: string;
  normalizedName: string;
  /** `dependencies`, `dev-dependencies` or `group.<name>`. */
  collection: string;
  /** Where the entry is: `tool.poetry.group.test.dependencies.token-lib` (plus `[i]` in a list). */
  keyPath: KeyPath;
  /** The version constraint and where its string is; absent for path, git, url and file entries. */
  constraint?: { text: string; keyPath: KeyPath };
  /** `path ../token-lib` for an entry without a version: what Nx shows as the "current version". */
  reference?: string;
}

/** Every entry of `[tool.poetry.dependencies]` (not `python`), `dev-dependencies` and each group. */
export function listPoetryDependencySites(text: string): PoetryDependencySite[] {
  const doc = parseTomlTable(text);
  const poetry = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
  if (!poetry) return [];
  const tables: Array<[string, KeyPath, unknown]> = [
    ['dependencies', ['tool', 'poetry', 'dependencies'], poetry.dependencies],
    ['dev-dependencies', ['tool', 'poetry', 'dev-dependencies'], poetry['dev-dependencies']],
  ];
  for (const [group, value] of Object.entries(isTable(poetry.group) ? poetry.group : {})) {
    if (isTable(value)) tables.push([`group.${group}`, ['tool', 'poetry', 'group', group, 'dependencies'], value.dependencies]);
  }
  const sites: PoetryDependencySite[] = [];
  for (const [collection, path, table] of tables) {
    for (const [name, value] of Object.entries(isTable(table) ? table : {})) {
      if (name.toLowerCase() === 'python') continue;
      const entries = Array.isArray(value) ? value.map((v, i) => [v, [...path, name, i]] as const) : [[value, [...path, name]] as const];
      for (const [entry, keyPath] of entries) sites.push({ name, normalizedName: normalizeName(name), collection, keyPath, ...describeEntry(entry, keyPath) });
    }
  }
  return sites;
}

function describeEntry(entry: unknown, keyPath: KeyPath): Pick<PoetryDependencySite, 'constraint' | 'reference'> {
  if (typeof entry === 'string') return { constraint: { text: entry, keyPath } };
  if (!isTable(entry)) return {};
  // poetry-core reads git, file, path, url before version: such an entry names no version to update.
  const source = ['git', 'file', 'path', 'url'].find((k) => entry[k] !== undefined);
  if (source) return { reference: `${source} ${String(entry[source])}` };
  return typeof entry.version === 'string' ? { constraint: { text: entry.version, keyPath: [...keyPath, 'version'] } } : {};
}

/**
 * The file with `[tool.poetry].version` set to `newVersion` (PEP 440 normal form), verified: a
 * Poetry 1.x project, or a Poetry 2 one whose `[project]` leaves its version to `[tool.poetry]`.
 */
export function updatePoetryVersion(text: string, filePath: string, newVersion: string): { text: string; previous: string; version: string } {
  const version = normalizeVersion(newVersion);
  if (version === undefined) throw new InvalidVersionError(newVersion);
  const poetry = readPoetryPackage(text, filePath) ?? readPoetryDynamicVersion(text, filePath);
  if (!poetry) throw new Error(`${filePath} keeps no version in [tool.poetry] (this is a bug in nx-pypi)`);
  const path = ['tool', 'poetry', 'version'];
  const literal = locateString(text, indexTomlPositions(text), path, poetry.rawVersion, filePath);
  const edited = applyTextEdits(text, [mapValueEdit(literal, { start: 0, end: literal.value.length, text: version })]);
  verifyTomlEdit(text, edited, filePath, [[path, version]]);
  return { text: edited, previous: poetry.rawVersion, version };
}

export interface PoetryConstraintChange {
  site: PoetryDependencySite;
  before: string;
  after: string;
}

/**
 * Applies `plan` (the new constraint text, or the same text to leave it) to every site that has
 * a constraint; `location` points at the constraint for messages. Verified by re-parsing.
 */
export function updatePoetryDependencies(
  text: string,
  filePath: string,
  plan: (site: PoetryDependencySite, location: SourceLocation) => string,
): { text: string; changes: PoetryConstraintChange[] } {
  const positions = indexTomlPositions(text);
  const edits: TextEdit[] = [];
  const changes: PoetryConstraintChange[] = [];
  for (const site of listPoetryDependencySites(text)) {
    if (!site.constraint) continue;
    const { text: before, keyPath } = site.constraint;
    const pos = positions.locate(keyPath);
    const after = plan(site, { file: filePath, keyPath: formatKeyPath(keyPath), line: pos.line, column: pos.column });
    if (after === before) continue;
    const literal = locateString(text, positions, keyPath, before, filePath);
    edits.push(mapValueEdit(literal, { start: 0, end: literal.value.length, text: after }));
    changes.push({ site, before, after });
  }
  if (edits.length === 0) return { text, changes };
  const edited = applyTextEdits(text, edits);
  verifyTomlEdit(
    text,
    edited,
    filePath,
    changes.map((c) => [c.site.constraint!.keyPath, c.after]),
  );
  return { text: edited, changes };
}
