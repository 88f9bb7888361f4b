import { closeSync, openSync, writeSync, writevSync } from 'node:fs';
import { FILE_MODE } from './archive-writer';

/** Bytes gathered before one write: archives are many small pieces (headers, small entries). */
const WRITE_BATCH_BYTES = 1 << 20;

/**
 * An archive file being written front to back, with writes batched (one `writev` per MiB instead
 * of one write per header and entry) and, for headers whose sizes are known only after the data,
 * a write back at an earlier position.
 *
 * The system calls are synchronous on purpose, behind an async API: a write into the page cache
 * takes microseconds, while the promise API's thread-pool round trip per call (open, writev,
 * close: five or more per archive) left a warm small build idle for ~2 ms of its ~8 (measured with
 * bench/build's hatch-lib case). Compression still runs on the thread pool (tar-gz-writer,
 * zip-writer's large entries) and overlaps with these writes.
 */
export class OutputFile {
  /** Bytes appended so far, written or not: where the next append lands. */
  position = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;
  /** A closed descriptor's number is reused by the next open: it must never be closed twice. */
  private closed = false;

  private constructor(private readonly fd: number) {}

  static async create(path: string): Promise<OutputFile> {
    return new OutputFile(openSync(path, 'w', FILE_MODE));
  }

  async append(bytes: Buffer): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.position += bytes.length;
    if (this.pendingBytes >= WRITE_BATCH_BYTES) await this.flush();
  }

  /** Overwrites bytes appended earlier (a header completed once its data is written). */
  async writeAt(position: number, bytes: Buffer): Promise<void> {
    if (position + bytes.length > this.position) throw new Error(`internal: write at ${position} passes the end of the archive (${this.position})`);
    await this.flush();
    let done = 0;
    while (done < bytes.length) done += writeSync(this.fd, bytes, done, bytes.length - done, position + done);
  }

  async flush(): Promise<void> {
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    // writev may write less than asked; continue from where it stopped.
    let remaining = chunks;
    while (remaining.length > 0) {
      const bytesWritten = writevSync(this.fd, remaining, this.written);
      this.written += bytesWritten;
      remaining = dropBytes(remaining, bytesWritten);
    }
  }

  /** Writes what is pending and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      this.closeOnce();
    }
  }

  /** Closes without writing what is pending: the caller removes the file. */
  async discard(): Promise<void> {
    this.pending = [];
    try {
      this.closeOnce();
    } catch {
      // The file system went away: the caller removes the file either way.
    }
  }

  private closeOnce(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

function dropBytes(chunks: Buffer[], count: number): Buffer[] {
  let i = 0;
  while (i < chunks.length && count >= chunks[i].length) count -= chunks[i++].length;
  if (i === chunks.length) return [];
  return [chunks[i].subarray(count), ...chunks.slice(i + 1)];
}
