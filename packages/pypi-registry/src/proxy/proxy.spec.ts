/**
 * Proxy repositories against real upstreams over TLS: a second registry (with its own CA) as the
 * upstream index, and a bare https server where a test needs an upstream that misbehaves or links
 * to another origin. The proxying registry's clock is injected, so cache ages pass without waiting.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { RunningRegistry } from '../start-registry';
import { send } from '../test-support/https-client';
import { postForm, startTempRegistry, stopTempRegistry } from '../test-support/temp-registry';
import { fakeArchive, uploadForm } from '../test-support/upload-form';

const MINUTE = 60_000;
const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const links = (html: string): string[] => [...html.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]!);

/** A bare upstream: answers from `routes` by path and records each request's Host and Authorization. */
interface BareUpstream {
  port: number;
  seen: Array<{ host: string; path: string; authorization?: string }>;
  routes: Map<string, (host: string) => { status: number; type?: string; body?: string | Buffer; location?: string }>;
  server: Server;
}

async function startBareUpstream(certDir: string): Promise<BareUpstream> {
  const upstream = { seen: [], routes: new Map() } as unknown as BareUpstream;
  upstream.server = createServer({ key: readFileSync(join(certDir, 'leaf.key')), cert: readFileSync(join(certDir, 'leaf-chain.pem')) }, (request, response) => {
    const host = request.headers.host ?? '';
    upstream.seen.push({ host, path: request.url ?? '', authorization: request.headers.authorization });
    const route = upstream.routes.get(request.url ?? '');
    const answer = route ? route(host) : { status: 404 };
    response.writeHead(answer.status, {
      ...(answer.type && { 'Content-Type': answer.type }),
      ...(answer.location && { Location: answer.location }),
    });
    response.end(answer.body);
  });
  await new Promise<void>((resolve) => upstream.server.listen(0, '127.0.0.1', resolve));
  upstream.port = (upstream.server.address() as AddressInfo).port;
  return upstream;
}

