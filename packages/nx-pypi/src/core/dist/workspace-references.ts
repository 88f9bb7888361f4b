/**
 * Workspace dependencies written as local references, and how a built artifact requires them
 * instead (issue 13). In a monorepo a Poetry project points at its sibling with
 * `token-lib = { path = "../token-lib", develop = true }` and a uv member with
 * `[tool.uv.sources] token-lib = { workspace = true }`. Left alone, `poetry build` writes
 * `Requires-Dist: token-lib @ file:///home/ci/repo/token-lib` (pip on any other machine fails on
 * it) and a uv member's wheel requires `token-lib` with no version at all.
 *
 * The strategy, applied to the pyproject.toml the backend builds from (and that the sdist ships,
 * so a rebuild from the sdist anywhere gives the same metadata): the dependency is required by
 * name with the compatible range of the version it has in the workspace at build time, Poetry's
 * caret — `>=0.1.0,<0.2.0` for 0.1.0, `>=1.4.2,<2.0.0` for 1.4.2 (`^0.1.0` in Poetry's own
 * syntax). It is what `poetry add` writes by default and what Poetry monorepo plugins produce, and
 * it lets a consumer take the dependency's fixes without a new release of the dependent, while
 * `nx release version` bumps dependents whenever a dependency's compatible range moves. A
 * requirement that already names versions (`token-lib>=0.1`) is the user's choice and is kept.
 * The committed pyproject.toml is never changed: local development keeps its editable paths.
 */
import { isDeepStrictEqual } from 'node:util';
import { formatKeyPath, type KeyPath } from '../pyproject/key-path';
import { isTable, type Table } from '../pyproject/checker';
import { indexTomlPositions } from '../pyproject/locate';
import { applyTextEdits, computeOffset, type TextEdit } from '../pyproject/edit-text';
import { updatePyProjectRequirements } from '../pyproject/edit-requirements';
import { parseTomlTable } from '../pyproject/toml-document';
import { parseVersion, renderVersion } from '../pep440';
import { nextBreaking } from '../poetry/poetry-version';
import { normalizeName } from '../names';
import { DistBuildError } from './errors';

/** A runtime dependency that names a place in the workspace instead of versions. */
export interface WorkspaceReference {
  /** As written. */
  name: string;
  normalizedName: string;
  /** Project-relative POSIX path for `path` references; absent for uv `workspace = true` (found by name). */
  path?: string;
  /** How it is written, for the build's line: `path ../token-lib`, `uv workspace source`. */
  via: string;
  /**
   * Poetry 2: the `[tool.poetry.dependencies]` key (as written) whose path entry enriches this
   * `[project]` requirement. The build drops that entry, or poetry-core would still write the path.
   */
  poetryEntry?: string;
}

/** One reference as the built artifact now requires it. */
export interface PinnedReference {
  reference: WorkspaceReference;
  version: string;
  /** The PEP 440 specifier the metadata carries, e.g. `>=0.1.0,<0.2.0`. */
  specifier: string;
}

/** Poetry's caret range of `version` as a PEP 440 specifier and as Poetry writes it. */
export function compatibleRange(version: string): { specifier: string; poetry: string } {
  const parsed = parseVersion(version);
  if (!parsed) throw new Error(`"${version}" is not a PEP 440 version (this is a bug in nx-pypi)`);
  const lower = renderVersion(parsed);
  return { specifier: `>=${lower},<${renderVersion(nextBreaking(parsed))}`, poetry: `^${lower}` };
}

/**
 * The runtime dependencies of `text` that reference a folder or a workspace member: Poetry 1.x
 * `[tool.poetry.dependencies]` path entries, and `[project]` requirements without versions that
 * `[tool.uv.sources]` maps to `workspace = true` or a `path`. Dev groups are not listed: they are
 * never part of the metadata.
 */
