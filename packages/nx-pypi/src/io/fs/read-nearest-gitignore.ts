import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
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
 */
export async function readNearestGitignore(dir: string): Promise<NearestGitignore | undefined> {
  let current = dir;
  for (;;) {
    const path = join(current, '.gitignore');
    const bytes = await readFile(path).catch(() => undefined);
    if (bytes !== undefined) return { path, bytes, text: bytes.toString('utf8') };
    const parent = dirname(current);
    if (parent === current || existsSync(join(current, '.git'))) return undefined;
    current = parent;
  }
}
