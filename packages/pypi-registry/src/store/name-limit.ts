/**
 * The longest name the data directory's file system takes. Node has no pathconf(NAME_MAX), so it
 * is measured once at start by creating files; uploads are then refused with a 400 that names the
 * limit, instead of failing mid-write with ENAMETOOLONG (a 500 that looked like a bug).
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * 255 bytes per name: ext4, xfs, btrfs, tmpfs, APFS, NTFS. Never more, even where a file system
 * would take longer names, so a data directory copied to another machine still loads.
 */
export const PORTABLE_NAME_LIMIT = 255;

/** Bytes per name that `dir` accepts, at most PORTABLE_NAME_LIMIT (less on e.g. eCryptfs: 143). */
export async function measureNameLimit(dir: string): Promise<number> {
  if (await acceptsName(dir, PORTABLE_NAME_LIMIT)) return PORTABLE_NAME_LIMIT;
  // Binary search between a length taken (low) and one refused (high).
  let low = 0;
  let high = PORTABLE_NAME_LIMIT;
  while (high - low > 1) {
    const middle = Math.floor((low + high) / 2);
    if (await acceptsName(dir, middle)) low = middle;
    else high = middle;
  }
  return low;
}

async function acceptsName(dir: string, length: number): Promise<boolean> {
  const path = join(dir, 'n'.repeat(length));
  try {
    await writeFile(path, '');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENAMETOOLONG') return false;
    throw error;
  }
  await rm(path, { force: true });
  return true;
}
