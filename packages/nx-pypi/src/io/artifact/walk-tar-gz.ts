/**
 * Walks a .tar.gz by streaming through it: gunzip, read the 512-byte headers, hand each member's
 * data to whoever asked for it and pass over the rest without keeping it. Memory stays flat in
 * the archive's size. Understands ustar prefixes, pax `path`/`linkpath`/`size` records and GNU
 * long names and link names, which is what sdist writers produce (Python's tarfile: pax; this
 * plugin's writer: pax, with a `size` record past 8 GiB). Header checksums are verified, so a
 * damaged archive fails as damaged instead of yielding garbage members.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ArtifactMetadataError } from '../../core/publish/errors';

export type TarMemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'special';

export interface TarMember {
  /** Without a leading `./` or a directory's trailing `/`. */
  path: string;
  type: TarMemberType;
  /** Permission bits (`& 0o7777`). */
  mode: number;
  /** Bytes of data that follow the header (0 for directories, links and devices). */
  size: number;
  /** Where a symlink or hard link points. */
  linkTarget?: string;
}

/** Where one member's data goes. `end` returning true stops the walk (the caller found what it wanted). */
export interface TarMemberSink {
  data(chunk: Buffer): void;
  end(): boolean | void;
}

const BLOCK = 512;
// Extended headers hold a few names; past this they are not headers.
const MAX_EXTENDED_HEADER = 1024 * 1024;
// Types whose size field is not followed by data, as Python's tarfile reads them: links, devices, directories, FIFOs.
const NO_DATA_TYPES = new Set(['1', '2', '3', '4', '5', '6']);

/**
 * Streams `path`, calling `visit` for every member in archive order; a member's data goes to the
 * sink `visit` returns (none: the data is skipped). Throws ArtifactMetadataError (ARTIFACT_CORRUPT)
 * for bad data; file-system errors (ENOENT, EACCES) pass as they are, for the caller to word.
 */
