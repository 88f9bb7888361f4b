import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EXECUTABLE_MODE } from './archive-writer';
import { TarGzWriter } from './tar-gz-writer';
import { ZipWriter } from './zip-writer';

/** 3 MB that deflate cannot shrink much (a fixed xorshift stream), streamed in several chunks. */
function noise(size: number): Buffer {
  const bytes = Buffer.alloc(size);
  let x = 0x9e3779b9;
  for (let i = 0; i + 4 <= size; i += 4) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    bytes.writeUInt32LE(x >>> 0, i);
  }
  return bytes;
}

describe('deterministic archive writers', () => {
  const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 6));
  const big = noise(3_000_001);
  const long = `pkg-1.0/${'deep/'.repeat(30)}file.txt`;
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-archive-'));
    await writeFile(join(dir, 'big.bin'), big);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  /** The same five entries into a wheel-style zip and an sdist-style tar.gz; `streamed` picks how big.bin gets in. */
  async function writeBoth(suffix: string, streamed = true): Promise<{ zip: Buffer; tar: Buffer }> {
    const zipPath = join(dir, `out-${suffix}.zip`);
    const tarPath = join(dir, `out-${suffix}.tar.gz`);
    const zip = await ZipWriter.create(zipPath, date);
    const tar = await TarGzWriter.create(tarPath, date);
    for (const writer of [zip, tar]) {
      await writer.addBuffer('pkg/__init__.py', Buffer.alloc(0));
      if (streamed) await writer.addFile('pkg/big.bin', join(dir, 'big.bin'), big.length);
      else await writer.addBuffer('pkg/big.bin', big);
      await writer.addBuffer('pkg/run.sh', Buffer.from('#!/bin/sh\n'), EXECUTABLE_MODE);
      await writer.addBuffer('pkg/données.txt', Buffer.from('café\n'));
      await writer.addBuffer(long, Buffer.from('long name\n'));
      await writer.finish();
    }
    return { zip: await readFile(zipPath), tar: await readFile(tarPath) };
  }

  it('returns the RECORD hash and size of each zip entry, streamed or from memory', async () => {
    const zip = await ZipWriter.create(join(dir, 'record.zip'), date);
    expect(await zip.addFile('a', join(dir, 'big.bin'), big.length)).toEqual({ sha256: createHash('sha256').update(big).digest(), size: big.length });
    expect(await zip.addBuffer('b', Buffer.from('x'))).toEqual({ sha256: createHash('sha256').update('x').digest(), size: 1 });
    await zip.finish();
  });

  it('writes identical bytes for identical entries, at any time of day and in any time zone', async () => {
    const first = await writeBoth('a');
    await new Promise((r) => setTimeout(r, 1100));
    const tz = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      const second = await writeBoth('b');
      expect(second.zip.equals(first.zip)).toBe(true);
      expect(second.tar.equals(first.tar)).toBe(true);
    } finally {
      process.env.TZ = tz;
    }
  });

  it('writes the same bytes whether a file was streamed from disk or added from memory', async () => {
    const streamed = await writeBoth('s', true);
    const inMemory = await writeBoth('m', false);
    expect(inMemory.zip.equals(streamed.zip)).toBe(true);
    expect(inMemory.tar.equals(streamed.tar)).toBe(true);
  });

  it('stamps the gzip header with mtime 0 and OS "unknown"', async () => {
    const { tar } = await writeBoth('c');
    expect([...tar.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  });

  it('writes the tar Python writes for the same entries, byte for byte', async () => {
    const { tar } = await writeBoth('p');
    const script = `
import io, sys, tarfile
out = io.BytesIO()
with tarfile.open(fileobj=out, mode='w', format=tarfile.PAX_FORMAT) as t:
    for name, path, data, mode in [('pkg/__init__.py', None, b'', 0o644), ('pkg/big.bin', sys.argv[1], None, 0o644),
                                   ('pkg/run.sh', None, b'#!/bin/sh\\n', 0o755), ('pkg/données.txt', None, 'café\\n'.encode(), 0o644),
                                   (sys.argv[2], None, b'long name\\n', 0o644)]:
        if data is None: data = open(path, 'rb').read()
        info = tarfile.TarInfo(name)
        info.size, info.mode, info.mtime, info.uid, info.gid, info.uname, info.gname = len(data), mode, 1767323046, 0, 0, '', ''
        t.addfile(info, io.BytesIO(data))
sys.stdout.buffer.write(out.getvalue())`;
    const expected = execFileSync('python3', ['-c', script, join(dir, 'big.bin'), long], { maxBuffer: 64 << 20 });
    expect(gunzipSync(tar).equals(expected)).toBe(true);
  });

  it('records the fixed date, the normalized modes, root owner and no user names, and the data', async () => {
    await writeBoth('d');
    const script = `
import hashlib, tarfile, zipfile, sys
t = tarfile.open(sys.argv[1])
for m in t.getmembers(): print('tar', m.name[-14:], oct(m.mode), m.mtime, m.uid, m.gid, repr(m.uname), repr(m.gname), hashlib.sha256(t.extractfile(m).read()).hexdigest()[:12])
z = zipfile.ZipFile(sys.argv[2])
assert z.testzip() is None
for i in z.infolist(): print('zip', i.filename[-14:], oct(i.external_attr >> 16), i.date_time, hashlib.sha256(z.read(i)).hexdigest()[:12])`;
    const out = execFileSync('python3', ['-c', script, join(dir, 'out-d.tar.gz'), join(dir, 'out-d.zip')], { encoding: 'utf8' });
    const sha = (data: Buffer | string) => createHash('sha256').update(data).digest('hex').slice(0, 12);
    const files: Array<[string, string, Buffer | string]> = [
      ['pkg/__init__.py', '644', ''],
      ['pkg/big.bin', '644', big],
      ['pkg/run.sh', '755', '#!/bin/sh\n'],
      ['pkg/données.txt', '644', 'café\n'],
      [long, '644', 'long name\n'],
    ];
    expect(out).toBe(
      [
        ...files.map(([name, mode, data]) => `tar ${name.slice(-14)} 0o${mode} 1767323046 0 0 '' '' ${sha(data)}`),
        ...files.map(([name, mode, data]) => `zip ${name.slice(-14)} 0o100${mode} (2026, 1, 2, 3, 4, 6) ${sha(data)}`),
        '',
      ].join('\n'),
    );
  });

  it.each([
    ['smaller', 10],
    ['larger', 4_000_000],
  ])('fails with DIST_FILE_CHANGED when a file is %s than the walk saw', async (_label, walkedSize) => {
    for (const [make, ext] of [
      [ZipWriter.create, 'zip'],
      [TarGzWriter.create, 'tar.gz'],
    ] as const) {
      const writer = await make(join(dir, `changed.${ext}`), date);
      await expect(writer.addFile('x', join(dir, 'big.bin'), walkedSize)).rejects.toMatchObject({ code: 'DIST_FILE_CHANGED' });
      await writer.abort();
    }
  });
});
