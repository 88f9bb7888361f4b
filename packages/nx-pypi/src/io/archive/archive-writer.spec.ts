import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { EXECUTABLE_MODE } from './archive-writer';
import { createTarGzWriter } from './tar-gz-writer';
import { createZipWriter } from './zip-writer';

describe('deterministic archive writers', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-archive-'));
    await writeFile(join(dir, 'data.bin'), Buffer.alloc(300_000, 7));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function writeBoth(suffix: string, date: Date): Promise<{ zip: Buffer; tar: Buffer }> {
    for (const [make, ext] of [[createZipWriter, 'zip'], [createTarGzWriter, 'tar.gz']] as const) {
      const writer = make(join(dir, `out-${suffix}.${ext}`), date);
      const long = `pkg-1.0/${'deep/'.repeat(30)}file.txt`;
      const entry = await writer.addFile('pkg/data.bin', join(dir, 'data.bin'), 300_000);
      expect(entry).toEqual({ sha256: createHash('sha256').update(Buffer.alloc(300_000, 7)).digest(), size: 300_000 });
      await writer.addBuffer('pkg/run.sh', Buffer.from('#!/bin/sh\n'), EXECUTABLE_MODE);
      await writer.addBuffer(long, Buffer.from('long name\n'));
      await writer.finish();
    }
    return { zip: await readFile(join(dir, `out-${suffix}.zip`)), tar: await readFile(join(dir, `out-${suffix}.tar.gz`)) };
  }

  it('writes identical bytes for identical entries, at any time of day and in any time zone', async () => {
    const date = new Date(Date.UTC(2026, 0, 2, 3, 4, 6));
    const first = await writeBoth('a', date);
    await new Promise((r) => setTimeout(r, 1100));
    const tz = process.env.TZ;
    process.env.TZ = 'Pacific/Kiritimati';
    try {
      const second = await writeBoth('b', date);
      expect(second.zip.equals(first.zip)).toBe(true);
      expect(second.tar.equals(first.tar)).toBe(true);
    } finally {
      process.env.TZ = tz;
    }
  });

  it('stamps the gzip header with mtime 0 and OS "unknown"', async () => {
    const { tar } = await writeBoth('c', new Date(0));
    expect([...tar.subarray(0, 10)]).toEqual([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255]);
  });

  it('records the fixed date, the normalized modes, root owner and no user names', async () => {
    await writeBoth('d', new Date(Date.UTC(2026, 0, 2, 3, 4, 6)));
    const script = `
import tarfile, zipfile, sys
for m in tarfile.open(sys.argv[1]).getmembers(): print('tar', m.name[-12:], oct(m.mode), m.mtime, m.uid, m.gid, repr(m.uname), repr(m.gname))
for i in zipfile.ZipFile(sys.argv[2]).infolist(): print('zip', i.filename[-12:], oct(i.external_attr >> 16), i.date_time)`;
    const out = execFileSync('python3', ['-c', script, join(dir, 'out-d.tar.gz'), join(dir, 'out-d.zip')], { encoding: 'utf8' });
    expect(out).toBe(`tar pkg/data.bin 0o644 1767323046 0 0 '' ''
tar pkg/run.sh 0o755 1767323046 0 0 '' ''
tar eep/file.txt 0o644 1767323046 0 0 '' ''
zip pkg/data.bin 0o100644 (2026, 1, 2, 3, 4, 6)
zip pkg/run.sh 0o100755 (2026, 1, 2, 3, 4, 6)
zip eep/file.txt 0o100644 (2026, 1, 2, 3, 4, 6)
`);
    // The tar stream itself must be a valid ustar with a pax header for the long name.
    expect(gunzipSync(await readFile(join(dir, 'out-d.tar.gz'))).includes(Buffer.from('ustar'))).toBe(true);
  });

  it('rejects a file whose size changed since the walk', async () => {
    const writer = createZipWriter(join(dir, 'bad.zip'), new Date(0));
    await expect(writer.addFile('x', join(dir, 'data.bin'), 10)).rejects.toThrow();
    await writer.abort();
  });
});