export function listWorkspaceReferences(text: string): WorkspaceReference[] {
  const doc = parseTomlTable(text);
  const tool = isTable(doc.tool) ? doc.tool : {};
  const references: WorkspaceReference[] = [];
  if (doc.project === undefined && isTable(tool.poetry) && isTable(tool.poetry.dependencies)) {
    for (const [name, entry] of Object.entries(tool.poetry.dependencies)) {
      if (isTable(entry) && typeof entry.path === 'string')
        references.push({ name, normalizedName: normalizeName(name), path: entry.path, via: `path ${entry.path}` });
    }
  }
  if (isTable(doc.project) && isTable(tool.poetry) && isTable(tool.poetry.dependencies)) {
    // Poetry 2: `[project]` lists the requirement, `[tool.poetry.dependencies]` says where it lives.
    const paths = new Map(
      Object.entries(tool.poetry.dependencies)
        .filter(([, entry]) => isTable(entry) && typeof entry.path === 'string')
        .map(([key, entry]) => [normalizeName(key), { key, path: (entry as Table).path as string }]),
    );
    for (const requirement of projectRequirements(doc.project)) {
      const entry = paths.get(requirement.normalizedName);
      if (!entry || references.some((r) => r.normalizedName === requirement.normalizedName)) continue;
      references.push({
        name: requirement.name,
        normalizedName: requirement.normalizedName,
        path: entry.path,
        via: `path ${entry.path}`,
        poetryEntry: entry.key,
      });
    }
  }
  const sources = isTable(tool.uv) && isTable(tool.uv.sources) ? tool.uv.sources : undefined;
  if (isTable(doc.project) && sources) {
    const byName = new Map(Object.entries(sources).map(([name, source]) => [normalizeName(name), source]));
    for (const requirement of projectRequirements(doc.project)) {
      const source = byName.get(requirement.normalizedName);
      const local = (Array.isArray(source) ? source : [source]).find((s) => isTable(s) && (s.workspace === true || typeof s.path === 'string')) as
        Table | undefined;
      if (!local || references.some((r) => r.normalizedName === requirement.normalizedName)) continue;
      const path = typeof local.path === 'string' ? local.path : undefined;
      references.push({
        name: requirement.name,
        normalizedName: requirement.normalizedName,
        path,
        via: path ? `uv path source ${path}` : 'uv workspace source',
      });
    }
  }
  return references;
}

function projectRequirements(project: Table): Array<{ name: string; normalizedName: string }> {
  const lists = [project.dependencies, ...Object.values(isTable(project['optional-dependencies']) ? project['optional-dependencies'] : {})];
  return lists
    .flatMap((list) => (Array.isArray(list) ? list : []))
    .map((r) => (typeof r === 'string' ? /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(r)?.[1] : undefined))
    .filter((name): name is string => name !== undefined)
    .map((name) => ({ name, normalizedName: normalizeName(name) }));
}

/**
 * `text` with each reference that has a version in `versions` (by normalized name) required by its
 * compatible range, and the list of what changed. Only those entries change, verified by parsing.
 */
export function pinWorkspaceReferences(text: string, filePath: string, versions: ReadonlyMap<string, string>): { text: string; pinned: PinnedReference[] } {
  const references = listWorkspaceReferences(text).filter((r) => versions.has(r.normalizedName));
  if (references.length === 0) return { text, pinned: [] };
  const pinned = references.map((reference) => {
    const version = versions.get(reference.normalizedName)!;
    return { reference, version, specifier: compatibleRange(version).specifier };
  });
  const doc = parseTomlTable(text);
  if (doc.project === undefined) return { text: pinPoetryPaths(text, filePath, doc, pinned), pinned };
  const unenriched = dropPoetryEnrichments(text, filePath, doc, pinned);
  const bySpecifier = new Map(pinned.map((p) => [p.reference.normalizedName, p.specifier]));
  const edited = updatePyProjectRequirements(unenriched, filePath, (site) => {
    const specifier = bySpecifier.get(site.requirement.normalizedName);
    // A requirement with versions of its own (or a URL) is the user's choice: kept as written.
    if (specifier === undefined || site.requirement.specifier !== '' || site.requirement.url !== undefined) return [];
    const at = /^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*(\[[^\]]*\])?/.exec(site.requirement.raw)![0].length;
    return [{ start: at, end: at, text: specifier }];
  });
  const changed = new Set(edited.changes.map((c) => c.site.requirement.normalizedName));
  return { text: edited.text, pinned: pinned.filter((p) => changed.has(p.reference.normalizedName)) };
}

/**
 * Removes the `[tool.poetry.dependencies]` path entries that enrich pinned `[project]` requirements
 * (Poetry 2), each a whole line of its own; verified by parsing that nothing else changed.
 */
