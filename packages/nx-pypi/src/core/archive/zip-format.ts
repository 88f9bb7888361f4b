/**
 * The byte layout of a zip file (PKWARE APPNOTE 6.3.10, the parts a wheel uses): local headers,
 * the central directory, the end records, and ZIP64 where sizes or offsets pass 4 GiB.
 * https://pkware.cachefly.net/webdocs/casestudies/APPNOTE.TXT
 *
 * Every field that could vary between machines is fixed: DOS time from UTC, "made by" Unix,
 * no extra fields but ZIP64's, no comments. The same entries give the same bytes.
 */

/** Record signatures (APPNOTE 4.3), shared with the zip reader. */
export const LOCAL_HEADER = 0x04034b50;
export const CENTRAL_HEADER = 0x02014b50;
export const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
export const ZIP64_END_OF_CENTRAL_DIRECTORY = 0x06064b50;
export const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EXTRA_ID = 0x0001;

/** "Version needed to extract": 2.0 for deflate, 4.5 for ZIP64 (APPNOTE 4.4.3.2). */
const VERSION_DEFLATE = 20;
const VERSION_ZIP64 = 45;
/** Upper byte of "version made by": 3 = Unix, so installers honour the mode in the external attributes. */
const MADE_BY_UNIX = 3 << 8;
/** General purpose flag bit 11: the name is UTF-8. */
const FLAG_UTF8 = 0x0800;
export const METHOD_DEFLATE = 8;
const S_IFREG = 0o100000;

/** Largest value a 32-bit field can hold; that value itself means "see the ZIP64 record". */
export const ZIP32_MAX = 0xffffffff;
const ZIP16_MAX = 0xffff;

/**
 * Whether an entry of `size` uncompressed bytes gets ZIP64 sizes in its local header. Decided
 * before compressing (the header is written first), with headroom for deflate growing
 * incompressible data, as Python's zipfile does (`file_size * 1.05 > ZIP64_LIMIT`).
 */
export function needsZip64Sizes(size: number): boolean {
  return size * 1.05 > ZIP32_MAX;
}

/** An entry as the central directory records it. */
export interface ZipEntryRecord {
  /** UTF-8 bytes of the entry name. */
  name: Buffer;
  /** Unix permission bits (e.g. 0o644); the file type is always "regular file". */
  mode: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Offset of the entry's local header from the start of the file. */
  localHeaderOffset: number;
  /** Whether its local header carries ZIP64 sizes (fixed when the header was written). */
  zip64Sizes: boolean;
}

