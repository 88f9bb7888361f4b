/** Fault injection and the upload log, through the admin endpoint and the programmatic API. */
import { readFile } from 'node:fs/promises';
import type { RunningRegistry } from '../start-registry';
import { send, type RequestOptions } from '../test-support/https-client';
import { uploadForm } from '../test-support/upload-form';
import { postForm, startTempRegistry, stopTempRegistry } from '../test-support/temp-registry';

describe('faults', () => {
  let registry: RunningRegistry;
  let token: string;
  const admin = (path: string, options: RequestOptions & { json?: unknown } = {}) =>
    send(registry, `/-/admin/${path}`, {
      ...options,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...options.headers },
      body: options.json === undefined ? options.body : JSON.stringify(options.json),
    });
  const listed = async (repository: string, project: string): Promise<string[]> =>
    [...(await send(registry, `/repository/${repository}/simple/${project}/`)).body.matchAll(/>([^<]+)<\/a>/g)].map((m) => m[1]!);

  beforeAll(async () => {
    registry = await startTempRegistry();
    token = (await readFile(registry.adminTokenFile, 'utf8')).trim();
  });
  afterEach(() => registry.faults.clear());
  afterAll(() => stopTempRegistry(registry));

  it('refuses admin requests without the token', async () => {
    expect((await send(registry, '/-/admin/faults')).status).toBe(401);
    expect((await send(registry, '/-/admin/faults', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
    expect((await admin('faults')).status).toBe(200);
  });

  it('rejects an invalid fault patch with every problem listed', async () => {
    const response = await admin('faults', { method: 'POST', json: { failUploads: { count: 1, status: 404 }, delayMs: -1, typo: 1 } });
    expect(response.status).toBe(400);
    expect(JSON.parse(response.body).problems).toEqual([
      'failUploads.status: must be an integer from 500 to 599',
      'delayMs: must be a non-negative integer',
      'typo: unknown fault (expected one of failUploads, dropBeforeStore, dropAfterStore, delayMs, groupLagSeconds)',
    ]);
    expect(() => registry.faults.set({ delayMs: 1.5 })).toThrow('delayMs: must be a non-negative integer');
  });

  it('fails the next N uploads with the given 5xx, then stores again', async () => {
    expect((await admin('faults', { method: 'POST', json: { failUploads: { count: 2, status: 503 } } })).status).toBe(200);
    const form = uploadForm('flaky', '1.0', 'flaky-1.0.tar.gz');
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await postForm(registry, 'pypi-hosted', form)).status);
    expect(statuses).toEqual([503, 503, 200]);
    const log = JSON.parse((await admin('uploads')).body) as Array<{ filename: string | null; outcome: string }>;
    expect(log.slice(-3).map((entry) => entry.outcome)).toEqual(['fault', 'fault', 'stored']);
    expect(log[log.length - 1]).toEqual({
      filename: 'flaky-1.0.tar.gz',
      repository: 'pypi-hosted',
      time: expect.any(String),
      outcome: 'stored',
      status: 200,
      user: 'publisher',
    });
  });

  it('drops the connection before storing: nothing is stored, a retry succeeds', async () => {
    registry.faults.set({ dropBeforeStore: 1 });
    const form = uploadForm('lost', '1.0', 'lost-1.0.tar.gz');
    await expect(postForm(registry, 'pypi-hosted', form)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await send(registry, '/repository/pypi-hosted/simple/lost/')).status).toBe(404);
    expect((await postForm(registry, 'pypi-hosted', form)).status).toBe(200);
    expect(
      registry
        .uploads()
        .slice(-2)
        .map((entry) => entry.outcome),
    ).toEqual(['dropped-before-store', 'stored']);
  });

  it('drops the connection after storing: the file is there, a retry is refused as a redeploy', async () => {
    registry.faults.set({ dropAfterStore: 1 });
    const form = uploadForm('ghost', '1.0', 'ghost-1.0.tar.gz');
    await expect(postForm(registry, 'pypi-hosted', form)).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(await listed('pypi-hosted', 'ghost')).toEqual(['ghost-1.0.tar.gz']);
    const retry = await postForm(registry, 'pypi-hosted', form);
    expect([retry.status, retry.reason]).toEqual([400, 'pypi-hosted/packages/ghost/1.0/ghost-1.0.tar.gz cannot be updated']);
  });

  it('delays repository responses but not admin ones', async () => {
    await admin('faults', { method: 'POST', json: { delayMs: 300 } });
    let started = Date.now();
    expect((await send(registry, '/repository/pypi-hosted/simple/')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    started = Date.now();
    await admin('faults');
    expect(Date.now() - started).toBeLessThan(250);
  });

  it('keeps a new upload off the group index for the lag, while the hosted index shows it', async () => {
    registry.faults.set({ groupLagSeconds: 1 });
    expect((await postForm(registry, 'pypi-hosted', uploadForm('laggy', '1.0', 'laggy-1.0.tar.gz'))).status).toBe(200);
    expect(await listed('pypi-hosted', 'laggy')).toEqual(['laggy-1.0.tar.gz']);
    expect(await listed('pypi-public', 'laggy')).toEqual([]);
    expect((await send(registry, '/repository/pypi-public/simple/')).body).not.toContain('laggy/');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect(await listed('pypi-public', 'laggy')).toEqual(['laggy-1.0.tar.gz']);
  });

  it('clears faults with DELETE', async () => {
    registry.faults.set({ delayMs: 5, dropAfterStore: 3 });
    const cleared = JSON.parse((await admin('faults', { method: 'DELETE' })).body);
    expect(cleared).toEqual({ failUploads: { count: 0, status: 503 }, dropBeforeStore: 0, dropAfterStore: 0, delayMs: 0, groupLagSeconds: 0 });
  });
});
