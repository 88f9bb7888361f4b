import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/**
 * The text of the nearest .gitignore at or above `dir`, found the way hatchling's `locate_file`
 * finds it (walking up to the file system root), or undefined when there is none.
 */
export async function readNearestGitignore(dir: string): Promise<string | undefined> {
  let current = dir;
  for (;;) {
    const text = await readFile(join(current, '.gitignore'), 'utf8').catch(() => undefined);
    if (text !== undefined) return text;
    const parent = dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
