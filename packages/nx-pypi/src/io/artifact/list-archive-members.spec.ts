import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { ArchiveMember } from '../../core/publish/compare-archive-contents';
import { NxPypiError } from '../../errors';
import { TarGzWriter } from '../archive/tar-gz-writer';
import { ZipWriter } from '../archive/zip-writer';
import { listArchiveMembers } from './list-archive-members';

const sha256 = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

// Python's zipfile and tarfile write the archives: a writer independent of the reader.
const WRITE = `
import sys, io, tarfile, zipfile, hashlib, base64
out = sys.argv[1]
def b64(algo, data):
    return algo + "=" + base64.urlsafe_b64encode(hashlib.new(algo, data).digest()).rstrip(b"=").decode()
files = [("pkg/__init__.py", b"x = 1\\n"), ("pkg/run", b"#!/bin/sh\\n"), ("pkg-1.0.dist-info/METADATA", b"Name: pkg\\n")]
record = "".join("%s,%s,%d\\n" % (p, b64("sha512", d), len(d)) for p, d in files) + "pkg-1.0.dist-info/RECORD,,\\n"
with zipfile.ZipFile(out + "/pkg-1.0-py3-none-any.whl", "w", zipfile.ZIP_DEFLATED) as z:
    for path, data in files + [("pkg-1.0.dist-info/RECORD", record.encode())]:
        info = zipfile.ZipInfo(path, date_time=(2020, 1, 1, 0, 0, 0))
        info.external_attr = (0o100755 if path == "pkg/run" else 0o100644) << 16
        z.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
def sdist(name, fmt):
    long = "pkg-1.0/src/" + "m" * 120 + ".py"
    with tarfile.open(out + "/" + name, "w:gz", format=fmt) as t:
        d = tarfile.TarInfo("pkg-1.0"); d.type = tarfile.DIRTYPE; d.mode = 0o755; t.addfile(d)
        for path, data, mode in [(long, b"y" * 700, 0o644), ("./pkg-1.0/PKG-INFO", b"Name: pkg\\n", 0o600)]:
            info = tarfile.TarInfo(path); info.size = len(data); info.mode = mode; t.addfile(info, io.BytesIO(data))
        link = tarfile.TarInfo("pkg-1.0/link"); link.type = tarfile.SYMTYPE; link.linkname = "l" * 120; t.addfile(link)
sdist("pkg-1.0.tar.gz", tarfile.PAX_FORMAT)
sdist("gnu-1.0.tar.gz", tarfile.GNU_FORMAT)
with zipfile.ZipFile(out + "/zipped-1.0.zip", "w") as z:
    info = zipfile.ZipInfo("zipped-1.0/PKG-INFO"); info.external_attr = 0o100640 << 16
    z.writestr(info, b"Name: zipped\\n")
`;

const byPath = (members: readonly ArchiveMember[]) => Object.fromEntries(members.map((m) => [m.path, m]));

