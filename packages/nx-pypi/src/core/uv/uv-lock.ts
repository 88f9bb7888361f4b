/**
 * The parts of a uv.lock (lock schema `version = 1`, any `revision`) that a version bump touches,
 * read from the parsed TOML with the key path of each value, so edits can be located in the text.
 *
 * The format, as uv writes it (uv-resolver's lock/mod.rs and its snapshots):
 *
 *     version = 1
 *     revision = 3
 *     [manifest]
 *     members = ["token-app", "token-lib"]
 *     [[package]]
 *     name = "token-app"
 *     version = "0.1.0"                       # omitted for a dynamic version
 *     source = { editable = "packages/app" }  # or virtual / directory: a source tree, relative to the lock
 *     dependencies = [{ name = "token-lib" }] # version and source only when the name is ambiguous
 *     [package.metadata]
 *     requires-dist = [{ name = "token-lib", editable = "packages/token-lib" }, { name = "click", specifier = ">=8" }]
 *     [package.metadata.requires-dev]
 *     test = [{ name = "pytest", specifier = ">=8" }]
 *
 * A requirement lowered to a workspace or path source is recorded with that source and *without*
 * its version specifier (uv-distribution's lowering builds a `RequirementSource::Directory`, whose
 * lock form has no `specifier`); only an index requirement keeps one.
 */
import { NxPypiError } from '../../errors';
import { normalizeName } from '../names';
import { isTable, type Table } from '../pyproject/checker';
import { formatKeyPath, type KeyPath } from '../pyproject/key-path';

/** The lock schema version this reader knows (uv's `lock::VERSION`). */
export const UV_LOCK_SCHEMA = 1;

/** A uv.lock shaped unlike uv writes it: nx-pypi leaves it alone. */
export class UvLockShapeError extends NxPypiError {}

/** Where a locked package or a lock requirement comes from. */
export type UvLockSource =
  /** A local project folder (`editable`, `directory`, `virtual`), relative to the lock's folder. */
  | { kind: 'source-tree'; key: 'editable' | 'directory' | 'virtual'; path: string }
  /** A package index (`registry`), with or without a specifier. */
  | { kind: 'index' }
  /** `git`, `url` or `path` (an archive): a fixed artifact. */
  | { kind: 'direct' };

export interface UvLockRequirement {
  normalizedName: string;
  source: UvLockSource;
}

/** A reference to a package in `dependencies`, `optional-dependencies` or `dev-dependencies`. */
export interface UvLockDependencyRef {
  keyPath: KeyPath;
  normalizedName: string;
  version?: string;
  source?: UvLockSource;
}

export interface UvLockPackage {
  keyPath: KeyPath;
  name: string;
  normalizedName: string;
  /** Absent for a source tree whose version is dynamic (uv records none). */
  version?: string;
  source: UvLockSource;
  /** `[package.metadata]`; absent in a lock written without it (revision 4). */
  metadata?: {
    requiresDist: UvLockRequirement[];
    /** `[package.metadata.requires-dev]`, by group name as uv normalizes it. */
    requiresDev: Map<string, UvLockRequirement[]>;
  };
  dependencyRefs: UvLockDependencyRef[];
}

export interface UvLock {
  packages: UvLockPackage[];
}

/** Reads an already parsed uv.lock; throws UvLockShapeError for another schema version or an unknown shape. */
export function readUvLock(doc: Table, lockPath: string): UvLock {
  if (doc.version !== UV_LOCK_SCHEMA) {
    throw shape(lockPath, ['version'], `the lock schema version is ${String(doc.version)}, not ${UV_LOCK_SCHEMA}`);
  }
  const entries = doc.package === undefined ? [] : doc.package;
  if (!Array.isArray(entries)) throw shape(lockPath, ['package'], '[[package]] is not an array of tables');
  return { packages: entries.map((entry, i) => readPackage(entry, ['package', i], lockPath)) };
}

