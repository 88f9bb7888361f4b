import archiver from 'archiver';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { DistBuildError } from '../../core/dist/errors';

/** What was written for one entry: the RECORD data of its bytes. */
export interface WrittenEntry {
  sha256: Uint8Array;
  size: number;
}

/** Files up to this size are read whole instead of streamed. */
const SMALL_FILE_BYTES = 1 << 20;

/** File modes written into archives: only "executable or not" survives from the source. */
export const FILE_MODE = 0o644;
export const EXECUTABLE_MODE = 0o755;

/** In-memory entries queued ahead of archiver before an add waits for it: memory stays bounded. */
const MAX_QUEUED_BYTES = 16 << 20;

/**
 * One archive being written to a file through archiver, so memory stays flat whatever the file
 * sizes: large files are streamed from disk and hashed on the way through (and awaited); small
 * ones are read whole and queued, up to MAX_QUEUED_BYTES ahead of the writer. Every entry gets
 * the same fixed date and a normalized mode, and no owner: the bytes depend on the entries alone.
 */
export class ArchiveWriter {
  private readonly archive: archiver.Archiver;
  private readonly done: Promise<void>;
  private failure: Error | undefined;
  /** Entries handed to archiver, and entries it has written: archiver works through them in order. */
  private appended = 0;
  private completed = 0;
  private readonly waiters = new Map<number, { resolve: () => void; reject: (e: Error) => void }>();
  private readonly queuedSizes = new Map<number, number>();
  private queuedBytes = 0;

  /**
   * @param outputTransforms streams between archiver and the file (gzip for tar.gz).
   */
  constructor(
    format: 'zip' | 'tar',
    options: archiver.ArchiverOptions,
    outPath: string,
    private readonly date: Date,
    outputTransforms: Transform[] = [],
  ) {
    this.archive = archiver(format, options);
    this.archive.on('warning', (err) => this.fail(err));
    this.archive.on('error', (err) => this.fail(err));
    this.archive.on('entry', () => {
      this.completed += 1;
      this.queuedBytes -= this.queuedSizes.get(this.completed) ?? 0;
      this.queuedSizes.delete(this.completed);
      const waiter = this.waiters.get(this.completed);
      this.waiters.delete(this.completed);
      waiter?.resolve();
    });
    const out: Writable = createWriteStream(outPath, { mode: FILE_MODE });
    this.done = pipeline([this.archive, ...outputTransforms, coalesceChunks(), out] as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream]).catch((err: Error) => {
      this.fail(err);
      throw err;
    });
    // The pipeline's rejection is observed through finish(); avoid an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  /**
   * Adds an in-memory entry. It is queued, not awaited: the bytes are in memory already, archiver
   * writes its queue in order, and waiting for each small entry costs event-loop turns per file.
   * Failures surface from the next add or from finish().
   */
  async addBuffer(name: string, content: Buffer, mode = FILE_MODE): Promise<WrittenEntry> {
    const written = { sha256: createHash('sha256').update(content).digest(), size: content.length };
    await this.append(content, { name, mode, size: content.length }, this.queuedBytes + content.length > MAX_QUEUED_BYTES);
    return written;
  }

  /** Streams a file from disk into the archive, hashing it on the way. `size` is the file's size from the walk. */
  async addFile(name: string, filePath: string, size: number, mode = FILE_MODE): Promise<WrittenEntry> {
    // Small files in one read (most sources are a few kB): a stream costs several syscalls and
    // event-loop turns each; the cap keeps memory flat.
    if (size <= SMALL_FILE_BYTES) {
      const content = await readFile(filePath);
      if (content.length !== size) throw changedWhileArchiving(filePath, size, content.length);
      return this.addBuffer(name, content, mode);
    }
    const hash = createHash('sha256');
    let count = 0;
    // Hash inside the transform: a 'data' listener would start the flow before archiver reads.
    const tap = new Transform({
      transform(chunk: Buffer, _enc, callback) {
        hash.update(chunk);
        count += chunk.length;
        callback(null, chunk);
      },
    });
    const source = createReadStream(filePath);
    source.on('error', (err) => tap.destroy(err));
    tap.on('error', (err) => this.fail(err));
    source.pipe(tap);
    await this.append(tap, { name, mode, size }, true);
    if (count !== size) throw changedWhileArchiving(filePath, size, count);
    return { sha256: hash.digest(), size: count };
  }

  /** Writes the archive's end and waits until the file is flushed. */
  async finish(): Promise<void> {
    if (this.failure) throw this.failure;
    await this.archive.finalize();
    await this.done;
    if (this.failure) throw this.failure;
  }

  /** Stops writing after a failure elsewhere; the caller removes the partial file. */
  async abort(): Promise<void> {
    this.archive.abort();
    // abort() alone leaves the pipeline open; destroying the source closes the file as well.
    this.archive.destroy(new Error('archive aborted'));
    await this.done.catch(() => undefined);
  }

  /** Queues an entry; with `wait`, resolves once archiver has written it (and every entry before it). */
  private append(source: Buffer | NodeJS.ReadableStream, entry: { name: string; mode: number; size: number }, wait: boolean): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    const seq = ++this.appended;
    if (Buffer.isBuffer(source)) {
      this.queuedSizes.set(seq, source.length);
      this.queuedBytes += source.length;
    }
    return new Promise<void>((resolve, reject) => {
      if (wait) this.waiters.set(seq, { resolve, reject });
      this.archive.append(source as never, {
        name: entry.name,
        date: this.date,
        mode: entry.mode,
        // A size lets the tar plugin stream the entry instead of buffering it whole (and no owner names).
        stats: { size: entry.size } as never,
        uid: 0,
        gid: 0,
        uname: '',
        gname: '',
      } as archiver.EntryData);
      if (!wait) resolve();
    });
  }

  private fail(err: Error): void {
    if (this.failure === undefined) this.failure = err;
    for (const waiter of this.waiters.values()) waiter.reject(this.failure);
    this.waiters.clear();
  }
}

/** archiver emits many small chunks (headers, small entries); one write per 256 KiB instead of per chunk. */
const WRITE_CHUNK_BYTES = 256 << 10;

function coalesceChunks(): Transform {
  let pending: Buffer[] = [];
  let size = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, callback) {
      pending.push(chunk);
      size += chunk.length;
      if (size < WRITE_CHUNK_BYTES) return callback();
      const joined = Buffer.concat(pending, size);
      pending = [];
      size = 0;
      callback(null, joined);
    },
    flush(callback) {
      callback(null, size > 0 ? Buffer.concat(pending, size) : undefined);
    },
  });
}

function changedWhileArchiving(filePath: string, expected: number, read: number): DistBuildError {
  return new DistBuildError(`${filePath} changed while it was being archived (${expected} bytes expected, ${read} read).`, {
    code: 'DIST_FILE_CHANGED',
    location: { file: filePath },
    hint: 'Something wrote to the project during the build; run the build again once it is done.',
  });
}
