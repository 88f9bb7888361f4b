import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export interface NearestGitignore {
  /** Absolute path of the file. */
  path: string;
  bytes: Buffer;
  text: string;
}

/**
 * The nearest .gitignore at or above `dir`, found the way hatchling's `locate_file(root,
 * ".gitignore", boundary=".git")` finds it: each folder from `dir` up, stopping after the folder
 * that holds `.git` (the repository's top) or at the file system root. Undefined when there is none.
 *
 * Synchronous on purpose: a few tiny reads and existence checks per build, each cheaper than a
 * thread-pool round trip (the promise API).
 */
export function readNearestGitignore(dir: string): NearestGitignore | undefined {
  let current = dir;
  for (;;) {
    const path = join(current, '.gitignore');
    const bytes = readIfFile(path);
    if (bytes !== undefined) return { path, bytes, text: bytes.toString('utf8') };
    const parent = dirname(current);
    if (parent === current || existsSync(join(current, '.git'))) return undefined;
    current = parent;
  }
}

function readIfFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch {
    return undefined; // missing, a folder, or unreadable: hatchling's os.path.isfile says no
  }
}
