import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { WalkedFile } from '../../../io/fs/walk-project';

/** Small files are read once and shared by the wheel and the sdist. */
const SMALL_FILE_BYTES = 1 << 20;
/** Beyond this total, files are left to the archive writers, which stream them. */
const PREFETCH_BUDGET_BYTES = 64 << 20;

/**
 * Reads the small files among `files` (project-relative paths) into memory, up to a total budget,
 * so each is read from disk once however many archives hold it. Large files are not read here.
 *
 * Synchronous on purpose: source files are a few kB, and the promise API's four thread-pool round
 * trips per file (open, stat, read, close) cost more than reading them.
 */
export function prefetchSmallFiles(projectRoot: string, files: readonly WalkedFile[]): Map<string, Buffer> {
  const contents = new Map<string, Buffer>();
  let budget = PREFETCH_BUDGET_BYTES;
  for (const file of files) {
    if (file.size > SMALL_FILE_BYTES || file.size > budget) continue;
    budget -= file.size;
    const bytes = readFileSync(join(projectRoot, file.path));
    // A file that changed size since the walk is left to the writer, which reports it.
    if (bytes.length === file.size) contents.set(file.path, bytes);
  }
  return contents;
}
