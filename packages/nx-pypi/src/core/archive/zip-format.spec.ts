import { execFileSync } from 'node:child_process';
import { crc32, deflateRawSync } from 'node:zlib';
import {
  dosDateTime,
  encodeCentralHeader,
  encodeEndRecords,
  encodeLocalHeader,
  localHeaderLength,
  needsZip64Sizes,
  ZIP32_MAX,
  type ZipEntryRecord,
} from './zip-format';

const DATE = new Date(Date.UTC(2026, 0, 2, 3, 4, 6));
const EMPTY_DEFLATED = deflateRawSync(Buffer.alloc(0));

/** A zip assembled from the format functions alone, the way the writer lays it out. */
function assemble(entries: Array<{ name: string; content: Buffer; mode?: number; zip64Sizes?: boolean }>): Buffer {
  const time = dosDateTime(DATE);
  const parts: Buffer[] = [];
  const records: ZipEntryRecord[] = [];
  let offset = 0;
  for (const { name, content, mode = 0o644, zip64Sizes = false } of entries) {
    const compressed = content.length === 0 ? EMPTY_DEFLATED : deflateRawSync(content, { level: 6 });
    const record = {
      name: Buffer.from(name, 'utf8'),
      mode,
      crc32: crc32(content),
      compressedSize: compressed.length,
      size: content.length,
      localHeaderOffset: offset,
      zip64Sizes,
    };
    const header = encodeLocalHeader(record, time);
    if (header.length !== localHeaderLength(record.name, zip64Sizes)) throw new Error(`localHeaderLength is wrong for ${name}`);
    parts.push(header, compressed);
    records.push(record);
    offset += header.length + compressed.length;
  }
  const directory = Buffer.concat(records.map((r) => encodeCentralHeader(r, time)));
  return Buffer.concat([...parts, directory, encodeEndRecords(records.length, offset, directory.length)]);
}

/** What Python's zipfile reads from a zip: every member's header fields and whether its data checks out. */
function readWithPython(zip: Buffer, limit = 10): unknown {
  const script = `
import io, json, sys, zipfile
z = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
infos = z.infolist()
print(json.dumps({
  'count': len(infos),
  'bad': z.testzip(),
  'members': [dict(name=i.filename, date=list(i.date_time), mode=oct(i.external_attr >> 16), system=i.create_system,
                   made_by=i.create_version, needs=i.extract_version, flags=i.flag_bits, method=i.compress_type,
                   size=i.file_size, extra=i.extra.hex(), data=z.read(i).decode('utf-8', 'replace')) for i in infos[:${limit}]],
}))`;
  return JSON.parse(execFileSync('python3', ['-c', script], { input: zip, encoding: 'utf8', maxBuffer: 64 << 20 }));
}

