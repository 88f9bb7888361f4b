import { Transform, type TransformCallback } from 'node:stream';
import { createGzip } from 'node:zlib';
import { ArchiveWriter } from './archive-writer';

/** Byte 9 of a gzip member header is the OS that wrote it (RFC 1952 §2.3.1). */
const GZIP_OS_OFFSET = 9;
/** "unknown", as Python's gzip module writes: the same on every platform. */
const GZIP_OS_UNKNOWN = 255;

/**
 * A byte-deterministic tar.gz (the sdist container): ustar headers (tar-stream adds a pax header
 * only for names longer than ustar can hold) with uid/gid 0, no user or group names, the fixed date
 * and normalized modes. archiver's own gzip option is not used because zlib stamps the OS it was
 * built for into the header (3 on Unix, 10 on Windows), so the header is rewritten on the way out;
 * zlib's gzip header mtime is already 0.
 */
export function createTarGzWriter(outPath: string, date: Date): ArchiveWriter {
  return new ArchiveWriter('tar', { gzip: false }, outPath, date, [createGzip({ level: 9 }), fixGzipOsByte()]);
}

export function fixGzipOsByte(): Transform {
  let offset = 0;
  return new Transform({
    transform(chunk: Buffer, _enc: BufferEncoding, callback: TransformCallback) {
      if (offset <= GZIP_OS_OFFSET && offset + chunk.length > GZIP_OS_OFFSET) {
        chunk = Buffer.from(chunk);
        chunk[GZIP_OS_OFFSET - offset] = GZIP_OS_UNKNOWN;
      }
      offset += chunk.length;
      callback(null, chunk);
    },
  });
}
