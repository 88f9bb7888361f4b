import { execFileSync } from 'node:child_process';
import { encodeTarEnd, encodeTarFileHeader, padding, TAR_BLOCK, type TarFileHeader } from './tar-format';

/** The header bytes Python's tarfile (PAX_FORMAT, what setuptools' sdists use) writes for the same entries. */
function pythonHeaders(headers: TarFileHeader[]): Buffer[] {
  const script = `
import json, sys, tarfile
for h in json.load(sys.stdin):
    info = tarfile.TarInfo(h['name'])
    info.mode, info.size, info.mtime = h['mode'], h['size'], h['mtime']
    info.uid = info.gid = 0
    info.uname = info.gname = ''
    print(info.tobuf(tarfile.PAX_FORMAT, 'utf-8', 'surrogateescape').hex())`;
  const out = execFileSync('python3', ['-c', script], { input: JSON.stringify(headers), encoding: 'utf8' });
  return out
    .trim()
    .split('\n')
    .map((line) => Buffer.from(line, 'hex'));
}

describe('tar headers', () => {
  const mtime = 1767323046;
  const cases: Array<[string, TarFileHeader]> = [
    ['a short ASCII name', { name: 'token_lib-0.1.0/token_lib/__init__.py', mode: 0o644, size: 0, mtime }],
    ['an executable file', { name: 'pkg-1.0/bin/run.sh', mode: 0o755, size: 12345, mtime }],
    ['a name of exactly 100 bytes', { name: `pkg-1.0/${'a'.repeat(92)}`, mode: 0o644, size: 1, mtime }],
    ['a name of 101 bytes (pax path)', { name: `pkg-1.0/${'a'.repeat(93)}`, mode: 0o644, size: 1, mtime }],
    ['a 300-byte deep path (pax path)', { name: `pkg-1.0/${'deep/'.repeat(58)}f.py`, mode: 0o644, size: 700, mtime }],
    ['a non-ASCII name (pax path, "?" in ustar)', { name: 'pkg-1.0/données/café_😀.txt', mode: 0o644, size: 3, mtime }],
    ['a size past 8 GiB (pax size)', { name: 'pkg-1.0/huge.bin', mode: 0o644, size: 9_000_000_000, mtime }],
    ['a long name and a huge size', { name: `pkg-1.0/${'x'.repeat(120)}.bin`, mode: 0o644, size: 2 ** 40, mtime }],
    // " path=<91 bytes>\n" is 98 bytes: with its 2-digit length 100, which takes 3 digits: 101.
    ['a pax record whose length gains a digit', { name: `pkg-1.0/é${'a'.repeat(81)}`, mode: 0o644, size: 1, mtime }],
    ['a pax record just past the digit change', { name: `pkg-1.0/é${'a'.repeat(82)}`, mode: 0o644, size: 1, mtime }],
  ];

  it.each(cases.map(([label], i) => [label, i]))('writes the bytes Python writes for %s', (_label, i) => {
    const header = cases[i as number][1];
    const [expected] = pythonHeaders([header]);
    const ours = encodeTarFileHeader(header);
    expect(ours.toString('hex')).toBe(expected.toString('hex'));
    expect(ours.length % TAR_BLOCK).toBe(0);
  });

  it('pads data to whole blocks and ends with two zero blocks and whole 10 KiB records', () => {
    expect(padding(0).length).toBe(0);
    expect(padding(1).length).toBe(511);
    expect(padding(512).length).toBe(0);
    expect(encodeTarEnd(512).length).toBe(10240 - 512);
    expect(encodeTarEnd(10240).length).toBe(10240);
    expect(encodeTarEnd(10240 - 1024).length).toBe(1024);
    expect(encodeTarEnd(10240 - 1024).every((b) => b === 0)).toBe(true);
  });
});
