/**
 * Brings a uv.lock up to date after `nx release version`, text-preservingly, when that can be done
 * without uv's resolver — or says it cannot, and leaves the lock exactly as it was.
 *
 * What `uv sync --locked` / `uv lock --locked` check (uv-resolver's `Lock::satisfies`): the
 * `[manifest]` members and workspace requirements, then, for every local source tree in the lock
 * (`source = { editable | directory | virtual = ... }`), that its `version` equals the version its
 * pyproject.toml declares (`MismatchedVersion`; none is recorded for a dynamic one) and that its
 * `[package.metadata] requires-dist` / `requires-dev` equal the requirements it declares now.
 * Packages from an index are never re-checked against the specifiers that led to them.
 *
 * So a bump changes exactly:
 * - the bumped project's own `[[package]]` `version` (and a `version` in a dependency reference to
 *   it, which uv writes only when two locked packages share the name);
 * - nothing in a dependent's requires-dist / requires-dev when the dependency comes from the
 *   workspace or a path: uv records those requirements without their specifier, so the rewritten
 *   `token-lib>=0.2.0` in pyproject.toml reads back identical to the lock.
 * A dependent whose rewritten requirement is locked from an index needs `uv lock`: the lock would
 * have to pin the new, unpublished version with its file hashes, and editing only the specifier
 * would make `--locked` accept a lock that installs a version the requirement excludes. Likewise a
 * lock that has no entry for the project (stale already), another schema version, or an edit that
 * does not verify: the caller warns with `uv lock` and writes nothing. The header (`version = 1`,
 * `revision`) and `[manifest]` (member names) do not depend on versions and never change.
 */
import { posix } from 'node:path';
import { normalizeName } from '../names';
import { NxPypiError } from '../../errors';
import { locateString } from '../pyproject/edit-locate';
import { applyTextEdits, type TextEdit } from '../pyproject/edit-text';
import { mapValueEdit } from '../pyproject/edit-toml-string';
import { formatKeyPath, pathId, type KeyPath } from '../pyproject/key-path';
import { indexTomlPositions } from '../pyproject/locate';
import { PyProjectError } from '../pyproject/errors';
import { readTomlDocument } from '../pyproject/toml-document';
import { verifyTomlEdit } from '../pyproject/verify-toml-edit';
import { readUvLock, type UvLockPackage, type UvLockRequirement, type UvLockSource } from './uv-lock';
import { normalizeDir } from './uv-workspace';

/** Set the locked version of the project at `root` (workspace-relative) to `version` (PEP 440 normal form). */
export interface UvLockVersionUpdate {
  name: string;
  root: string;
  version: string;
  /**
   * The lock must hold the project (it is a member being bumped): a missing entry means the lock is
   * stale. Otherwise (a dependency a member may reach by path) a missing entry is nothing to do.
   */
  required: boolean;
}

/** A requirement of a locked project whose specifier was rewritten in its pyproject.toml. */
export interface UvLockRequirementChange {
  dependent: { name: string; root: string };
  dependency: string;
  /** The pyproject collection (`dependencies`, `optional-dependencies.<x>`, `dependency-groups.<g>`, `tool.uv.dev-dependencies`). */
  collection: string;
}

export interface UvLockChange {
  /** What changed, for log lines: `token-lib version`, `token-app's dependency on token-lib`. */
  what: string;
  keyPath: string;
  before: string;
  after: string;
}

export type UvLockUpdate =
  | { kind: 'unchanged' }
  | { kind: 'edited'; text: string; changes: UvLockChange[] }
  /**
   * The lock cannot be brought up to date without `uv lock`; `reason` says why, `afterPublish` that
   * `uv lock` can only succeed once the new versions are on the index. Nothing was edited.
   */
  | { kind: 'stale'; reason: string; afterPublish?: boolean };

/**
 * `lockDir` is the lock's folder (workspace-relative), against which the lock's source paths resolve.
 */
