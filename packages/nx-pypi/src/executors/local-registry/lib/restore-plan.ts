/**
 * Undoing the executor's edits, computed as data. A file that still holds exactly what the
 * executor wrote gets its previous text back (or is removed if it did not exist). A file someone
 * changed while the registry ran is left alone with a warning: restoring it would lose their edit.
 * The state record is what survives a crash: it is written before any edit, so a later run can
 * undo what a killed one left behind.
 */
import type { FileChange } from './compute-workspace-edits';
import { LocalRegistryError } from './errors';
import { WORKSPACE_FILES } from './normalize-options';

/** The only paths a state file may name: a tampered or corrupt one must not make us write elsewhere. */
const MANAGED_FILES: readonly string[] = [WORKSPACE_FILES.pipConf, WORKSPACE_FILES.chain, WORKSPACE_FILES.localRegistry, WORKSPACE_FILES.nxJson];
const MANAGED_DIRS: readonly string[] = [WORKSPACE_FILES.stateDir];

export type RestoreAction = { path: string; kind: 'write'; text: string } | { path: string; kind: 'remove' } | { path: string; kind: 'keep'; warning: string };

/** `current`: each changed file's text now (undefined: it is gone). */
export function computeRestorePlan(changes: readonly FileChange[], current: ReadonlyMap<string, string | undefined>): RestoreAction[] {
  const actions: RestoreAction[] = [];
  for (const change of changes) {
    const now = current.get(change.path);
    if (now === change.after) {
      actions.push(change.before === undefined ? { path: change.path, kind: 'remove' } : { path: change.path, kind: 'write', text: change.before });
    } else if (now === undefined) {
      // Deleted while running: put back what the user had, if anything.
      if (change.before !== undefined) actions.push({ path: change.path, kind: 'write', text: change.before });
    } else if (now !== change.before) {
      actions.push({
        path: change.path,
        kind: 'keep',
        warning:
          change.before === undefined
            ? `${change.path} was changed while the local registry ran, so it was left in place; delete it if you do not need it`
            : `${change.path} was changed while the local registry ran, so it was left as is; remove what points at the local registry by hand`,
      });
    }
  }
  return actions;
}

/** What each managed file is, for the lines printed on stop. */
const FILE_ROLES: Readonly<Record<string, string>> = {
  [WORKSPACE_FILES.chain]: 'the CA chain',
  [WORKSPACE_FILES.localRegistry]: 'the "local" repository',
};

/** The line printed for a restore action that changed a file (a `keep` prints its warning instead). */
export function describeRestoreAction(action: Exclude<RestoreAction, { kind: 'keep' }>): string {
  if (action.kind === 'write') return `restored ${action.path} (its text before the run)`;
  const role = FILE_ROLES[action.path];
  return `removed ${action.path}${role ? ` (${role})` : ''}`;
}

/** What `.nx-pypi/local-registry-state.json` holds: the pid of the run and every file's previous text. No secret. */
export interface LocalRegistryState {
  pid: number;
  /** Workspace-relative directories the run created (removed on exit when empty). */
  createdDirs: string[];
  changes: FileChange[];
}

interface StoredChange {
  path: string;
  before: string | null;
  after: string;
}

export function renderState(state: LocalRegistryState): string {
  const changes: StoredChange[] = state.changes.map((c) => ({ path: c.path, before: c.before ?? null, after: c.after }));
  return `${JSON.stringify({ version: 1, pid: state.pid, createdDirs: state.createdDirs, changes }, null, 2)}\n`;
}

export function parseState(text: string, file: string): LocalRegistryState {
  const fail = (what: string): never => {
    throw new LocalRegistryError(`cannot read the state of a previous local-registry run: ${what}`, {
      code: 'LOCAL_REGISTRY_STATE',
      location: { file },
      hint: 'Check pip.conf and nx.json by hand (git diff), then delete this file.',
    });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail((e as Error).message);
  }
  const value = raw as { version?: unknown; pid?: unknown; createdDirs?: unknown; changes?: unknown };
  if (value?.version !== 1) return fail('unknown version');
  if (typeof value.pid !== 'number') return fail('"pid" is not a number');
  if (!Array.isArray(value.createdDirs) || !value.createdDirs.every((d) => MANAGED_DIRS.includes(d)))
    return fail(`"createdDirs" may only name ${MANAGED_DIRS.join(', ')}`);
  if (!Array.isArray(value.changes)) return fail('"changes" is not a list');
  const changes = value.changes.map((c: Partial<StoredChange>, i: number): FileChange => {
    if (typeof c?.path !== 'string' || typeof c.after !== 'string' || (c.before !== null && typeof c.before !== 'string')) {
      return fail(`changes[${i}] is not { path, before, after }`);
    }
    if (!MANAGED_FILES.includes(c.path)) return fail(`changes[${i}].path may only be one of ${MANAGED_FILES.join(', ')}`);
    return { path: c.path, before: c.before ?? undefined, after: c.after };
  });
  return { pid: value.pid, createdDirs: value.createdDirs as string[], changes };
}
