import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WalkedFile } from '../../../io/fs/walk-project';

/** Small files are read once, in parallel, and shared by the wheel and the sdist. */
const SMALL_FILE_BYTES = 1 << 20;
/** Beyond this total, files are left to the archive writers, which stream them. */
const PREFETCH_BUDGET_BYTES = 64 << 20;
const CONCURRENT_READS = 16;

/**
 * Reads the small files among `files` (project-relative paths) into memory, up to a total budget,
 * so each is read from disk once however many archives hold it. Large files are not read here.
 */
export async function prefetchSmallFiles(projectRoot: string, files: readonly WalkedFile[]): Promise<Map<string, Buffer>> {
  const chosen: WalkedFile[] = [];
  let budget = PREFETCH_BUDGET_BYTES;
  for (const file of files) {
    if (file.size > SMALL_FILE_BYTES || file.size > budget) continue;
    budget -= file.size;
    chosen.push(file);
  }
  const contents = new Map<string, Buffer>();
  let next = 0;
  const worker = async () => {
    while (next < chosen.length) {
      const file = chosen[next++];
      const bytes = await readFile(join(projectRoot, file.path));
      // A file that changed size since the walk is left to the writer, which reports it.
      if (bytes.length === file.size) contents.set(file.path, bytes);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENT_READS, chosen.length) }, worker));
  return contents;
}
