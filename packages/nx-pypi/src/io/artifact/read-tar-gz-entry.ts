/**
 * Finds one member of a .tar.gz by streaming through it: gunzip, walk the 512-byte headers, skip
 * other members' data without keeping it, stop reading as soon as the member is found. Memory
 * stays flat in the archive's size. Understands ustar prefixes, pax `path` records and GNU long
 * names, which is what sdist writers (Python's tarfile: pax) produce.
 */
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { ArtifactMetadataError } from '../../core/publish/errors';

const BLOCK = 512;

/** Streams `path` and returns the first regular file whose path `wanted` accepts. */
export async function readTarGzEntry(
  path: string,
  wanted: (memberPath: string) => boolean,
  maxSize: number,
): Promise<{ path: string; data: Buffer } | undefined> {
  const source = createReadStream(path);
  const gunzip = createGunzip();
  source.on('error', (error) => gunzip.destroy(error));
  source.pipe(gunzip);
  const walker = new TarWalker(path, wanted, maxSize);
  try {
    for await (const chunk of gunzip) {
      const found = walker.push(chunk as Buffer);
      if (found) return found;
      if (walker.ended) return undefined;
    }
  } catch (error) {
    // File-system errors (ENOENT, EACCES) carry a syscall and are the caller's to word; the rest is bad data.
    if (error instanceof ArtifactMetadataError || (error as NodeJS.ErrnoException).syscall) throw error;
    throw corrupt(path, (error as Error).message);
  } finally {
    source.destroy();
    gunzip.destroy();
  }
  return undefined;
}

class TarWalker {
  ended = false;
  private pending = Buffer.alloc(0);
  /** Bytes of the current member's data (plus padding) still to pass. */
  private remaining = 0;
  private collecting: { kind: 'file' | 'pax' | 'longname'; path: string; size: number; parts: Buffer[] } | undefined;
  private nextPath: string | undefined;

  constructor(
    private readonly archive: string,
    private readonly wanted: (memberPath: string) => boolean,
    private readonly maxSize: number,
  ) {}

  push(chunk: Buffer): { path: string; data: Buffer } | undefined {
    let data = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0 && !this.ended) {
      if (this.remaining > 0) {
        const take = Math.min(this.remaining, data.length);
        if (this.collecting) this.collecting.parts.push(data.subarray(0, take));
        this.remaining -= take;
        data = data.subarray(take);
        if (this.remaining === 0 && this.collecting) {
          const found = this.finishMember();
          if (found) return found;
        }
        continue;
      }
      if (data.length < BLOCK) {
        this.pending = Buffer.from(data);
        return undefined;
      }
      this.readHeader(data.subarray(0, BLOCK));
      data = data.subarray(BLOCK);
      if (this.remaining === 0 && this.collecting) {
        const found = this.finishMember();
        if (found) return found;
      }
    }
    return undefined;
  }

  private readHeader(header: Buffer): void {
    if (header.every((byte) => byte === 0)) {
      this.ended = true;
      return;
    }
    const size = readSize(header.subarray(124, 136), this.archive);
    const type = String.fromCharCode(header[156] || 0x30);
    const name = readString(header.subarray(0, 100));
    const prefix = header.subarray(257, 262).toString('latin1') === 'ustar' ? readString(header.subarray(345, 500)) : '';
    const path = this.nextPath ?? (prefix ? `${prefix}/${name}` : name);
    if (type !== 'x' && type !== 'L') this.nextPath = undefined;
    this.remaining = Math.ceil(size / BLOCK) * BLOCK;
    const data = { path, size, parts: [] as Buffer[] };
    if (type === 'x' || type === 'L') {
      if (size > 1024 * 1024) throw corrupt(this.archive, `an extended header of ${size} bytes`);
      this.collecting = { kind: type === 'x' ? 'pax' : 'longname', ...data };
    } else if ((type === '0' || type === '7') && this.wanted(stripDotSlash(path))) {
      if (size > this.maxSize) throw corrupt(this.archive, `${path} is ${size} bytes, more than the ${this.maxSize} allowed`);
      this.collecting = { kind: 'file', ...data };
    } else {
      this.collecting = undefined;
    }
  }

  private finishMember(): { path: string; data: Buffer } | undefined {
    const member = this.collecting!;
    this.collecting = undefined;
    const content = Buffer.concat(member.parts).subarray(0, member.size);
    if (member.kind === 'file') return { path: stripDotSlash(member.path), data: content };
    if (member.kind === 'longname') this.nextPath = readString(content);
    else this.nextPath = paxPath(content) ?? this.nextPath;
    return undefined;
  }
}

// pax records: "<length> <key>=<value>\n", length counting the whole record in bytes.
function paxPath(records: Buffer): string | undefined {
  let path: string | undefined;
  for (let at = 0; at < records.length;) {
    const space = records.indexOf(0x20, at);
    if (space < 0) break;
    const length = Number(records.subarray(at, space).toString('latin1'));
    if (!Number.isInteger(length) || length <= 0) break;
    const record = records.subarray(space + 1, at + length - 1).toString('utf8');
    const equals = record.indexOf('=');
    if (record.slice(0, equals) === 'path') path = record.slice(equals + 1);
    at += length;
  }
  return path;
}

function readSize(field: Buffer, archive: string): number {
  // GNU base-256: high bit of the first byte set, big-endian binary follows.
  if (field[0] & 0x80) {
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  const text = readString(field).trim();
  if (text === '') return 0;
  if (!/^[0-7]+$/.test(text)) throw corrupt(archive, `bad member size field "${text}"`);
  return Number.parseInt(text, 8);
}

function readString(field: Buffer): string {
  const end = field.indexOf(0);
  return field.subarray(0, end < 0 ? field.length : end).toString('utf8');
}

function stripDotSlash(path: string): string {
  return path.replace(/^(\.\/)+/, '');
}

function corrupt(path: string, why: string): ArtifactMetadataError {
  return new ArtifactMetadataError(`${path} is not a readable .tar.gz archive: ${why}`, {
    code: 'ARTIFACT_CORRUPT',
    location: { file: path },
    hint: 'rebuild the artifact; it may be truncated or damaged',
  });
}