export function planUvLockUpdate(
  text: string,
  lockPath: string,
  lockDir: string,
  request: { versions: readonly UvLockVersionUpdate[]; requirements?: readonly UvLockRequirementChange[] },
): UvLockUpdate {
  let packages: UvLockPackage[];
  try {
    packages = readUvLock(readTomlDocument(text, lockPath), lockPath).packages;
  } catch (err) {
    if (err instanceof PyProjectError) {
      const { line, column } = err.problems[0]?.location ?? {};
      return { kind: 'stale', reason: `it is not valid TOML${line === undefined ? '' : ` (line ${line}:${column})`}` };
    }
    if (err instanceof NxPypiError) return { kind: 'stale', reason: describe(err) };
    throw err;
  }
  // Source paths are relative to the lock's folder; an absolute one (given so by the user) cannot name a workspace folder.
  const at = (root: string) => (source: UvLockSource) =>
    source.kind === 'source-tree' &&
    !/^([/\\]|[A-Za-z]:)/.test(source.path) &&
    normalizeDir(posix.join(normalizeDir(lockDir), source.path)) === normalizeDir(root);

  for (const change of request.requirements ?? []) {
    const stale = checkRequirement(packages, change, at);
    if (stale) return stale;
  }

  const edits = new Map<string, PlannedEdit>();
  for (const update of request.versions) {
    const targets = packages.filter((p) => p.normalizedName === normalizeName(update.name) && at(update.root)(p.source));
    if (targets.length === 0 && update.required) {
      return { kind: 'stale', reason: `it has no [[package]] entry for ${update.name} at ${normalizeDir(update.root)}` };
    }
    for (const target of targets) {
      // A dynamic version is not recorded (uv checks only that it is still dynamic): nothing to write.
      if (target.version === undefined || target.version === update.version) continue;
      const old = target.version;
      const keyPath = [...target.keyPath, 'version'];
      edits.set(pathId(keyPath), { what: `${target.name} version`, keyPath, before: old, after: update.version });
      for (const owner of packages) {
        for (const ref of owner.dependencyRefs) {
          const sameSource = ref.source === undefined || at(update.root)(ref.source);
          if (ref.normalizedName !== target.normalizedName || ref.version !== old || !sameSource) continue;
          const refPath = [...ref.keyPath, 'version'];
          edits.set(pathId(refPath), { what: `${owner.name}'s dependency on ${target.name}`, keyPath: refPath, before: old, after: update.version });
        }
      }
    }
  }
  if (edits.size === 0) return { kind: 'unchanged' };
  return applyVersionEdits(text, lockPath, [...edits.values()]);
}

/** Why a rewritten requirement leaves the lock stale, or undefined when the lock already matches. */
function checkRequirement(
  packages: UvLockPackage[],
  change: UvLockRequirementChange,
  at: (root: string) => (s: UvLockSource) => boolean,
): Extract<UvLockUpdate, { kind: 'stale' }> | undefined {
  const lockKey = lockCollection(change.collection);
  // Poetry's tables are not uv's: uv never reads them, so the lock cannot depend on them.
  if (lockKey === undefined) return undefined;
  const dependency = normalizeName(change.dependency);
  const dependent = packages.find((p) => p.normalizedName === normalizeName(change.dependent.name) && at(change.dependent.root)(p.source));
  if (!dependent) return { kind: 'stale', reason: `it has no [[package]] entry for ${change.dependent.name} at ${normalizeDir(change.dependent.root)}` };
  let sources: UvLockSource[];
  if (dependent.metadata) {
    const list: UvLockRequirement[] = lockKey === 'requires-dist' ? dependent.metadata.requiresDist : (dependent.metadata.requiresDev.get(lockKey) ?? []);
    sources = list.filter((r) => r.normalizedName === dependency).map((r) => r.source);
    const where = lockKey === 'requires-dist' ? 'requires-dist' : `requires-dev.${lockKey}`;
    if (sources.length === 0) return { kind: 'stale', reason: `${change.dependent.name}'s ${where} there does not list ${change.dependency}` };
  } else {
    // A lock written without [package.metadata] (uv's metadata-free revision): judge by the locked packages of that name.
    sources = packages.filter((p) => p.normalizedName === dependency).map((p) => p.source);
    if (sources.length === 0) return { kind: 'stale', reason: `it locks no ${change.dependency}` };
  }
  // Workspace, path, git and url sources are locked without the specifier: only an index requirement records it.
  if (sources.some((s) => s.kind === 'index')) {
    return {
      kind: 'stale',
      reason: `${change.dependent.name} gets ${change.dependency} from a package index there, so the lock must pin the new version and its file hashes`,
      afterPublish: true,
    };
  }
  return undefined;
}

/** Where uv.lock records a pyproject collection: `requires-dist`, a `requires-dev` group, or nowhere. */
function lockCollection(collection: string): string | undefined {
  if (collection === 'dependencies' || collection.startsWith('optional-dependencies.')) return 'requires-dist';
  if (collection.startsWith('dependency-groups.')) return normalizeName(collection.slice('dependency-groups.'.length));
  // uv merges the legacy list into the `dev` group.
  if (collection === 'tool.uv.dev-dependencies') return 'dev';
  return undefined;
}

interface PlannedEdit {
  what: string;
  keyPath: KeyPath;
  before: string;
  after: string;
}

function applyVersionEdits(text: string, lockPath: string, edits: PlannedEdit[]): UvLockUpdate {
  try {
    const positions = indexTomlPositions(text);
    const textEdits: TextEdit[] = edits.map(({ keyPath, before, after }) => {
      const literal = locateString(text, positions, keyPath, before, lockPath);
      return mapValueEdit(literal, { start: 0, end: literal.value.length, text: after });
    });
    const edited = applyTextEdits(text, textEdits);
    verifyTomlEdit(
      text,
      edited,
      lockPath,
      edits.map((e) => [e.keyPath, e.after]),
    );
    return { kind: 'edited', text: edited, changes: edits.map((e) => ({ what: e.what, keyPath: formatKeyPath(e.keyPath), before: e.before, after: e.after })) };
  } catch (err) {
    if (err instanceof NxPypiError) return { kind: 'stale', reason: describe(err) };
    throw err;
  }
}

function describe(err: NxPypiError): string {
  return err.location?.keyPath ? `${err.message} (at ${err.location.keyPath})` : err.message;
}
