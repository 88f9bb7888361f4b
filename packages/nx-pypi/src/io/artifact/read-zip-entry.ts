/**
 * Reads members of a zip file by seeking: the end-of-central-directory record, the central
 * directory, then just the members asked for. Memory is bounded by the directory and one member
 * (or one chunk, when a member is streamed), never by the archive. ZIP64 is supported;
 * encryption and methods other than store/deflate are not.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { open, type FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { crc32, createInflateRaw, inflateRawSync } from 'node:zlib';
import { CENTRAL_HEADER, END_OF_CENTRAL_DIRECTORY, LOCAL_HEADER, ZIP64_END_OF_CENTRAL_DIRECTORY, ZIP64_LOCATOR } from '../../core/archive/zip-format';
import { ArtifactMetadataError } from '../../core/publish/errors';
import { NxPypiError } from '../../errors';

export interface ZipEntry {
  name: string;
  method: number;
  /** General purpose bit flags; bit 0 marks an encrypted member. */
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
  /** "Version made by": its upper byte is the host system; 3 (Unix) puts st_mode in the external attributes' upper 16 bits. */
  madeBy: number;
  externalAttributes: number;
}

const MAX_COMMENT = 0xffff;
/** Compressed bytes read at a time when a member is streamed; a member that fits in one (inflating to at most four) is inflated in one call. */
const CHUNK_BYTES = 256 * 1024;
const HOST_UNIX = 3;

/** An open zip: its members as the central directory lists them, read or streamed on demand. */
export class ZipArchive {
  private constructor(
    private readonly file: FileHandle,
    readonly path: string,
    readonly entries: ZipEntry[],
  ) {}

