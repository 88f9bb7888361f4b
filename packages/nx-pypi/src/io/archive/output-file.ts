import { open, type FileHandle } from 'node:fs/promises';
import { FILE_MODE } from './archive-writer';

/** Bytes gathered before one write: archives are many small pieces (headers, small entries). */
const WRITE_BATCH_BYTES = 1 << 20;

/**
 * An archive file being written front to back, with writes batched (one `writev` per MiB instead
 * of one write per header and entry) and, for headers whose sizes are known only after the data,
 * a write back at an earlier position.
 */
export class OutputFile {
  /** Bytes appended so far, written or not: where the next append lands. */
  position = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private written = 0;

  private constructor(private readonly handle: FileHandle) {}

  static async create(path: string): Promise<OutputFile> {
    return new OutputFile(await open(path, 'w', FILE_MODE));
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
    await this.handle.write(bytes, 0, bytes.length, position);
  }

  async flush(): Promise<void> {
    const chunks = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    // writev may write less than asked; continue from where it stopped.
    let remaining = chunks;
    while (remaining.length > 0) {
      const { bytesWritten } = await this.handle.writev(remaining, this.written);
      this.written += bytesWritten;
      remaining = dropBytes(remaining, bytesWritten);
    }
  }

  /** Writes what is pending and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.handle.close();
    }
  }

  /** Closes without writing what is pending: the caller removes the file. */
  async discard(): Promise<void> {
    this.pending = [];
    await this.handle.close().catch(() => undefined);
  }
}

function dropBytes(chunks: Buffer[], count: number): Buffer[] {
  let i = 0;
  while (i < chunks.length && count >= chunks[i].length) count -= chunks[i++].length;
  if (i === chunks.length) return [];
  return [chunks[i].subarray(count), ...chunks.slice(i + 1)];
}