export async function walkTarGz(path: string, visit: (member: TarMember) => TarMemberSink | undefined): Promise<void> {
  const source = createReadStream(path);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const parser = new TarParser(path, visit);
  try {
    for await (const chunk of gunzip) {
      parser.push(chunk as Buffer);
      if (parser.done) return;
    }
    parser.finish();
  } catch (error) {
    if (error instanceof ArtifactMetadataError || (error as NodeJS.ErrnoException).syscall) throw error;
    throw corruptTarGz(path, (error as Error).message);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
}

export function corruptTarGz(path: string, why: string): ArtifactMetadataError {
  return new ArtifactMetadataError(`${path} is not a readable .tar.gz archive: ${why}`, {
    code: 'ARTIFACT_CORRUPT',
    location: { file: path },
    hint: 'rebuild the artifact; it may be truncated or damaged',
  });
}

interface Extended {
  kind: 'pax' | 'global' | 'longname' | 'longlink';
  size: number;
  parts: Buffer[];
}

/** What extended headers said about the next member. */
interface Pending {
  path?: string;
  linkTarget?: string;
  size?: number;
}

class TarParser {
  /** The end-of-archive block was read, or a sink stopped the walk. */
  done = false;
  private pending = Buffer.alloc(0);
  /** Data bytes of the current entry still to come, then its padding. */
  private dataLeft = 0;
  private paddingLeft = 0;
  private sink: TarMemberSink | undefined;
  private extended: Extended | undefined;
  private next: Pending = {};

  constructor(
    private readonly archive: string,
    private readonly visit: (member: TarMember) => TarMemberSink | undefined,
  ) {}

  push(chunk: Buffer): void {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0 && !this.done) {
      if (this.dataLeft > 0) {
        const take = Math.min(this.dataLeft, data.length);
        const part = data.subarray(0, take);
        if (this.extended) this.extended.parts.push(part);
        else this.sink?.data(part);
        this.dataLeft -= take;
        data = data.subarray(take);
        if (this.dataLeft === 0) this.endEntry();
        continue;
      }
      if (this.paddingLeft > 0) {
        const take = Math.min(this.paddingLeft, data.length);
        this.paddingLeft -= take;
        data = data.subarray(take);
        continue;
      }
      if (data.length < BLOCK) {
        this.pending = Buffer.from(data);
        return;
      }
      this.readHeader(data.subarray(0, BLOCK));
      data = data.subarray(BLOCK);
    }
  }

  /** The stream ended: it must not end inside an entry (a truncated archive). */
  finish(): void {
    if (this.done) return;
    if (this.dataLeft > 0 || this.extended || this.pending.length > 0) throw corruptTarGz(this.archive, 'it ends inside a member (truncated)');
  }

  private readHeader(header: Buffer): void {
    if (header.every((byte) => byte === 0)) {
      this.done = true;
      return;
    }
    this.checkChecksum(header);
    const type = String.fromCharCode(header[156] || 0x30);
    const headerSize = readNumber(header.subarray(124, 136), 'size', this.archive);
    if (type === 'x' || type === 'g' || type === 'L' || type === 'K') {
      if (headerSize > MAX_EXTENDED_HEADER) throw corruptTarGz(this.archive, `an extended header of ${headerSize} bytes`);
      const kind = ({ x: 'pax', g: 'global', L: 'longname', K: 'longlink' } as const)[type];
      this.extended = { kind, size: headerSize, parts: [] };
      this.startData(headerSize);
      return;
    }
    const name = readString(header.subarray(0, 100));
    const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? readString(header.subarray(345, 500)) : '';
    const rawPath = this.next.path ?? (prefix ? `${prefix}/${name}` : name);
    const linkTarget = type === '1' || type === '2' ? (this.next.linkTarget ?? readString(header.subarray(157, 257))) : undefined;
    const size = NO_DATA_TYPES.has(type) ? 0 : (this.next.size ?? headerSize);
    this.next = {};
    // Old tars mark a directory as a regular file whose name ends in "/" (Python's tarfile reads it so too).
    const memberType: TarMemberType =
      type === '5' || (type === '0' && header[156] === 0 && rawPath.endsWith('/'))
        ? 'directory'
        : type === '0' || type === '7'
          ? 'file'
          : type === '2'
            ? 'symlink'
            : type === '1'
              ? 'hardlink'
              : 'special';
    const member: TarMember = {
      path: normalizePath(rawPath),
      type: memberType,
      mode: readNumber(header.subarray(100, 108), 'mode', this.archive) & 0o7777,
      size,
      ...(linkTarget !== undefined ? { linkTarget } : {}),
    };
    this.sink = this.visit(member);
    this.startData(size);
  }

  private startData(size: number): void {
    this.dataLeft = size;
    this.paddingLeft = (BLOCK - (size % BLOCK)) % BLOCK;
    if (size === 0) this.endEntry();
  }

  private endEntry(): void {
    const extended = this.extended;
    if (extended) {
      this.extended = undefined;
      const content = Buffer.concat(extended.parts);
      if (extended.kind === 'longname') this.next.path = readString(content);
      else if (extended.kind === 'longlink') this.next.linkTarget = readString(content);
      // A global header sets defaults for the whole archive; none of the keys read here belong there.
      else if (extended.kind === 'pax') Object.assign(this.next, parsePax(content, this.archive));
      return;
    }
    const sink = this.sink;
    this.sink = undefined;
    if (sink?.end() === true) this.done = true;
  }

  /** The header's byte sum with its checksum field read as spaces; some old writers summed signed bytes. */
  private checkChecksum(header: Buffer): void {
    const stored = readNumber(header.subarray(148, 156), 'checksum', this.archive);
    let unsigned = 0;
    let signed = 0;
    for (let i = 0; i < BLOCK; i++) {
      const byte = i >= 148 && i < 156 ? 0x20 : header[i];
      unsigned += byte;
      signed += byte > 127 ? byte - 256 : byte;
    }
    if (stored !== unsigned && stored !== signed) throw corruptTarGz(this.archive, `a header's checksum does not match (damaged data)`);
  }
}

// pax records: "<length> <key>=<value>\n", length counting the whole record in bytes.
function parsePax(records: Buffer, archive: string): Pending {
  const found: Pending = {};
  for (let at = 0; at < records.length;) {
    const space = records.indexOf(0x20, at);
    const length = space < 0 ? NaN : Number(records.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0 || at + length > records.length) throw corruptTarGz(archive, 'a pax extended header is malformed');
    const record = records.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    const key = record.slice(0, equals);
    const value = record.slice(equals + 1);
    if (key === 'path') found.path = value;
    else if (key === 'linkpath') found.linkTarget = value;
    else if (key === 'size') {
      if (!/^\d+$/.test(value)) throw corruptTarGz(archive, `a pax size record "${value}" is not a number`);
      found.size = Number(value);
    }
    at += length;
  }
  return found;
}

function readNumber(field: Buffer, what: string, archive: string): number {
  // GNU base-256: high bit of the first byte set, big-endian binary follows.
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  const text = readString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw corruptTarGz(archive, `bad member ${what} field "${text}"`);
  return Number.parseInt(text, 8);
}

function readString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function normalizePath(path: string): string {
  const trimmed = path.replace(/^(\.\/)+/, '');
  return trimmed.length > 1 ? trimmed.replace(/\/+$/, '') : trimmed;
}