describe('zip records', () => {
  it('are read by Python as deflated Unix entries with the UTC date, the mode and UTF-8 names', () => {
    const zip = assemble([
      { name: 'token_lib/__init__.py', content: Buffer.from('') },
      { name: 'token_lib/jwt.py', content: Buffer.from('def encode():\n    return 1\n'.repeat(50)) },
      { name: 'token_lib/bin/run.sh', content: Buffer.from('#!/bin/sh\n'), mode: 0o755 },
      { name: 'token_lib/données.txt', content: Buffer.from('café\n') },
    ]);
    const base = { date: [2026, 1, 2, 3, 4, 6], system: 3, made_by: 20, needs: 20, method: 8, extra: '' };
    expect(readWithPython(zip)).toEqual({
      count: 4,
      bad: null,
      members: [
        { ...base, name: 'token_lib/__init__.py', mode: '0o100644', flags: 0, size: 0, data: '' },
        { ...base, name: 'token_lib/jwt.py', mode: '0o100644', flags: 0, size: 1350, data: 'def encode():\n    return 1\n'.repeat(50) },
        { ...base, name: 'token_lib/bin/run.sh', mode: '0o100755', flags: 0, size: 10, data: '#!/bin/sh\n' },
        { ...base, name: 'token_lib/données.txt', mode: '0o100644', flags: 0x800, size: 6, data: 'café\n' },
      ],
    });
  });

  it('give an entry ZIP64 sizes in both headers when asked, and Python reads them back', () => {
    const zip = assemble([
      { name: 'a.txt', content: Buffer.from('first\n'), zip64Sizes: true },
      { name: 'b.txt', content: Buffer.from('second\n') },
    ]);
    const read = readWithPython(zip) as {
      bad: null;
      members: Array<{ name: string; needs: number; made_by: number; size: number; data: string; extra: string }>;
    };
    expect(read.bad).toBeNull();
    expect(read.members.map(({ name, needs, made_by, size, data }) => ({ name, needs, made_by, size, data }))).toEqual([
      { name: 'a.txt', needs: 45, made_by: 45, size: 6, data: 'first\n' },
      { name: 'b.txt', needs: 20, made_by: 20, size: 7, data: 'second\n' },
    ]);
    // The central directory's ZIP64 field holds the uncompressed then the compressed size.
    expect(read.members[0].extra).toMatch(/^01001000/);
    // The local header carries it too (APPNOTE 4.5.3).
    expect(zip.readUInt32LE(18)).toBe(ZIP32_MAX);
    expect(zip.readUInt32LE(22)).toBe(ZIP32_MAX);
    expect(zip.readBigUInt64LE(30 + 5 + 4)).toBe(6n);
  });

  it('switch to the ZIP64 end records at 65,535 entries, which Python counts in full', () => {
    const entries = Array.from({ length: 65_535 }, (_, i) => ({ name: `f${i}`, content: Buffer.alloc(0) }));
    const read = readWithPython(assemble(entries), 1) as { count: number; bad: null };
    expect(read).toMatchObject({ count: 65_535, bad: null });
    const small = assemble(entries.slice(0, 65_534));
    // Below the limit: the classic end record alone, no ZIP64 locator before it.
    expect(small.readUInt32LE(small.length - 22 - 20)).not.toBe(0x07064b50);
    expect((readWithPython(small, 1) as { count: number }).count).toBe(65_534);
  }, 60_000);

  it('move an offset past 4 GiB into the ZIP64 field, keeping small sizes in place', () => {
    const record: ZipEntryRecord = {
      name: Buffer.from('late.txt'),
      mode: 0o644,
      crc32: 1,
      compressedSize: 10,
      size: 20,
      localHeaderOffset: 5_000_000_000,
      zip64Sizes: false,
    };
    const header = encodeCentralHeader(record, dosDateTime(DATE));
    expect(header.readUInt32LE(20)).toBe(10);
    expect(header.readUInt32LE(24)).toBe(20);
    expect(header.readUInt32LE(42)).toBe(ZIP32_MAX);
    const extra = header.subarray(46 + record.name.length);
    expect(extra.readUInt16LE(0)).toBe(1);
    expect(extra.readUInt16LE(2)).toBe(8);
    expect(extra.readBigUInt64LE(4)).toBe(5_000_000_000n);
    expect(header.readUInt16LE(6)).toBe(45);
  });

  it('write the DOS date of an instant in UTC, whatever the local time zone', () => {
    expect(dosDateTime(new Date(Date.UTC(1980, 0, 1, 0, 0, 0)))).toEqual({ time: 0, date: (0 << 9) | (1 << 5) | 1 });
    expect(dosDateTime(new Date(Date.UTC(2107, 11, 31, 23, 59, 58)))).toEqual({ time: (23 << 11) | (59 << 5) | 29, date: (127 << 9) | (12 << 5) | 31 });
  });

  it('decide ZIP64 sizes with the headroom deflate may need on incompressible data', () => {
    expect(needsZip64Sizes(200 * 1024 * 1024)).toBe(false);
    expect(needsZip64Sizes(4_000_000_000)).toBe(false);
    expect(needsZip64Sizes(4_100_000_000)).toBe(true);
    expect(needsZip64Sizes(ZIP32_MAX)).toBe(true);
  });
});
