import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { crc32, createDeflateRaw, deflateRawSync } from 'node:zlib';
import {
  dosDateTime,
  encodeCentralHeader,
  encodeEndRecords,
  encodeLocalHeader,
  localHeaderLength,
  needsZip64Sizes,
  type ZipEntryRecord,
} from '../../core/archive/zip-format';
import { FILE_MODE, readChunks, type ArchiveWriter, type WrittenEntry } from './archive-writer';
import { OutputFile } from './output-file';

/** zlib's default, and what Python's zipfile and the wheel package use. */
const DEFLATE_LEVEL = 6;

/**
 * A byte-deterministic zip (the wheel container), written straight to its file: entries held in
 * memory are deflated in one synchronous call each (a zlib stream per entry costs more than a
 * small source file's compression), large files are streamed through a deflate stream and their
 * local header completed afterwards. Layout in core/archive/zip-format.
 */
export class ZipWriter implements ArchiveWriter<WrittenEntry> {
  private readonly entries: ZipEntryRecord[] = [];
  private readonly time: { time: number; date: number };

  private constructor(
    private readonly out: OutputFile,
    date: Date,
  ) {
    this.time = dosDateTime(date);
  }

  static async create(outPath: string, date: Date): Promise<ZipWriter> {
    return new ZipWriter(await OutputFile.create(outPath), date);
  }

  async addBuffer(name: string, content: Buffer, mode = FILE_MODE): Promise<WrittenEntry> {
    const compressed = deflateRawSync(content, { level: DEFLATE_LEVEL });
    const entry: ZipEntryRecord = {
      name: Buffer.from(name, 'utf8'),
      mode,
      crc32: crc32(content),
      compressedSize: compressed.length,
      size: content.length,
      localHeaderOffset: this.out.position,
      zip64Sizes: needsZip64Sizes(content.length),
    };
    this.entries.push(entry);
    await this.out.append(encodeLocalHeader(entry, this.time));
    await this.out.append(compressed);
    return { sha256: createHash('sha256').update(content).digest(), size: content.length };
  }

  async addFile(name: string, filePath: string, size: number, mode = FILE_MODE): Promise<WrittenEntry> {
    const nameBytes = Buffer.from(name, 'utf8');
    const zip64Sizes = needsZip64Sizes(size);
    const localHeaderOffset = this.out.position;
    // Room for the header; it is written again once the CRC and compressed size are known.
    await this.out.append(Buffer.alloc(localHeaderLength(nameBytes, zip64Sizes)));
    const dataStart = this.out.position;
    const sha256 = createHash('sha256');
    let crc = 0;
    await pipeline(
      readChunks(filePath, size),
      async function* hash(chunks: AsyncIterable<Buffer>) {
        for await (const chunk of chunks) {
          sha256.update(chunk);
          crc = crc32(chunk, crc);
          yield chunk;
        }
      },
      createDeflateRaw({ level: DEFLATE_LEVEL }),
      async (compressed: AsyncIterable<Buffer>) => {
        for await (const chunk of compressed) await this.out.append(chunk);
      },
    );
    const entry: ZipEntryRecord = { name: nameBytes, mode, crc32: crc, compressedSize: this.out.position - dataStart, size, localHeaderOffset, zip64Sizes };
    this.entries.push(entry);
    await this.out.writeAt(localHeaderOffset, encodeLocalHeader(entry, this.time));
    return { sha256: sha256.digest(), size };
  }

  async finish(): Promise<void> {
    const directoryOffset = this.out.position;
    for (const entry of this.entries) await this.out.append(encodeCentralHeader(entry, this.time));
    await this.out.append(encodeEndRecords(this.entries.length, directoryOffset, this.out.position - directoryOffset));
    await this.out.close();
  }

  async abort(): Promise<void> {
    await this.out.discard();
  }
}