function readPackage(entry: unknown, at: KeyPath, lockPath: string): UvLockPackage {
  if (!isTable(entry) || typeof entry.name !== 'string') throw shape(lockPath, at, 'a [[package]] entry has no name');
  if (entry.version !== undefined && typeof entry.version !== 'string') throw shape(lockPath, [...at, 'version'], 'the version is not a string');
  const source = readSource(entry.source, [...at, 'source'], lockPath);
  const dependencyRefs: UvLockDependencyRef[] = [...readRefs(entry.dependencies, [...at, 'dependencies'], lockPath)];
  for (const key of ['optional-dependencies', 'dev-dependencies']) {
    const table = entry[key];
    if (table === undefined) continue;
    if (!isTable(table)) throw shape(lockPath, [...at, key], `${key} is not a table`);
    for (const [group, refs] of Object.entries(table)) dependencyRefs.push(...readRefs(refs, [...at, key, group], lockPath));
  }
  return {
    keyPath: at,
    name: entry.name,
    normalizedName: normalizeName(entry.name),
    ...(typeof entry.version === 'string' ? { version: entry.version } : {}),
    source,
    ...(entry.metadata === undefined ? {} : { metadata: readMetadata(entry.metadata, [...at, 'metadata'], lockPath) }),
    dependencyRefs,
  };
}

function readSource(value: unknown, at: KeyPath, lockPath: string): UvLockSource {
  if (!isTable(value)) throw shape(lockPath, at, 'the source is not an inline table');
  return classifySource(value, at, lockPath) ?? { kind: 'index' };
}

/** The source keys of a package `source` table or of a requirement; undefined when it has none (an index requirement). */
function classifySource(value: Table, at: KeyPath, lockPath: string): UvLockSource | undefined {
  for (const key of ['editable', 'directory', 'virtual'] as const) {
    if (value[key] === undefined) continue;
    if (typeof value[key] !== 'string') throw shape(lockPath, [...at, key], `${key} is not a path string`);
    return { kind: 'source-tree', key, path: value[key] };
  }
  if (['git', 'url', 'path'].some((key) => value[key] !== undefined)) return { kind: 'direct' };
  if (value.registry !== undefined) return { kind: 'index' };
  return undefined;
}

function readRefs(value: unknown, at: KeyPath, lockPath: string): UvLockDependencyRef[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw shape(lockPath, at, 'the dependency list is not an array');
  return value.map((ref, i) => {
    const refAt = [...at, i];
    if (!isTable(ref) || typeof ref.name !== 'string') throw shape(lockPath, refAt, 'a dependency has no name');
    return {
      keyPath: refAt,
      normalizedName: normalizeName(ref.name),
      ...(typeof ref.version === 'string' ? { version: ref.version } : {}),
      ...(ref.source === undefined ? {} : { source: readSource(ref.source, [...refAt, 'source'], lockPath) }),
    };
  });
}

function readMetadata(value: unknown, at: KeyPath, lockPath: string): NonNullable<UvLockPackage['metadata']> {
  if (!isTable(value)) throw shape(lockPath, at, '[package.metadata] is not a table');
  const requiresDev = new Map<string, UvLockRequirement[]>();
  const dev = value['requires-dev'];
  if (dev !== undefined && !isTable(dev)) throw shape(lockPath, [...at, 'requires-dev'], 'requires-dev is not a table');
  for (const [group, list] of Object.entries(dev ?? {})) {
    requiresDev.set(normalizeName(group), readRequirements(list, [...at, 'requires-dev', group], lockPath));
  }
  return { requiresDist: readRequirements(value['requires-dist'], [...at, 'requires-dist'], lockPath), requiresDev };
}

function readRequirements(value: unknown, at: KeyPath, lockPath: string): UvLockRequirement[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw shape(lockPath, at, 'the requirement list is not an array');
  return value.map((entry, i) => {
    if (!isTable(entry) || typeof entry.name !== 'string') throw shape(lockPath, [...at, i], 'a requirement has no name');
    return { normalizedName: normalizeName(entry.name), source: classifySource(entry, [...at, i], lockPath) ?? { kind: 'index' } };
  });
}

function shape(lockPath: string, keyPath: KeyPath, message: string): UvLockShapeError {
  return new UvLockShapeError(message, {
    code: 'UV_LOCK_UNKNOWN_SHAPE',
    location: { file: lockPath, keyPath: formatKeyPath(keyPath) },
    hint: 'run `uv lock` to rewrite it',
  });
}