function dropPoetryEnrichments(text: string, filePath: string, doc: Table, pinned: readonly PinnedReference[]): string {
  const keys = pinned.map((p) => p.reference.poetryEntry).filter((k): k is string => k !== undefined);
  if (keys.length === 0) return text;
  const positions = indexTomlPositions(text);
  const edits: TextEdit[] = [];
  for (const key of keys) {
    const keyPath: KeyPath = ['tool', 'poetry', 'dependencies', key];
    const keyAt = positions.keyOffset(keyPath);
    const pos = positions.locate(keyPath);
    const valueAt = computeOffset(text, pos.line, pos.column);
    const end = text[valueAt] === '{' ? findInlineTableEnd(text, valueAt) : undefined;
    const lineStart = keyAt === undefined ? -1 : text.lastIndexOf('\n', keyAt - 1) + 1;
    const rest = end === undefined ? undefined : /^[ \t]*(#[^\n]*)?(\r?\n|$)/.exec(text.slice(end));
    if (keyAt === undefined || end === undefined || rest === null || rest === undefined || text.slice(lineStart, keyAt).trim() !== '') {
      throw new DistBuildError(`the path dependency ${key} cannot be dropped from the build's copy of [tool.poetry.dependencies]`, {
        code: 'BUILD_WORKSPACE_REFERENCE_FORM',
        location: { file: filePath, keyPath: formatKeyPath(keyPath), line: pos.line, column: pos.column },
        hint: `write it on a line of its own as an inline table: ${key} = { path = "...", develop = true }`,
      });
    }
    edits.push({ start: lineStart, end: end + rest![0].length, text: '' });
  }
  const edited = applyTextEdits(text, edits);
  const expected = plain(doc) as Table;
  for (const key of keys) delete ((expected.tool as Table).poetry as { dependencies: Table }).dependencies[key];
  if (!isDeepStrictEqual(plain(parseTomlTable(edited)), expected)) {
    throw new Error(`dropping the path dependencies of ${filePath} changed more than them (this is a bug in nx-pypi)`);
  }
  return edited;
}

/** Replaces each Poetry path entry's inline table by its caret constraint, keeping extras, markers, optional. */
function pinPoetryPaths(text: string, filePath: string, doc: Table, pinned: readonly PinnedReference[]): string {
  const positions = indexTomlPositions(text);
  const dependencies = ((doc.tool as Table).poetry as Table).dependencies as Table;
  const edits: TextEdit[] = [];
  // smol-toml's tables have no prototype: compare as plain JSON values.
  const expected = plain(dependencies) as Table;
  for (const { reference, version } of pinned) {
    const keyPath: KeyPath = ['tool', 'poetry', 'dependencies', reference.name];
    const entry = dependencies[reference.name] as Table;
    const { path: _path, develop: _develop, ...kept } = entry;
    const constraint = compatibleRange(version).poetry;
    const replacement: unknown = Object.keys(kept).length === 0 ? constraint : { version: constraint, ...kept };
    const pos = positions.locate(keyPath);
    const start = computeOffset(text, pos.line, pos.column);
    const end = text[start] === '{' ? findInlineTableEnd(text, start) : undefined;
    if (end === undefined) {
      throw new DistBuildError(`the path dependency ${reference.name} cannot be rewritten to a version range for the build`, {
        code: 'BUILD_WORKSPACE_REFERENCE_FORM',
        location: { file: filePath, keyPath: formatKeyPath(keyPath), line: pos.line, column: pos.column },
        hint: `write it as an inline table: ${reference.name} = { path = "${reference.path}", develop = true }`,
      });
    }
    edits.push({ start, end, text: renderInlineValue(replacement) });
    expected[reference.name] = replacement;
  }
  const edited = applyTextEdits(text, edits);
  const after = parseTomlTable(edited);
  const afterDependencies = ((after.tool as Table).poetry as Table).dependencies;
  ((after.tool as Table).poetry as Table).dependencies = dependencies;
  if (!isDeepStrictEqual(plain(afterDependencies), expected) || !isDeepStrictEqual(plain(after), plain(doc))) {
    throw new Error(`rewriting the path dependencies of ${filePath} changed more than them (this is a bug in nx-pypi)`);
  }
  return edited;
}

function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value));
}

/** Offset just past the `}` closing the inline table that opens at `start` (strings and nesting respected). */
function findInlineTableEnd(text: string, start: number): number | undefined {
  let depth = 0;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      const triple = text.startsWith(c.repeat(3), i);
      const close = text.indexOf(triple ? c.repeat(3) : c, i + (triple ? 3 : 1));
      if (close === -1) return undefined;
      // A basic string's escaped quote does not close it.
      if (c === '"' && !triple) {
        let j = i + 1;
        while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
        i = j;
      } else i = close + (triple ? 2 : 0);
      continue;
    }
    if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      depth--;
      if (depth === 0) return c === '}' ? i + 1 : undefined;
    }
  }
  return undefined;
}

/** TOML for the values a Poetry dependency entry holds: strings, booleans, string lists, tables of those. */
function renderInlineValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'boolean' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) return `[${value.map(renderInlineValue).join(', ')}]`;
  if (isTable(value))
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${/^[A-Za-z0-9_-]+$/.test(k) ? k : JSON.stringify(k)} = ${renderInlineValue(v)}`)
      .join(', ')} }`;
  throw new Error(`cannot write ${String(value)} back as TOML (this is a bug in nx-pypi)`);
}