describe('listArchiveMembers', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-members-'));
    execFileSync('python3', ['-c', WRITE, dir], { env: { PATH: process.env.PATH ?? '' } });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lists a wheel's members with the digests its RECORD uses, their modes, and the RECORD rows", async () => {
    const listing = await listArchiveMembers(join(dir, 'pkg-1.0-py3-none-any.whl'), 'pkg-1.0-py3-none-any.whl');
    if (listing.format !== 'wheel') throw new Error('expected a wheel');
    const members = byPath(listing.members);
    expect(members['pkg/run']).toEqual({
      path: 'pkg/run',
      type: 'file',
      size: 10,
      mode: 0o755,
      digests: { sha256: sha256('#!/bin/sh\n'), sha512: createHash('sha512').update('#!/bin/sh\n').digest('hex') },
    });
    expect(members['pkg/__init__.py'].mode).toBe(0o644);
    expect(listing.record?.path).toBe('pkg-1.0.dist-info/RECORD');
    expect('rows' in listing.record!.parsed && listing.record!.parsed.rows.map((r) => r.path)).toEqual([
      'pkg/__init__.py',
      'pkg/run',
      'pkg-1.0.dist-info/METADATA',
      'pkg-1.0.dist-info/RECORD',
    ]);
  });

  it.each(['pkg-1.0.tar.gz', 'gnu-1.0.tar.gz'])('lists every member of %s with its type, mode, link target and sha256, long names included', async (name) => {
    const listing = await listArchiveMembers(join(dir, name), name);
    expect(listing.format).toBe('sdist');
    expect(listing.members.map(({ path, type, mode, size, linkTarget }) => ({ path, type, mode, size, linkTarget }))).toEqual([
      { path: 'pkg-1.0', type: 'directory', mode: 0o755, size: 0, linkTarget: undefined },
      { path: `pkg-1.0/src/${'m'.repeat(120)}.py`, type: 'file', mode: 0o644, size: 700, linkTarget: undefined },
      { path: 'pkg-1.0/PKG-INFO', type: 'file', mode: 0o600, size: 10, linkTarget: undefined },
      { path: 'pkg-1.0/link', type: 'symlink', mode: 0o644, size: 0, linkTarget: 'l'.repeat(120) },
    ]);
    expect(listing.members[1].digests).toEqual({ sha256: sha256('y'.repeat(700)) });
  });

  it('lists a .zip sdist with the Unix modes it records', async () => {
    const listing = await listArchiveMembers(join(dir, 'zipped-1.0.zip'), 'zipped-1.0.zip');
    expect(listing).toEqual({
      format: 'sdist',
      members: [{ path: 'zipped-1.0/PKG-INFO', type: 'file', size: 13, mode: 0o640, digests: { sha256: sha256('Name: zipped\n') } }],
    });
  });

  it("streams large members of the builder's own archives, hashing them as they are read", async () => {
    const big = randomBytes(3 * 1024 * 1024);
    await writeFile(join(dir, 'big.bin'), big);
    const zip = await ZipWriter.create(join(dir, 'big-1.0-py3-none-any.whl'), new Date('2020-01-01T00:00:00Z'));
    await zip.addFile('big/data.bin', join(dir, 'big.bin'), big.length);
    await zip.finish();
    const tar = await TarGzWriter.create(join(dir, 'big-1.0.tar.gz'), new Date(0));
    await tar.addFile('big-1.0/data.bin', join(dir, 'big.bin'), big.length);
    await tar.finish();
    const wheel = await listArchiveMembers(join(dir, 'big-1.0-py3-none-any.whl'), 'big-1.0-py3-none-any.whl');
    const sdist = await listArchiveMembers(join(dir, 'big-1.0.tar.gz'), 'big-1.0.tar.gz');
    expect(wheel).toEqual({
      format: 'wheel',
      members: [expect.objectContaining({ path: 'big/data.bin', size: big.length, digests: { sha256: sha256(big) } })],
    });
    expect(sdist.members).toEqual([expect.objectContaining({ path: 'big-1.0/data.bin', size: big.length, digests: { sha256: sha256(big) }, mode: 0o644 })]);
  });

  it.each([
    ['a wheel with a damaged member', 'bad-1.0-py3-none-any.whl', /bad\/__init__\.py (fails its size or CRC check|does not inflate)/],
    ['a tar.gz cut inside a member', 'cut-1.0.tar.gz', /it ends inside a member \(truncated\)/],
    ['a tar.gz whose header was altered', 'sum-1.0.tar.gz', /a header's checksum does not match/],
    ['a file that is not gzip', 'junk-1.0.tar.gz', /is not a readable \.tar\.gz archive/],
  ])('refuses %s with a typed error naming the file', async (_, name, why) => {
    const path = join(dir, name);
    if (name.startsWith('bad')) {
      const zip = await ZipWriter.create(path, new Date('2020-01-01T00:00:00Z'));
      await zip.addBuffer('bad/__init__.py', Buffer.from('x = 1\n'.repeat(100)));
      await zip.finish();
      const bytes = await readFile(path);
      bytes[30 + 'bad/__init__.py'.length + 3] ^= 0xff;
      await writeFile(path, bytes);
    } else if (name.startsWith('cut') || name.startsWith('sum')) {
      const tar = await TarGzWriter.create(path, new Date(0));
      await tar.addBuffer('cut-1.0/PKG-INFO', Buffer.alloc(2000, 0x61));
      await tar.finish();
      const raw = gunzipSync(await readFile(path));
      if (name.startsWith('cut')) await writeFile(path, gzipSync(raw.subarray(0, 1024)));
      else {
        raw[0] = 0x62;
        await writeFile(path, gzipSync(raw));
      }
    } else await writeFile(path, 'not gzip');
    const error = await listArchiveMembers(path, name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NxPypiError);
    expect((error as NxPypiError).code).toBe('ARTIFACT_CORRUPT');
    expect((error as NxPypiError).message).toMatch(why);
    expect((error as NxPypiError).message).toContain(path);
  });
});
