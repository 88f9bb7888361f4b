import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStopOutput } from './stop-output';

describe('openStopOutput', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-pypi-stop-output-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("writes past Nx's writers, appending to the file its stderr is open on, when Nx forked the task", () => {
    const stderr = join(dir, 'nx-stderr');
    writeFileSync(stderr, 'earlier nx output\n');
    const fallback = jest.fn();
    const out = openStopOutput({ env: { NX_FORKED_TASK_EXECUTOR: 'true' }, parentStderr: stderr, fallback });
    out.write('nx-pypi local registry: removed pip.conf');
    out.close();
    expect(readFileSync(stderr, 'utf8')).toBe('earlier nx output\nnx-pypi local registry: removed pip.conf\n');
    expect(fallback).not.toHaveBeenCalled();
  });

  it("uses the logger outside Nx, and when Nx's stderr cannot be opened", () => {
    const fallback = jest.fn();
    expect(openStopOutput({ env: {}, fallback }).target).toBe('logger');
    const out = openStopOutput({ env: { NX_FORKED_TASK_EXECUTOR: 'true' }, parentStderr: join(dir, 'missing', 'fd'), fallback });
    out.write('line');
    expect([out.target, fallback.mock.calls]).toEqual(['logger', [['line']]]);
  });
});
