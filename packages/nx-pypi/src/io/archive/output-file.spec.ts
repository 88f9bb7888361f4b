import { closeSync, fstatSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutputFile } from './output-file';

describe('OutputFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-pypi-output-file-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes appended bytes in order and completes a header written back at its position', async () => {
    const out = await OutputFile.create(join(dir, 'a.bin'));
    await out.append(Buffer.from('HEAD'));
    await out.append(Buffer.alloc(2 << 20, 'x')); // past one write batch
    await out.append(Buffer.from('tail'));
    await out.writeAt(0, Buffer.from('head'));
    await out.close();
    const bytes = readFileSync(join(dir, 'a.bin'));
    expect(bytes.length).toBe(4 + (2 << 20) + 4);
    expect(bytes.subarray(0, 4).toString()).toBe('head');
    expect(bytes.subarray(-4).toString()).toBe('tail');
  });

  it('a discard after close leaves alone the file that reused its descriptor number', async () => {
    const out = await OutputFile.create(join(dir, 'archive.bin'));
    await out.append(Buffer.from('data'));
    await out.close();
    // The next open gets the lowest free descriptor: the one the archive just gave back.
    writeFileSync(join(dir, 'other.txt'), 'other');
    const other = openSync(join(dir, 'other.txt'), 'r');
    try {
      await out.discard(); // a writer's abort after a failure elsewhere
      expect(fstatSync(other).size).toBe(5);
    } finally {
      closeSync(other);
    }
  });
});
