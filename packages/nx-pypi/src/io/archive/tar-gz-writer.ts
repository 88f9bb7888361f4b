import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { createGzip, type Gzip } from 'node:zlib';
import { encodeTarEnd, encodeTarFileHeader, padding } from '../../core/archive/tar-format';
import { FILE_MODE, readChunks, type ArchiveWriter } from './archive-writer';
import { OutputFile } from './output-file';

/** Python's tarfile and gzip default, which setuptools' sdists use. */
const GZIP_LEVEL = 9;
/** Tar bytes gathered before one write into gzip: fewer, larger jobs on the zlib thread. */
const GZIP_BATCH_BYTES = 256 << 10;
/** Byte 9 of a gzip member header is the OS that wrote it (RFC 1952 §2.3.1). */
const GZIP_OS_OFFSET = 9;
/** "unknown", as Python's gzip module writes: the same on every platform. */
const GZIP_OS_UNKNOWN = 255;

/**
 * A byte-deterministic tar.gz (the sdist container): the tar stream (core/archive/tar-format) goes
 * through one gzip stream, which compresses on libuv's thread pool while the caller goes on (the
 * wheel's entries, say). zlib writes a gzip header with mtime 0 but stamps the OS it was built for
 * (3 on Unix, 10 on Windows); that byte is rewritten to "unknown" on the way to the file.
 */
export class TarGzWriter implements ArchiveWriter<void> {
  private readonly gzip: Gzip;
  private readonly done: Promise<void>;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private tarBytes = 0;

  private constructor(
    private readonly out: OutputFile,
    private readonly mtime: number,
  ) {
    this.gzip = createGzip({ level: GZIP_LEVEL });
    let offset = 0;
    this.done = pipeline(this.gzip, async (compressed: AsyncIterable<Buffer>) => {
      for await (let chunk of compressed) {
        if (offset <= GZIP_OS_OFFSET && offset + chunk.length > GZIP_OS_OFFSET) {
          chunk = Buffer.from(chunk);
          chunk[GZIP_OS_OFFSET - offset] = GZIP_OS_UNKNOWN;
        }
        offset += chunk.length;
        await out.append(chunk);
      }
    });
    // Observed through the next write or finish(); avoid an unhandled rejection meanwhile.
    this.done.catch(() => undefined);
  }

  static async create(outPath: string, date: Date): Promise<TarGzWriter> {
    return new TarGzWriter(await OutputFile.create(outPath), Math.floor(date.getTime() / 1000));
  }

  async addBuffer(name: string, content: Buffer, mode = FILE_MODE): Promise<void> {
    await this.push(encodeTarFileHeader({ name, mode, size: content.length, mtime: this.mtime }));
    await this.push(content);
    await this.push(padding(content.length));
  }

  async addFile(name: string, filePath: string, size: number, mode = FILE_MODE): Promise<void> {
    await this.push(encodeTarFileHeader({ name, mode, size, mtime: this.mtime }));
    for await (const chunk of readChunks(filePath, size)) await this.push(chunk);
    await this.push(padding(size));
  }

  async finish(): Promise<void> {
    await this.push(encodeTarEnd(this.tarBytes));
    await this.writeToGzip();
    this.gzip.end();
    await this.done;
    await this.out.close();
  }

  async abort(): Promise<void> {
    this.gzip.destroy();
    await this.done.catch(() => undefined);
    await this.out.discard();
  }

  private async push(bytes: Buffer): Promise<void> {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.tarBytes += bytes.length;
    if (this.pendingBytes >= GZIP_BATCH_BYTES) await this.writeToGzip();
  }

  /** Hands the gathered tar bytes to gzip, waiting while gzip is behind (memory stays bounded). */
  private async writeToGzip(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const batch = this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    if (!this.gzip.write(batch)) await Promise.race([once(this.gzip, 'drain'), this.done]);
  }
}
