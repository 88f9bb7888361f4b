import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readRegistryVersion, type RegistryVersionInput } from './read-registry-version';

/** A Nexus-like group index on loopback: one project page, 404 for the rest. */
describe('readRegistryVersion', () => {
  let server: Server;
  let base: string;
  const seen: Array<{ url: string; headers: IncomingHttpHeaders }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers });
      if (req.url === '/repository/pypi-group/simple/token-lib/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end(
          '<html><body>' +
            '<a href="../../packages/token-lib/0.1.0/token_lib-0.1.0.tar.gz#sha256=aa">token_lib-0.1.0.tar.gz</a>' +
            '<a href="../../packages/token-lib/0.10.0/token_lib-0.10.0-py3-none-any.whl#sha256=bb">token_lib-0.10.0-py3-none-any.whl</a>' +
            '<a href="../../packages/token-lib/0.9.0/token_lib-0.9.0.tar.gz#sha256=cc">token_lib-0.9.0.tar.gz</a>' +
            '</body></html>',
        );
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const input = (overrides: Partial<RegistryVersionInput> = {}): RegistryVersionInput => ({
    workspaceRoot: '/nonexistent',
    nxJson: {
      plugins: [
        {
          plugin: 'nx-pypi',
          options: {
            repositories: {
              nexus: {
                indexUrl: `${base}/repository/pypi-group/simple/`,
                usernameEnv: 'NEXUS_USERNAME',
                passwordEnv: 'NEXUS_PASSWORD',
                allowHttpLoopback: true,
              },
            },
          },
        },
      ],
    },
    distribution: 'Token_Lib',
    metadata: undefined,
    env: { HOME: '/nonexistent', NEXUS_USERNAME: 'reader', NEXUS_PASSWORD: 's3cret' },
    ...overrides,
  });

  it('returns the highest version listed on the group index, with credentials sent', async () => {
    seen.length = 0;
    const result = await readRegistryVersion(input());
    expect(result).toEqual({ currentVersion: '0.10.0', logText: `highest version listed on ${base}/repository/pypi-group/simple/token-lib/` });
    expect(seen[0].headers.authorization).toBe(`Basic ${Buffer.from('reader:s3cret').toString('base64')}`);
    expect(JSON.stringify(result)).not.toContain('s3cret');
  });

  it('never sends the password over plain http unless the repository allows loopback http', async () => {
    seen.length = 0;
    const nxJson = {
      plugins: [
        {
          plugin: 'nx-pypi',
          options: {
            repositories: { nexus: { indexUrl: `${base}/repository/pypi-group/simple/`, usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' } },
          },
        },
      ],
    };
    const refused = readRegistryVersion(input({ nxJson }));
    await expect(refused).rejects.toMatchObject({ code: 'CREDENTIALS_OVER_HTTP' });
    await expect(refused).rejects.toThrow(/env NEXUS_PASSWORD/);
    await expect(refused).rejects.not.toThrow(/s3cret/);
    expect(seen).toEqual([]);
  });

  it('returns null when the index does not know the project', async () => {
    await expect(readRegistryVersion(input({ distribution: 'never-published' }))).resolves.toEqual({
      currentVersion: null,
      logText: `${base}/repository/pypi-group/simple/never-published/ does not list never-published`,
    });
  });

  it('takes indexUrl from currentVersionResolverMetadata over the repository', async () => {
    const result = await readRegistryVersion(input({ nxJson: { plugins: ['nx-pypi'] }, metadata: { indexUrl: `${base}/repository/pypi-group/simple` } }));
    expect(result.currentVersion).toBe('0.10.0');
  });

  it("honours the project's publish target options, as publishing does", async () => {
    const nxJson = { plugins: [{ plugin: 'nx-pypi', options: { repositories: { nexus: { indexUrl: `${base}/repository/elsewhere/simple/` } } } }] };
    const targets = { publish: { options: { indexUrl: `${base}/repository/pypi-group/simple/` } } };
    await expect(readRegistryVersion(input({ nxJson, targets }))).resolves.toMatchObject({ currentVersion: '0.10.0' });
    await expect(readRegistryVersion(input({ nxJson }))).resolves.toMatchObject({ currentVersion: null });
  });

  it('says where to configure the index when there is none', async () => {
    await expect(
      readRegistryVersion(input({ nxJson: { plugins: [{ plugin: 'nx-pypi', options: { repositories: { nexus: { uploadUrl: `${base}/x/` } } } }] } })),
    ).rejects.toMatchObject({
      code: 'RELEASE_REGISTRY_NO_INDEX_URL',
      hint: expect.stringContaining('set "indexUrl" of repository "nexus"'),
    });
  });

  it('reads the repository from nx-pypi.json, and names it where the index belongs when there is none', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-release-'));
    try {
      const nexus = { usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD', allowHttpLoopback: true };
      writeFileSync(join(ws, 'nx-pypi.json'), JSON.stringify({ repositories: { nexus: { ...nexus, indexUrl: `${base}/repository/pypi-group/simple/` } } }));
      const fromFile = input({ workspaceRoot: ws, nxJson: { plugins: ['nx-pypi'] } });
      await expect(readRegistryVersion(fromFile)).resolves.toMatchObject({ currentVersion: '0.10.0' });
      writeFileSync(join(ws, 'nx-pypi.json'), JSON.stringify({ repositories: { nexus } }));
      await expect(readRegistryVersion(fromFile)).rejects.toMatchObject({
        location: { file: 'nx-pypi.json' },
        hint: expect.stringContaining('set "indexUrl" of repository "nexus" in nx-pypi.json'),
      });
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });

  it('refuses metadata it does not understand instead of ignoring it', async () => {
    await expect(readRegistryVersion(input({ metadata: { registry: 'https://x', tag: 'latest' } }))).rejects.toThrow(
      'currentVersionResolverMetadata has unsupported or non-string keys: registry, tag',
    );
  });
});
