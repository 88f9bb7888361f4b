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

/**
 * One archive being written to a file through archiver, one entry at a time (each add* resolves
 * once the entry is fully in the archive), so memory stays flat whatever the file sizes: file
 * contents are streamed from disk and hashed on the way through. Every entry gets the same fixed
 * date and a normalized mode, and no owner: the bytes depend on the entries alone.
 */
export class ArchiveWriter {
  private readonly archive: archiver.Archiver;
  private readonly done: Promise<void>;
  private failure: Error | undefined;
  private pendingEntry: { resolve: () => void; reject: (e: Error) => void } | undefined;

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
      const pending = this.pendingEntry;
      this.pendingEntry = undefined;
      pending?.resolve();
    });
    const out: Writable = createWriteStream(outPath, { mode: FILE_MODE });
    this.done = pipeline([this.archive, ...outputTransforms, out] as unknown as [NodeJS.ReadableStream, NodeJS.WritableStream]).catch((err: Error) => {
      this.fail(err);
      throw err;
    });
    // The pipeline's rejection is observed through finish(); avoid an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  /** Adds an in-memory entry (metadata files). */
  async addBuffer(name: string, content: Buffer, mode = FILE_MODE): Promise<WrittenEntry> {
    const written = { sha256: createHash('sha256').update(content).digest(), size: content.length };
    await this.append(content, { name, mode, size: content.length });
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
    await this.append(tap, { name, mode, size });
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

  private append(source: Buffer | NodeJS.ReadableStream, entry: { name: string; mode: number; size: number }): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise<void>((resolve, reject) => {
      this.pendingEntry = { resolve, reject };
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
    });
  }

  private fail(err: Error): void {
    if (this.failure === undefined) this.failure = err;
    const pending = this.pendingEntry;
    this.pendingEntry = undefined;
    pending?.reject(this.failure);
  }
}

function changedWhileArchiving(filePath: string, expected: number, read: number): DistBuildError {
  return new DistBuildError(`${filePath} changed while it was being archived (${expected} bytes expected, ${read} read).`, {
    code: 'DIST_FILE_CHANGED',
    location: { file: filePath },
    hint: 'Something wrote to the project during the build; run the build again once it is done.',
  });
}