function closeServer(server: Server | undefined): Promise<void> {
  if (!server) return Promise.resolve();
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

describe('proxy repositories', () => {
  let upstream: RunningRegistry | undefined;
  let proxying: RunningRegistry | undefined;
  let bare: BareUpstream | undefined;
  let closedPort: number;
  const upstreamLog: string[] = [];
  const warnings: string[] = [];
  let now = Date.parse('2030-01-01T00:00:00Z');
  const wheel = fakeArchive('tokenbase-1.0-py3-none-any.whl');
  const leakyBytes = fakeArchive('leaky-1.0.tar.gz');

  /** Upstream requests for a path (method and path as the log line starts). */
  const upstreamHits = (path: string): string[] => upstreamLog.filter((line) => line.startsWith(`GET ${path} `));

  beforeAll(async () => {
    upstream = await startTempRegistry({
      simpleJson: true,
      config: {
        repositories: [
          { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'private-up', type: 'hosted', writePolicy: 'allow-once', anonymousRead: false },
          { name: 'pypi-public', type: 'group', members: ['pypi-hosted'], anonymousRead: true },
        ],
      },
      logRequest: (line) => upstreamLog.push(line),
    });
    expect((await postForm(upstream, 'pypi-hosted', uploadForm('tokenbase', '1.0', 'tokenbase-1.0-py3-none-any.whl', { bytes: wheel }))).status).toBe(200);
    expect((await postForm(upstream, 'private-up', uploadForm('secretbase', '2.0', 'secretbase-2.0.tar.gz'))).status).toBe(200);

    bare = await startBareUpstream(join(upstream.dataDir, 'certs'));
    // A port that was free a moment ago: nothing listens there.
    const probe = await startBareUpstream(join(upstream.dataDir, 'certs'));
    closedPort = probe.port;
    await closeServer(probe.server);

    const ca = upstream.certs.chain;
    const { username, password } = upstream.credentials;
    const bareUrl = `https://127.0.0.1:${bare.port}/simple/`;
    proxying = await startTempRegistry({
      clock: () => now,
      logError: (line) => warnings.push(line),
      config: {
        repositories: [
          { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'pypi-proxy', type: 'proxy', remoteUrl: upstream.indexUrl(), ca, metadataMaxAgeMinutes: 10, negativeCacheMinutes: 5, anonymousRead: true },
          {
            name: 'private-proxy',
            type: 'proxy',
            remoteUrl: upstream.indexUrl('private-up'),
            ca: await readFile(ca, 'utf8'),
            username,
            password,
            metadataMaxAgeMinutes: 10,
            negativeCacheMinutes: 5,
            anonymousRead: true,
          },
          {
            name: 'bare-proxy',
            type: 'proxy',
            remoteUrl: bareUrl,
            ca,
            username: 'bare-user',
            password: 'bare-secret',
            metadataMaxAgeMinutes: 10,
            negativeCacheMinutes: 5,
            anonymousRead: true,
          },
          { name: 'untrusting-proxy', type: 'proxy', remoteUrl: upstream.indexUrl(), metadataMaxAgeMinutes: 10, negativeCacheMinutes: 5, anonymousRead: true },
          {
            name: 'down-proxy',
            type: 'proxy',
            remoteUrl: `https://127.0.0.1:${closedPort}/simple/`,
            ca,
            metadataMaxAgeMinutes: 10,
            negativeCacheMinutes: 5,
            anonymousRead: true,
          },
          { name: 'pypi-public', type: 'group', members: ['pypi-hosted', 'pypi-proxy'], anonymousRead: true },
          { name: 'down-group', type: 'group', members: ['pypi-hosted', 'down-proxy'], anonymousRead: true },
        ],
      },
    });
    expect((await postForm(proxying, 'pypi-hosted', uploadForm('token-lib', '0.1.0', 'token_lib-0.1.0-py3-none-any.whl'))).status).toBe(200);
  });
  afterAll(async () => {
    await stopTempRegistry(proxying);
    await closeServer(bare?.server);
    await stopTempRegistry(upstream);
  });

  it('serves the upstream page with links rewritten to itself, and the group lists hosted projects and proxied ones', async () => {
    const page = await send(proxying!, '/repository/pypi-proxy/simple/tokenbase/');
    expect([page.status, links(page.body)]).toEqual([200, [`../../packages/tokenbase/1.0/tokenbase-1.0-py3-none-any.whl#sha256=${sha256(wheel)}`]]);
    expect(page.body).toContain('data-requires-python="&gt;=3.8"');
    const group = await send(proxying!, '/repository/pypi-public/simple/tokenbase/');
    expect(links(group.body)).toEqual(links(page.body));
    const root = await send(proxying!, '/repository/pypi-public/simple/');
    expect([...root.body.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1])).toEqual(['token-lib/', 'tokenbase/']);
  });

  it('fetches a file from upstream on first download, checks it, and serves it from storage afterwards', async () => {
    const path = '/repository/pypi-public/packages/tokenbase/1.0/tokenbase-1.0-py3-none-any.whl';
    const first = await send(proxying!, path);
    expect([first.status, first.bytes.equals(wheel)]).toEqual([200, true]);
    expect(first.headers['etag']).toBe(`"{SHA1{${createHash('sha1').update(wheel).digest('hex')}}}"`);
    const again = await send(proxying!, '/repository/pypi-proxy/packages/tokenbase/1.0/tokenbase-1.0-py3-none-any.whl');
    expect(again.bytes.equals(wheel)).toBe(true);
    expect(upstreamHits('/repository/pypi-public/packages/tokenbase/1.0/tokenbase-1.0-py3-none-any.whl')).toHaveLength(1);
    const stored = join(proxying!.dataDir, 'repositories', 'pypi-proxy', 'packages', 'tokenbase', '1.0', 'tokenbase-1.0-py3-none-any.whl');
    expect(readFileSync(stored).equals(wheel)).toBe(true);
  });

  it('serves a cached page while younger than the metadata max age and fetches it again after', async () => {
    const path = '/repository/pypi-proxy/simple/cachedpkg/';
    expect((await postForm(upstream!, 'pypi-hosted', uploadForm('cachedpkg', '1.0', 'cachedpkg-1.0.tar.gz'))).status).toBe(200);
    expect(links((await send(proxying!, path)).body)).toHaveLength(1);
    expect((await postForm(upstream!, 'pypi-hosted', uploadForm('cachedpkg', '2.0', 'cachedpkg-2.0.tar.gz'))).status).toBe(200);
    now += 10 * MINUTE - 1;
    expect(links((await send(proxying!, path)).body)).toHaveLength(1);
    expect(upstreamHits('/repository/pypi-public/simple/cachedpkg/')).toHaveLength(1);
    now += 1;
    expect(links((await send(proxying!, path)).body)).toEqual([
      expect.stringContaining('cachedpkg-1.0.tar.gz'),
      expect.stringContaining('cachedpkg-2.0.tar.gz'),
    ]);
    expect(upstreamHits('/repository/pypi-public/simple/cachedpkg/')).toHaveLength(2);
  });

  it('remembers an upstream 404 for the negative-cache TTL, without asking again', async () => {
    // A hosted upstream: an upstream group answers 200 with an empty page for any name.
    const path = '/repository/private-proxy/simple/latecomer/';
    expect((await send(proxying!, path)).status).toBe(404);
    expect((await postForm(upstream!, 'private-up', uploadForm('latecomer', '1.0', 'latecomer-1.0.tar.gz'))).status).toBe(200);
    now += 5 * MINUTE - 1;
    expect((await send(proxying!, path)).status).toBe(404);
    expect(upstreamHits('/repository/private-up/simple/latecomer/')).toHaveLength(1);
    now += 1;
    expect((await send(proxying!, path)).status).toBe(200);
    expect(upstreamHits('/repository/private-up/simple/latecomer/')).toHaveLength(2);
  });

  it('adds nothing to a group page for a project its upstream lacks', async () => {
    const group = await send(proxying!, '/repository/pypi-public/simple/nowhere/');
    expect([group.status, links(group.body)]).toEqual([200, []]);
  });

  it('sends its credentials to the upstream, which needs them', async () => {
    const page = await send(proxying!, '/repository/private-proxy/simple/secretbase/');
    expect([page.status, links(page.body)]).toEqual([
      200,
      [expect.stringMatching(/^\.\.\/\.\.\/packages\/secretbase\/2\.0\/secretbase-2\.0\.tar\.gz#sha256=/)],
    ]);
    expect(upstreamHits('/repository/private-up/simple/secretbase/')).toEqual([expect.stringMatching(/ 200 \d+ms publisher$/)]);
    const file = await send(proxying!, '/repository/private-proxy/packages/secretbase/2.0/secretbase-2.0.tar.gz');
    expect(file.status).toBe(200);
  });

  it('sends credentials to the upstream origin only: not to a file host or redirect target elsewhere', async () => {
    const own = `127.0.0.1:${bare!.port}`;
    const other = `localhost:${bare!.port}`;
    bare!.routes.set('/simple/leaky/', () => ({
      status: 200,
      type: 'text/html',
      body: `<a href="https://${other}/files/leaky-1.0.tar.gz#sha256=${sha256(leakyBytes)}">leaky-1.0.tar.gz</a>`,
    }));
    bare!.routes.set('/files/leaky-1.0.tar.gz', () => ({ status: 200, body: leakyBytes }));
    bare!.routes.set('/simple/moved/', (host) =>
      host === own ? { status: 302, location: `https://${other}/simple/moved/` } : { status: 200, type: 'text/html', body: '' },
    );
    const file = await send(proxying!, '/repository/bare-proxy/packages/leaky/1.0/leaky-1.0.tar.gz');
    expect([file.status, file.bytes.equals(leakyBytes)]).toEqual([200, true]);
    expect((await send(proxying!, '/repository/bare-proxy/simple/moved/')).status).toBe(200);
    const basic = `Basic ${Buffer.from('bare-user:bare-secret').toString('base64')}`;
    const seen = bare!.seen.filter((request) => /leaky|moved/.test(request.path)).map(({ host, path, authorization }) => [host, path, authorization]);
    expect(seen).toEqual([
      [own, '/simple/leaky/', basic],
      [other, '/files/leaky-1.0.tar.gz', undefined],
      [own, '/simple/moved/', basic],
      [other, '/simple/moved/', undefined],
    ]);
  });

  it('refuses a file whose sha256 differs from the index: 502, nothing stored', async () => {
    bare!.routes.set('/simple/tampered/', () => ({
      status: 200,
      type: 'text/html',
      body: `<a href="../../files/tampered-1.0.tar.gz#sha256=${'0'.repeat(64)}">tampered-1.0.tar.gz</a>`,
    }));
    bare!.routes.set('/files/tampered-1.0.tar.gz', () => ({ status: 200, body: Buffer.from('not what the index says') }));
    const path = '/repository/bare-proxy/packages/tampered/1.0/tampered-1.0.tar.gz';
    const first = await send(proxying!, path);
    expect(first.status).toBe(502);
    expect(first.reason).toMatch(
      /^Proxy bare-proxy: upstream failed: tampered-1\.0\.tar\.gz from https:\/\/127\.0\.0\.1:\d+\/files\/tampered-1\.0\.tar\.gz: sha256 [0-9a-f]{64} does not match the index's 0{64}; not stored$/,
    );
    expect((await send(proxying!, path)).status).toBe(502);
    expect(bare!.seen.filter((request) => request.path === '/files/tampered-1.0.tar.gz')).toHaveLength(2);
  });

  it('answers 502 with the reason when the upstream is down, and the group still serves its hosted files', async () => {
    const page = await send(proxying!, '/repository/down-proxy/simple/anything/');
    expect(page.status).toBe(502);
    expect(page.reason).toMatch(
      new RegExp(`^Proxy down-proxy: upstream failed: cannot GET https://127\\.0\\.0\\.1:${closedPort}/simple/anything/: .*ECONNREFUSED`),
    );
    expect(page.body).toContain('upstream failed');
    const group = await send(proxying!, '/repository/down-group/simple/token-lib/');
    expect([group.status, links(group.body)]).toEqual([200, [expect.stringContaining('token_lib-0.1.0-py3-none-any.whl')]]);
    expect((await send(proxying!, '/repository/down-group/packages/anything/1.0/anything-1.0.tar.gz')).status).toBe(404);
  });

  it('answers 502 when the upstream certificate is not trusted: no ca means Node default roots, not a global setting', async () => {
    const page = await send(proxying!, '/repository/untrusting-proxy/simple/tokenbase/');
    expect(page.status).toBe(502);
    expect(page.reason).toMatch(/cannot GET .*(certificate|CERT)/i);
  });

  it('serves the stale page when the upstream fails after the max age, and says so', async () => {
    let up = true;
    bare!.routes.set('/simple/flaky/', () =>
      up ? { status: 200, type: 'text/html', body: '<a href="/f/flaky-1.0.tar.gz">flaky-1.0.tar.gz</a>' } : { status: 503 },
    );
    expect((await send(proxying!, '/repository/bare-proxy/simple/flaky/')).status).toBe(200);
    up = false;
    now += 10 * MINUTE;
    const stale = await send(proxying!, '/repository/bare-proxy/simple/flaky/');
    expect([stale.status, links(stale.body)]).toEqual([200, ['../../packages/flaky/1.0/flaky-1.0.tar.gz']]);
    expect(warnings).toContainEqual(expect.stringMatching(/^proxy bare-proxy: .* answered 503 for flaky; serving the page fetched at /));
  });

  it('takes no uploads (404 before any auth, as Nexus) and keeps credentials out of server.json and the request log', async () => {
    const form = uploadForm('x', '1.0', 'x-1.0.tar.gz');
    expect((await postForm(proxying!, 'pypi-proxy', form, null)).status).toBe(404);
    const serverJson = await readFile(join(proxying!.dataDir, 'server.json'), 'utf8');
    expect(JSON.parse(serverJson).repositories).toContainEqual({ name: 'pypi-proxy', type: 'proxy', url: proxying!.uploadUrl('pypi-proxy') });
    expect(serverJson).not.toContain('bare-secret');
    expect(serverJson).not.toContain(upstream!.credentials.password);
    expect(warnings.join('\n')).not.toContain('bare-secret');
  });

  it('serves the files it stored after a restart, with its upstream gone', async () => {
    const dataDir = proxying!.dataDir;
    await proxying!.close();
    const remoteUrl = `https://127.0.0.1:${closedPort}/simple/`;
    proxying = await startTempRegistry({
      dataDir,
      config: {
        repositories: [
          { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'pypi-proxy', type: 'proxy', remoteUrl, ca: upstream!.certs.chain, metadataMaxAgeMinutes: 10, negativeCacheMinutes: 5, anonymousRead: true },
        ],
      },
    });
    const file = await send(proxying, '/repository/pypi-proxy/packages/tokenbase/1.0/tokenbase-1.0-py3-none-any.whl');
    expect([file.status, file.bytes.equals(wheel)]).toEqual([200, true]);
    expect((await send(proxying, '/repository/pypi-proxy/simple/tokenbase/')).status).toBe(502);
  });
});
