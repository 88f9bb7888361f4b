import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { measureNameLimit, PORTABLE_NAME_LIMIT } from './name-limit';

describe('measureNameLimit', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pypi-registry-name-limit-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('finds the portable limit on a file system that takes 255-byte names, leaving nothing behind', async () => {
    expect(await measureNameLimit(dir)).toBe(PORTABLE_NAME_LIMIT);
    expect(await readdir(dir)).toEqual([]);
  });

  it('fails on a directory it cannot write, rather than guessing', async () => {
    await expect(measureNameLimit(join(dir, 'missing'))).rejects.toThrow(/ENOENT/);
  });
});
