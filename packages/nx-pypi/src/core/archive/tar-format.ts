/**
 * The byte layout of a POSIX tar (pax interchange format, POSIX.1-2001), the parts an sdist uses:
 * regular files with a ustar header, preceded by a pax extended header when the name is too long
 * or not ASCII, or the size passes ustar's 8 GiB. Byte for byte the layout Python's tarfile writes
 * by default (which setuptools' sdists use), so every sdist reader knows it.
 * https://pubs.opengroup.org/onlinepubs/9699919799/utilities/pax.html#tag_20_92_13
 *
 * Owner ids are 0 and names empty, the date and mode are the caller's: nothing of the machine leaks in.
 */

export const TAR_BLOCK = 512;
/** Archives are padded to whole records of 20 blocks, as tar and Python's tarfile write them. */
const TAR_RECORD = 20 * TAR_BLOCK;
/** ustar's size and mtime fields hold 11 octal digits. */
const USTAR_MAX_NUMBER = 0o77777777777;
const USTAR_NAME_BYTES = 100;
const PAX_HEADER_NAME = Buffer.from('././@PaxHeader');

export interface TarFileHeader {
  name: string;
  /** Permission bits, e.g. 0o644. */
  mode: number;
  size: number;
  /** Seconds since 1970 UTC. */
  mtime: number;
}

/**
 * The header block(s) written before a regular file's data. As Python's tarfile (PAX_FORMAT)
 * writes them: a name that is longer than 100 bytes or not ASCII goes into a pax "path" record
 * (the ustar field keeps its first 100 characters, non-ASCII as "?"); a size past 8 GiB goes into
 * a pax "size" record (the ustar field then holds 0). The pax header itself has mode 0 and mtime 0.
 */
export function encodeTarFileHeader(header: TarFileHeader): Buffer {
  const name = Buffer.from(header.name, 'utf8');
  const pax: Array<[string, string]> = [];
  if (name.length > USTAR_NAME_BYTES || !isAscii(name)) pax.push(['path', header.name]);
  if (header.size > USTAR_MAX_NUMBER) pax.push(['size', String(header.size)]);
  const ustar = ustarHeader({
    name: Buffer.from(header.name.replace(/[^\u0001-\u007f]/gu, '?'), 'ascii').subarray(0, USTAR_NAME_BYTES),
    mode: header.mode,
    size: header.size > USTAR_MAX_NUMBER ? 0 : header.size,
    mtime: header.mtime,
    type: '0',
  });
  if (pax.length === 0) return ustar;
  const records = Buffer.concat(pax.map(([key, value]) => paxRecord(key, value)));
  const paxHeader = ustarHeader({ name: PAX_HEADER_NAME, mode: 0, size: records.length, mtime: 0, type: 'x' });
  return Buffer.concat([paxHeader, records, padding(records.length), ustar]);
}

/** Zero bytes that fill data of `size` bytes up to a whole block. */
export function padding(size: number): Buffer {
  return Buffer.alloc((TAR_BLOCK - (size % TAR_BLOCK)) % TAR_BLOCK);
}

/** The end of the archive: two zero blocks, then zeros up to a whole record. */
export function encodeTarEnd(bytesWritten: number): Buffer {
  const withEnd = bytesWritten + 2 * TAR_BLOCK;
  return Buffer.alloc(2 * TAR_BLOCK + ((TAR_RECORD - (withEnd % TAR_RECORD)) % TAR_RECORD));
}

function isAscii(name: Buffer): boolean {
  return name.every((byte) => byte > 0 && byte < 0x80);
}

/** `"<length> <key>=<value>\n"`, where the length counts the whole record, its own digits included. */
function paxRecord(key: string, value: string): Buffer {
  const body = Buffer.byteLength(` ${key}=${value}\n`);
  let length = body + String(body).length;
  if (String(length).length !== String(body).length) length = body + String(length).length;
  return Buffer.from(`${length} ${key}=${value}\n`, 'utf8');
}

function ustarHeader(fields: { name: Buffer; mode: number; size: number; mtime: number; type: '0' | 'x' }): Buffer {
  const block = Buffer.alloc(TAR_BLOCK);
  fields.name.copy(block, 0);
  writeOctal(block, 100, 8, fields.mode);
  writeOctal(block, 108, 8, 0); // uid
  writeOctal(block, 116, 8, 0); // gid
  writeOctal(block, 124, 12, fields.size);
  writeOctal(block, 136, 12, fields.mtime);
  block.write(fields.type, 156, 'ascii');
  block.write('ustar\u000000', 257, 'ascii');
  // uname, gname, the device numbers (regular files have none) and the name prefix stay empty.
  // The checksum is the byte sum with its own field read as spaces; written as 6 digits, NUL, space.
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

/** A zero-padded octal number filling the field but its last byte, which is NUL. */
function writeOctal(block: Buffer, offset: number, length: number, value: number): void {
  block.write(`${value.toString(8).padStart(length - 1, '0')}\u0000`, offset, 'ascii');
}
