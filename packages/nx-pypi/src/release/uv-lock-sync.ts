/**
 * The Tree side of keeping a uv.lock in step with `nx release version` (the rules, and which lock
 * changes need a real `uv lock`, are in core/uv/edit-uv-lock.ts). Each update reads the tree's
 * current uv.lock, so several projects of one uv workspace bumped in one run edit it in turn.
 */
import type { Tree } from '@nx/devkit';
import { posix } from 'node:path';
import { planUvLockUpdate, type UvLockRequirementChange, type UvLockVersionUpdate } from '../core/uv/edit-uv-lock';
import { findUvLockRoot } from '../core/uv/uv-workspace';
import { readText } from './tree-files';

export interface UvLockFile {
  /** `uv.lock` under `root`. */
  path: string;
  /** The uv workspace root (or lone uv project) folder, workspace-relative; `.` for the root. */
  root: string;
}

/** The uv.lock that locks the project at `projectRoot`, when it exists. */
export function findUvLock(tree: Tree, projectRoot: string): UvLockFile | undefined {
  const root = findUvLockRoot(projectRoot, (path) => (tree.exists(path) ? readText(tree, path) : undefined));
  const path = posix.join(root, 'uv.lock');
  return tree.exists(path) ? { path, root } : undefined;
}

/** Applies the update to the lock in the tree, or leaves it and says to run `uv lock`; returns Nx log lines. */
export function updateUvLock(
  tree: Tree,
  lock: UvLockFile,
  request: { versions: readonly UvLockVersionUpdate[]; requirements?: readonly UvLockRequirementChange[] },
): string[] {
  const outcome = planUvLockUpdate(readText(tree, lock.path), lock.path, lock.root, request);
  switch (outcome.kind) {
    case 'unchanged':
      return [];
    case 'edited':
      tree.write(lock.path, outcome.text);
      return [
        `✍️  Updated ${outcome.changes.length} ${outcome.changes.length === 1 ? 'version' : 'versions'} in uv lock: ${lock.path}`,
        ...outcome.changes.map((c) => `   ${c.what}: ${c.before} -> ${c.after}`),
      ];
    case 'stale':
      return [
        `⚠️  ${lock.path} was not edited and no longer matches the workspace (${outcome.reason}): run \`uv lock\` in ${lock.root}${outcome.afterPublish ? ' once the new versions are published' : ''}`,
      ];
  }
}