  static async open(path: string): Promise<ZipArchive> {
    const file = await open(path, 'r');
    try {
      return new ZipArchive(file, path, await readCentralDirectory(file, path));
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** The whole member, checked against its size and CRC; refused when it is larger than `maxSize`. */
  async read(entry: ZipEntry, maxSize: number): Promise<Buffer> {
    if (entry.size > maxSize) throw corrupt(this.path, `${entry.name} is ${entry.size} bytes, more than the ${maxSize} allowed`);
    const raw = await readAt(this.file, await this.dataStart(entry), entry.compressedSize, this.path);
    let data: Buffer;
    try {
      data = entry.method === 0 ? raw : inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    } catch (error) {
      throw corrupt(this.path, `${entry.name} does not inflate (${(error as Error).message})`);
    }
    if (data.length !== entry.size || crc32(data) !== entry.crc) throw corrupt(this.path, `${entry.name} fails its size or CRC check`);
    return data;
  }

  /**
   * Feeds the member's bytes to `consume` chunk by chunk (at most CHUNK_BYTES of compressed data
   * read at a time), then checks its size and CRC: memory stays flat whatever the member's size.
   */
  async stream(entry: ZipEntry, consume: (chunk: Buffer) => void): Promise<void> {
    const start = await this.dataStart(entry);
    let crc = 0;
    let size = 0;
    const take = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > entry.size) throw corrupt(this.path, `${entry.name} holds more than the ${entry.size} bytes its header says`);
      crc = crc32(chunk, crc);
      consume(chunk);
    };
    const chunks = this.readRange(start, entry.compressedSize);
    try {
      if (entry.method === 0) for await (const chunk of chunks) take(chunk);
      else if (entry.compressedSize <= CHUNK_BYTES && entry.size <= CHUNK_BYTES * 4)
        take(inflateRawSync(await readAt(this.file, start, entry.compressedSize, this.path), { maxOutputLength: Math.max(1, entry.size) }));
      else {
        await pipeline(chunks, createInflateRaw(), async (inflated: AsyncIterable<Buffer>) => {
          for await (const chunk of inflated) take(chunk);
        });
      }
    } catch (error) {
      // Ours (size checks) and the file system's (a syscall) pass; the rest is zlib refusing the data.
      if (error instanceof NxPypiError || (error as NodeJS.ErrnoException).syscall) throw error;
      throw corrupt(this.path, `${entry.name} does not inflate (${(error as Error).message})`);
    }
    if (size !== entry.size || crc !== entry.crc) throw corrupt(this.path, `${entry.name} fails its size or CRC check`);
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  /** Where the member's data starts: after its local header, whose name and extra lengths may differ from the central one's. */
  private async dataStart(entry: ZipEntry): Promise<number> {
    if (entry.flags & 1) throw corrupt(this.path, `${entry.name} is encrypted`);
    if (entry.method !== 0 && entry.method !== 8) {
      throw corrupt(this.path, `${entry.name} uses compression method ${entry.method}; only stored and deflated members are read`);
    }
    const local = await readAt(this.file, entry.localHeaderOffset, 30, this.path);
    if (local.readUInt32LE(0) !== LOCAL_HEADER) throw corrupt(this.path, `no local header for ${entry.name}`);
    return entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  }

  private async *readRange(start: number, length: number): AsyncGenerator<Buffer> {
    for (let done = 0; done < length;) {
      const take = Math.min(CHUNK_BYTES, length - done);
      // A fresh buffer each time: the inflate stream may still hold the previous one.
      yield await readAt(this.file, start + done, take, this.path);
      done += take;
    }
  }
}

/** The member's permission bits and file type (`st_mode`) when it was written on Unix; undefined otherwise. */
export function readZipUnixMode(entry: ZipEntry): number | undefined {
  return entry.madeBy >> 8 === HOST_UNIX ? entry.externalAttributes >>> 16 : undefined;
}

/** Lists the members of the zip at `path`. */
export async function listZipEntries(path: string): Promise<ZipEntry[]> {
  const file = await open(path, 'r');
  try {
    return await readCentralDirectory(file, path);
  } finally {
    await file.close();
  }
}

/** Reads the first member `select` picks from the list, or undefined if it picks none. */
export async function readZipEntry(
  path: string,
  select: (entries: ZipEntry[]) => ZipEntry | undefined,
  maxSize: number,
): Promise<{ entry: ZipEntry; data: Buffer } | undefined> {
  const zip = await ZipArchive.open(path);
  try {
    const entry = select(zip.entries);
    return entry && { entry, data: await zip.read(entry, maxSize) };
  } finally {
    await zip.close();
  }
}

async function readCentralDirectory(file: FileHandle, path: string): Promise<ZipEntry[]> {
  const { size } = await file.stat();
  const tailLength = Math.min(size, 22 + MAX_COMMENT);
  const tail = await readAt(file, size - tailLength, tailLength, path);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw corrupt(path, 'no end-of-central-directory record (not a zip file, or truncated)');
  let count = tail.readUInt16LE(eocd + 10);
  let directorySize = tail.readUInt32LE(eocd + 12);
  let directoryOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || directorySize === 0xffffffff || directoryOffset === 0xffffffff) {
    const locatorAt = eocd - 20;
    if (locatorAt < 0 || tail.readUInt32LE(locatorAt) !== ZIP64_LOCATOR) throw corrupt(path, 'ZIP64 locator missing');
    const record = await readAt(file, Number(tail.readBigUInt64LE(locatorAt + 8)), 56, path);
    if (record.readUInt32LE(0) !== ZIP64_END_OF_CENTRAL_DIRECTORY) throw corrupt(path, 'ZIP64 end record missing');
    count = Number(record.readBigUInt64LE(32));
    directorySize = Number(record.readBigUInt64LE(40));
    directoryOffset = Number(record.readBigUInt64LE(48));
  }
  if (directoryOffset + directorySize > size) throw corrupt(path, 'central directory lies past the end of the file');
  const directory = await readAt(file, directoryOffset, directorySize, path);
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > directory.length || directory.readUInt32LE(at) !== CENTRAL_HEADER) throw corrupt(path, `central directory entry ${i} is damaged`);
    const flags = directory.readUInt16LE(at + 8);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const nameBytes = directory.subarray(at + 46, at + 46 + nameLength);
    // Bit 11 marks UTF-8 names; without it the spec says CP437, which is ASCII for the names we look for.
    const name = nameBytes.toString(flags & 0x800 ? 'utf8' : 'latin1');
    const entry: ZipEntry = {
      name,
      method: directory.readUInt16LE(at + 10),
      flags,
      crc: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
      madeBy: directory.readUInt16LE(at + 4),
      externalAttributes: directory.readUInt32LE(at + 38),
    };
    applyZip64Extra(entry, directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength));
    entries.push(entry);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

// The ZIP64 extra field (id 1) holds, in order, only the values whose 32-bit slot is 0xffffffff.
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  for (let at = 0; at + 4 <= extra.length;) {
    const id = extra.readUInt16LE(at);
    const length = extra.readUInt16LE(at + 2);
    if (id === 1) {
      let field = at + 4;
      const next = (): number => {
        const value = Number(extra.readBigUInt64LE(field));
        field += 8;
        return value;
      };
      if (entry.size === 0xffffffff) entry.size = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    at += 4 + length;
  }
}

async function readAt(file: FileHandle, position: number, length: number, path: string): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await file.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  if (done !== length) throw corrupt(path, 'the file ends early (truncated)');
  return buffer;
}

function corrupt(path: string, why: string): ArtifactMetadataError {
  return new ArtifactMetadataError(`${path} is not a readable zip archive: ${why}`, {
    code: 'ARTIFACT_CORRUPT',
    location: { file: path },
    hint: 'rebuild the artifact; it may be truncated or damaged',
  });
}
