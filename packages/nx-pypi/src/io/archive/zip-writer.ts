import { ArchiveWriter } from './archive-writer';

/**
 * A byte-deterministic zip (the wheel container). archiver/zip-stream writes DOS times in UTC by
 * default (so the time zone cannot change the bytes), no extended-timestamp or owner extra fields,
 * and the unix mode we give; deflate output depends only on the input and zlib's level.
 */
export function createZipWriter(outPath: string, date: Date): ArchiveWriter {
  return new ArchiveWriter('zip', { zlib: { level: 6 }, forceLocalTime: false } as never, outPath, date);
}
