/** Paths given by users that must stay inside the workspace (a generator's output, a folder). */
import { isAbsolute, relative, resolve } from 'node:path';

/** `input` (relative to `root`, or absolute) as a POSIX workspace-relative path; undefined when it leaves the workspace. */
export function toWorkspaceRelative(root: string, input: string): string | undefined {
  const rel = relative(root, resolve(root, input)).split('\\').join('/');
  if (rel === '..' || rel.startsWith('../') || isAbsolute(rel)) return undefined;
  return rel;
}