/** DOS date and time (2-second resolution) of an instant, in UTC so the time zone cannot change the bytes. */
export function dosDateTime(date: Date): { time: number; date: number } {
  return {
    time: (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | (date.getUTCSeconds() >> 1),
    date: ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate(),
  };
}

function isAscii(name: Buffer): boolean {
  return name.every((byte) => byte < 0x80);
}

/**
 * The local file header written before an entry's data. With `zip64Sizes`, the 32-bit size fields
 * hold 0xFFFFFFFF and a ZIP64 extra field holds both sizes (APPNOTE 4.5.3: both, in the local header).
 */
export function encodeLocalHeader(entry: Omit<ZipEntryRecord, 'localHeaderOffset' | 'mode'>, time: { time: number; date: number }): Buffer {
  const extra = entry.zip64Sizes ? zip64Extra([entry.size, entry.compressedSize]) : Buffer.alloc(0);
  const header = Buffer.alloc(30);
  header.writeUInt32LE(LOCAL_HEADER, 0);
  header.writeUInt16LE(entry.zip64Sizes ? VERSION_ZIP64 : VERSION_DEFLATE, 4);
  header.writeUInt16LE(isAscii(entry.name) ? 0 : FLAG_UTF8, 6);
  header.writeUInt16LE(METHOD_DEFLATE, 8);
  header.writeUInt16LE(time.time, 10);
  header.writeUInt16LE(time.date, 12);
  header.writeUInt32LE(entry.crc32 >>> 0, 14);
  header.writeUInt32LE(entry.zip64Sizes ? ZIP32_MAX : entry.compressedSize, 18);
  header.writeUInt32LE(entry.zip64Sizes ? ZIP32_MAX : entry.size, 22);
  header.writeUInt16LE(entry.name.length, 26);
  header.writeUInt16LE(extra.length, 28);
  return Buffer.concat([header, entry.name, extra]);
}

/** Bytes of the local header `encodeLocalHeader` writes for this name. */
export function localHeaderLength(name: Buffer, zip64Sizes: boolean): number {
  return 30 + name.length + (zip64Sizes ? 4 + 16 : 0);
}

/** A central directory header; values that do not fit 32 bits move to a ZIP64 extra field, in APPNOTE order. */
export function encodeCentralHeader(entry: ZipEntryRecord, time: { time: number; date: number }): Buffer {
  const sizeOverflows = entry.size >= ZIP32_MAX || entry.zip64Sizes;
  const compressedOverflows = entry.compressedSize >= ZIP32_MAX || entry.zip64Sizes;
  const offsetOverflows = entry.localHeaderOffset >= ZIP32_MAX;
  const zip64Values = [
    ...(sizeOverflows ? [entry.size] : []),
    ...(compressedOverflows ? [entry.compressedSize] : []),
    ...(offsetOverflows ? [entry.localHeaderOffset] : []),
  ];
  const extra = zip64Values.length > 0 ? zip64Extra(zip64Values) : Buffer.alloc(0);
  const version = zip64Values.length > 0 ? VERSION_ZIP64 : VERSION_DEFLATE;
  const header = Buffer.alloc(46);
  header.writeUInt32LE(CENTRAL_HEADER, 0);
  header.writeUInt16LE(MADE_BY_UNIX | version, 4);
  header.writeUInt16LE(version, 6);
  header.writeUInt16LE(isAscii(entry.name) ? 0 : FLAG_UTF8, 8);
  header.writeUInt16LE(METHOD_DEFLATE, 10);
  header.writeUInt16LE(time.time, 12);
  header.writeUInt16LE(time.date, 14);
  header.writeUInt32LE(entry.crc32 >>> 0, 16);
  header.writeUInt32LE(compressedOverflows ? ZIP32_MAX : entry.compressedSize, 20);
  header.writeUInt32LE(sizeOverflows ? ZIP32_MAX : entry.size, 24);
  header.writeUInt16LE(entry.name.length, 28);
  header.writeUInt16LE(extra.length, 30);
  // Comment length, disk number start and internal attributes stay 0.
  header.writeUInt32LE(((S_IFREG | entry.mode) << 16) >>> 0, 38);
  header.writeUInt32LE(offsetOverflows ? ZIP32_MAX : entry.localHeaderOffset, 42);
  return Buffer.concat([header, entry.name, extra]);
}

/**
 * The records after the central directory: the classic end record, preceded by the ZIP64 end
 * record and its locator when the entry count, the directory's size or its offset overflow.
 * They follow the central directory, which starts at `directoryOffset`.
 */
export function encodeEndRecords(entryCount: number, directoryOffset: number, directorySize: number): Buffer {
  const zip64 = entryCount >= ZIP16_MAX || directoryOffset >= ZIP32_MAX || directorySize >= ZIP32_MAX;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  end.writeUInt16LE(zip64 ? ZIP16_MAX : entryCount, 8);
  end.writeUInt16LE(zip64 ? ZIP16_MAX : entryCount, 10);
  end.writeUInt32LE(zip64 ? ZIP32_MAX : directorySize, 12);
  end.writeUInt32LE(zip64 ? ZIP32_MAX : directoryOffset, 16);
  if (!zip64) return end;
  const zip64End = Buffer.alloc(56);
  zip64End.writeUInt32LE(ZIP64_END_OF_CENTRAL_DIRECTORY, 0);
  // The record's size, not counting the signature and this field.
  zip64End.writeBigUInt64LE(44n, 4);
  zip64End.writeUInt16LE(MADE_BY_UNIX | VERSION_ZIP64, 12);
  zip64End.writeUInt16LE(VERSION_ZIP64, 14);
  zip64End.writeBigUInt64LE(BigInt(entryCount), 24);
  zip64End.writeBigUInt64LE(BigInt(entryCount), 32);
  zip64End.writeBigUInt64LE(BigInt(directorySize), 40);
  zip64End.writeBigUInt64LE(BigInt(directoryOffset), 48);
  const locator = Buffer.alloc(20);
  locator.writeUInt32LE(ZIP64_LOCATOR, 0);
  locator.writeBigUInt64LE(BigInt(directoryOffset + directorySize), 8);
  locator.writeUInt32LE(1, 16);
  return Buffer.concat([zip64End, locator, end]);
}

function zip64Extra(values: number[]): Buffer {
  const extra = Buffer.alloc(4 + 8 * values.length);
  extra.writeUInt16LE(ZIP64_EXTRA_ID, 0);
  extra.writeUInt16LE(8 * values.length, 2);
  values.forEach((value, i) => extra.writeBigUInt64LE(BigInt(value), 4 + 8 * i));
  return extra;
}
