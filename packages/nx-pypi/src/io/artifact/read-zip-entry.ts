/**
 * Reads one member of a zip file by seeking: the end-of-central-directory record, the central
 * directory, then just that member's bytes. Memory is bounded by the directory and the member,
 * never by the archive. ZIP64 is supported; encryption and methods other than store/deflate are not.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 */
import { open, type FileHandle } from 'node:fs/promises';
import { crc32, inflateRawSync } from 'node:zlib';
import { CENTRAL_HEADER, END_OF_CENTRAL_DIRECTORY, LOCAL_HEADER, ZIP64_END_OF_CENTRAL_DIRECTORY, ZIP64_LOCATOR } from '../../core/archive/zip-format';
import { ArtifactMetadataError } from '../../core/publish/errors';

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const MAX_COMMENT = 0xffff;

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
  const file = await open(path, 'r');
  try {
    const entry = select(await readCentralDirectory(file, path));
    if (!entry) return undefined;
    if (entry.size > maxSize) throw corrupt(path, `${entry.name} is ${entry.size} bytes, more than the ${maxSize} allowed`);
    const local = await readAt(file, entry.localHeaderOffset, 30, path);
    if (local.readUInt32LE(0) !== LOCAL_HEADER) throw corrupt(path, `no local header for ${entry.name}`);
    const start = entry.localHeaderOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const raw = await readAt(file, start, entry.compressedSize, path);
    let data: Buffer;
    if (entry.method === 0) data = raw;
    else if (entry.method === 8) data = inflateRawSync(raw, { maxOutputLength: Math.max(1, entry.size) });
    else throw corrupt(path, `${entry.name} uses compression method ${entry.method}; only stored and deflated members are read`);
    if (data.length !== entry.size || crc32(data) !== entry.crc) throw corrupt(path, `${entry.name} fails its size or CRC check`);
    return { entry, data };
  } finally {
    await file.close();
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
      crc: directory.readUInt32LE(at + 16),
      compressedSize: directory.readUInt32LE(at + 20),
      size: directory.readUInt32LE(at + 24),
      localHeaderOffset: directory.readUInt32LE(at + 42),
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
