/**
 * Applies and undoes the workspace edits. Synchronous on purpose: the undo also runs from a
 * process 'exit' handler (the last chance when something calls process.exit), where only
 * synchronous work happens.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FileChange, WorkspaceSnapshot } from './compute-workspace-edits';
import { LocalRegistryError } from './errors';
import { WORKSPACE_FILES } from './normalize-options';
import { computeRestorePlan, describeRestoreAction, parseState, renderState, type LocalRegistryState } from './restore-plan';
import { isProcessAlive } from '../../../io/process/is-alive';

export function readWorkspaceSnapshot(root: string): WorkspaceSnapshot {
  return {
    pipConf: readOptional(join(root, WORKSPACE_FILES.pipConf)),
    chain: readOptional(join(root, WORKSPACE_FILES.chain)),
    localRegistry: readOptional(join(root, WORKSPACE_FILES.localRegistry)),
  };
}

/** Records the previous text of every file first, then writes the new text. Returns the record to restore from. */
export function applyWorkspaceEdits(root: string, changes: FileChange[]): LocalRegistryState {
  const stateDir = join(root, WORKSPACE_FILES.stateDir);
  const createdDirs = existsSync(stateDir) ? [] : [WORKSPACE_FILES.stateDir];
  mkdirSync(stateDir, { recursive: true });
  const state: LocalRegistryState = { pid: process.pid, createdDirs, changes };
  writeFileSync(join(root, WORKSPACE_FILES.state), renderState(state));
  try {
    for (const change of changes) writeFileSync(join(root, change.path), change.after);
  } catch (e) {
    // Half-applied edits are worse than none: undo the files already written, then report.
    restoreWorkspace(root, state);
    throw e;
  }
  return state;
}

/** What a restore did (one line per file it wrote back or removed) and the files it left alone. */
export interface RestoreReport {
  done: string[];
  warnings: string[];
}

/** Undoes a run's edits. Removes the state file last. */
export function restoreWorkspace(root: string, state: LocalRegistryState): RestoreReport {
  const current = new Map(state.changes.map((c) => [c.path, readOptional(join(root, c.path))]));
  const report: RestoreReport = { done: [], warnings: [] };
  for (const action of computeRestorePlan(state.changes, current)) {
    const path = join(root, action.path);
    if (action.kind === 'keep') {
      report.warnings.push(action.warning);
      continue;
    }
    if (action.kind === 'write') writeFileSync(path, action.text);
    else rmSync(path, { force: true });
    report.done.push(describeRestoreAction(action));
  }
  rmSync(join(root, WORKSPACE_FILES.state), { force: true });
  for (const dir of state.createdDirs) {
    try {
      rmdirSync(join(root, dir));
    } catch {
      // Not empty: something else lives there now; it is not ours to delete.
    }
  }
  return report;
}

/**
 * A state file left by a run that was killed (SIGKILL, power loss) means the workspace still
 * points at a dead registry: undo that first, so this run records the user's real files as
 * "before". A state file of a live process means another local registry owns these files.
 */
export function recoverStaleRun(root: string): { recovered: boolean } & RestoreReport {
  const file = join(root, WORKSPACE_FILES.state);
  const text = readOptional(file);
  if (text === undefined) return { recovered: false, done: [], warnings: [] };
  const state = parseState(text, WORKSPACE_FILES.state);
  if (state.pid !== process.pid && isProcessAlive(state.pid)) {
    throw new LocalRegistryError(`another local registry (pid ${state.pid}) is running for this workspace and owns pip.conf and the local repository`, {
      code: 'LOCAL_REGISTRY_RUNNING',
      location: { file: WORKSPACE_FILES.state },
      hint: `Stop it first (kill ${state.pid}), or run this one with --location=none.`,
    });
  }
  return { recovered: true, ...restoreWorkspace(root, state) };
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
