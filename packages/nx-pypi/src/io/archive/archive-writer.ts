import { createReadStream } from 'node:fs';
import { DistBuildError } from '../../core/dist/errors';

/** File modes written into archives: only "executable or not" survives from the source. */
export const FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;

/** What was written for one entry: the RECORD data of its bytes. */
export interface WrittenEntry {
  sha256: Uint8Array;
  size: number;
}

/** What both archive writers offer: entries from memory or from disk, then finish or abort. */
export interface ArchiveWriter<Entry> {
  /** Adds an entry held in memory. */
  addBuffer(name: string, content: Buffer, mode?: number): Promise<Entry>;
  /** Streams a file from disk into the archive; `size` is its size from the walk, checked against what is read. */
  addFile(name: string, filePath: string, size: number, mode?: number): Promise<Entry>;
  /** Writes the archive's end and closes the file. */
  finish(): Promise<void>;
  /** Stops after a failure elsewhere and closes the file; the caller removes it. */
  abort(): Promise<void>;
}

/** Chunks a large file is read in: big enough for few syscalls, small enough to keep memory flat. */
const READ_CHUNK_BYTES = 256 << 10;

/** A large file's bytes, read in chunks; a file whose size changed since the walk fails the build. */
export async function* readChunks(filePath: string, expectedSize: number): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of createReadStream(filePath, { highWaterMark: READ_CHUNK_BYTES }) as AsyncIterable<Buffer>) {
    read += chunk.length;
    if (read > expectedSize) break;
    yield chunk;
  }
  if (read !== expectedSize) throw changedWhileArchiving(filePath, expectedSize, read);
}

export function changedWhileArchiving(filePath: string, expected: number, read: number): DistBuildError {
  return new DistBuildError(`${filePath} changed while it was being archived (${expected} bytes expected, ${read > expected ? 'more' : read} read).`, {
    code: 'DIST_FILE_CHANGED',
    location: { file: filePath },
    hint: 'Something wrote to the project during the build; run the build again once it is done.',
  });
}
