/**
 * What the local registry cannot show (it never redirects, never says 429, never serves JSON to
 * a plain index): a minimal loopback HTTP server answering from a per-test table.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent } from 'undici';
import { Secret } from '../../core/config/credentials';
import type { PublishOutcome } from '../../core/publish/publish-outcome';
import type { NxPypiError } from '../../errors';
import type { Artifact } from '../artifact/read-artifact';
import type { Clock } from './clock';
import { createDispatcher } from '../tls/dispatcher';
import { fetchProjectIndex } from './fetch-project-index';
import { publishDistributions } from './publish-distributions';
import { makeArtifacts } from './test-support/make-artifacts';
import { waitUntilListed } from './wait-until-listed';

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

describe('HTTP edge cases on a loopback server', () => {
  let server: Server;
  let origin: string;
  let other: Server;
  let otherOrigin: string;
  let routes: Record<string, Handler>;
  let otherRoutes: Record<string, Handler>;
  let seen: string[];
  /** `<origin> <path> <authorization or "-">` of every request to either server. */
  let authorizations: string[];
  const dispatcher = new Agent();
  let dir: string;
  let artifact: Artifact;
  /** `artifact` rebuilt with other gzip settings and dates: the same members, other bytes. */
  let sameContents: { artifact: Artifact; bytes: Buffer };
  /** `artifact` with another module: other members. */
  let changed: { artifact: Artifact; bytes: Buffer };

  const listen = async (s: Server): Promise<string> => {
    await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(s.address() as AddressInfo).port}`;
  };

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(`${request.method} ${request.url} ${request.headers.accept ?? ''}`.trim());
      authorizations.push(`origin ${request.url} ${request.headers.authorization ?? '-'}`);
      request.resume();
      request.on('end', () => (routes[`${request.method} ${request.url}`] ?? notFound)(request, response));
    });
    other = createServer((request, response) => {
      authorizations.push(`other ${request.url} ${request.headers.authorization ?? '-'}`);
      (otherRoutes[`${request.method} ${request.url}`] ?? ((_q, r: ServerResponse) => r.end('<a href="x">stolen-1.0.tar.gz</a>')))(request, response);
    });
    origin = await listen(server);
    otherOrigin = await listen(other);
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-edge-'));
    artifact = (await makeArtifacts(dir, 'edge-lib', '1.0.0', 'x')).sdist;
    const rebuilt = (
      await makeArtifacts(await mkdtemp(join(dir, 'same-')), 'edge-lib', '1.0.0', 'x', { compressLevel: 1, date: new Date('2024-01-02T03:04:05Z') })
    ).sdist;
    sameContents = { artifact: rebuilt, bytes: await readFile(rebuilt.path) };
    const otherBuild = (await makeArtifacts(await mkdtemp(join(dir, 'changed-')), 'edge-lib', '1.0.0', 'y')).sdist;
    changed = { artifact: otherBuild, bytes: await readFile(otherBuild.path) };
  });

  afterAll(async () => {
    await dispatcher.close();
    await new Promise((resolve) => server.close(resolve));
    await new Promise((resolve) => other.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    routes = {};
    otherRoutes = {};
    seen = [];
    authorizations = [];
  });

  const notFound: Handler = (_request, response) => {
    response.statusCode = 404;
    response.end();
  };
  const serve =
    (bytes: Buffer): Handler =>
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(bytes.length) });
      response.end(bytes);
    };
  const redirect =
    (to: string): Handler =>
    (_request, response) => {
      response.writeHead(302, { location: to });
      response.end();
    };

  it('asks for PEP 691 JSON first and parses it when the server has it', async () => {
    routes['GET /simple/edge-lib/'] = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/vnd.pypi.simple.v1+json' });
      response.end(
        JSON.stringify({
          meta: { 'api-version': '1.0' },
          name: 'edge-lib',
          files: [{ filename: 'edge_lib-1.0.0.tar.gz', url: '/f/edge_lib-1.0.0.tar.gz', hashes: { sha256: 'AB' } }],
        }),
      );
    };
    const result = await fetchProjectIndex(`${origin}/simple/`, 'Edge_Lib', { dispatcher });
    expect(result.found && result.files.get('edge_lib-1.0.0.tar.gz')).toEqual({
      filename: 'edge_lib-1.0.0.tar.gz',
      url: `${origin}/f/edge_lib-1.0.0.tar.gz`,
      hashes: { sha256: 'ab' },
    });
    expect(seen).toEqual(['GET /simple/edge-lib/ application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01']);
  });

  it('follows same-origin redirects and resolves links against the final page', async () => {
    routes['GET /simple/edge-lib/'] = redirect('/moved/simple/edge-lib/');
    routes['GET /moved/simple/edge-lib/'] = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end('<a href="../../packages/edge_lib-1.0.0.tar.gz#md5=00ff">edge_lib-1.0.0.tar.gz</a>');
    };
    const result = await fetchProjectIndex(`${origin}/simple`, 'edge-lib', { dispatcher });
    expect(result.found && result.files.get('edge_lib-1.0.0.tar.gz')?.url).toBe(`${origin}/moved/packages/edge_lib-1.0.0.tar.gz`);
  });

  it('refuses a redirect to another origin, and a redirect loop after 5 hops', async () => {
    routes['GET /simple/edge-lib/'] = redirect(`${otherOrigin}/simple/edge-lib/`);
    await expect(fetchProjectIndex(`${origin}/simple/`, 'edge-lib', { dispatcher })).rejects.toMatchObject({ code: 'INDEX_CROSS_ORIGIN_REDIRECT' });
    routes['GET /simple/edge-lib/'] = redirect('/simple/edge-lib/');
    await expect(fetchProjectIndex(`${origin}/simple/`, 'edge-lib', { dispatcher })).rejects.toMatchObject({ code: 'INDEX_TOO_MANY_REDIRECTS' });
    expect(seen).toHaveLength(1 + 6);
  });

  it('does not follow a redirect on upload and says the URL probably lacks its slash', async () => {
    routes['POST /repository/hosted'] = redirect('/repository/hosted/');
    const [outcome] = await publishDistributions([artifact], { uploadUrl: `${origin}/repository/hosted`, hostedIndexUrl: `${origin}/simple/`, dispatcher });
    expect(outcome.status === 'failed' && outcome.error.code).toBe('UPLOAD_REDIRECTED');
    expect(outcome.status === 'failed' && outcome.error.hint).toContain('trailing slash');
    expect(seen.filter((line) => line.startsWith('POST'))).toEqual(['POST /repository/hosted']);
  });

  it('waits as long as a 429 Retry-After says, checks the index again, then uploads', async () => {
    let posts = 0;
    routes['POST /repository/hosted/'] = (_request, response) => {
      posts += 1;
      if (posts === 1) {
        response.writeHead(429, { 'retry-after': '7' });
        response.end();
        return;
      }
      response.end();
    };
    routes['GET /repository/hosted/simple/edge-lib/'] = (_request, response) => {
      if (posts < 2) return notFound(_request, response);
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<a href="/p/edge_lib-1.0.0.tar.gz#sha256=${artifact.digests!.sha256}">edge_lib-1.0.0.tar.gz</a>`);
    };
    const delays: number[] = [];
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void delays.push(ms), random: () => 0.5 };
    const [outcome] = await publishDistributions([artifact], { uploadUrl: `${origin}/repository/hosted/`, dispatcher, clock, retry: { maxDelayMs: 10_000 } });
    if (outcome.status === 'failed') throw outcome.error;
    expect(outcome).toMatchObject({ status: 'uploaded', attempts: 2 });
    expect(delays).toEqual([7000]);
    expect(seen.map((line) => line.split(' ').slice(0, 2).join(' '))).toEqual([
      'GET /repository/hosted/simple/edge-lib/', // before uploading
      'POST /repository/hosted/', // 429
      'GET /repository/hosted/simple/edge-lib/', // before the retry
      'POST /repository/hosted/', // 200
      'GET /repository/hosted/simple/edge-lib/', // confirmation, which is also the end-of-run check that nothing replaced it
    ]);
  });

  it('stops at a 429 whose Retry-After exceeds maxDelayMs and says why, not only "Too Many Requests"', async () => {
    routes['POST /repository/hosted/'] = (_request, response) => {
      response.writeHead(429, { 'retry-after': '120' });
      response.end();
    };
    const delays: number[] = [];
    const clock: Clock = { now: () => Date.now(), sleep: async (ms) => void delays.push(ms), random: () => 0.5 };
    const [outcome] = await publishDistributions([artifact], { uploadUrl: `${origin}/repository/hosted/`, dispatcher, clock, retry: { maxDelayMs: 10_000 } });
    if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
    expect(outcome.error.render()).toBe(
      `${origin}/repository/hosted/ refused edge_lib-1.0.0.tar.gz: too many requests (429); the server asked to wait 120 s, more than maxDelayMs (10000 ms)\n` +
        '  the repository or a proxy in front of it limits the request rate: publish again later (files already uploaded are skipped), or raise retry.maxDelayMs in the publish target options to wait as long as the server asks',
    );
    expect(delays).toEqual([]);
  });

  it('stops reading an index that answers 429 with a Retry-After beyond maxDelayMs, saying why', async () => {
    routes['GET /repository/hosted/simple/edge-lib/'] = (_request, response) => {
      response.writeHead(429, { 'retry-after': '90' });
      response.end();
    };
    const clock: Clock = { now: () => Date.now(), sleep: async () => undefined, random: () => 0.5 };
    const [outcome] = await publishDistributions([artifact], { uploadUrl: `${origin}/repository/hosted/`, dispatcher, clock, retry: { maxDelayMs: 10_000 } });
    if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
    expect(outcome.error.render()).toContain(
      'answered 429 while listing the project; the server asked to wait 90 s, more than maxDelayMs (10000 ms)\n  the repository or a proxy in front of it limits the request rate',
    );
  });

  const listing =
    (files: Array<[string, string]>): Handler =>
    (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(files.map(([name, sha]) => `<a href="/p/${name}#sha256=${sha}">${name}</a>`).join('\n'));
    };
  const release = async (name: string) => makeArtifacts(await mkdtemp(join(dir, 'r-')), name, '1.0.0', 'x');

  it('fails loudly, naming the file, when another run replaces an upload before the index confirms it', async () => {
    const { wheel } = await release('race-lib');
    let reads = 0;
    let posted = false;
    routes['GET /repository/hosted/simple/race-lib/'] = (request, response) => {
      reads++;
      if (!posted) return notFound(request, response);
      // The confirming read shows what a concurrent run put there after this run's POST.
      listing([[wheel.filename, 'ff'.repeat(32)]])(request, response);
    };
    routes['POST /repository/hosted/'] = (_request, response) => {
      posted = true;
      response.end();
    };
    const lines: string[] = [];
    const outcomes = await publishDistributions([wheel], {
      uploadUrl: `${origin}/repository/hosted/`,
      dispatcher,
      reporter: { onOutcome: (o) => lines.push(`${o.filename} ${o.status}`) },
    });
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ status: 'failed', filename: wheel.filename, error: { code: 'PUBLISH_OVERWRITTEN' } });
    if (outcomes[0].status === 'failed') expect(outcomes[0].error.message).toContain(`${wheel.filename} was uploaded by this run, but`);
    expect(lines).toEqual([`${wheel.filename} failed`]);
    expect(reads).toBe(2);
  });

  it("gives up on a stalled server after timeoutSeconds, saying so, instead of undici's 300 s", async () => {
    const stalled: ServerResponse[] = [];
    routes['GET /repository/hosted/simple/edge-lib/'] = (_request, response) => void stalled.push(response);
    const quick = createDispatcher({ certificates: [], files: [], publicRoots: false }, { timeoutMs: 300 });
    const started = Date.now();
    try {
      const [outcome] = await publishDistributions([artifact], {
        uploadUrl: `${origin}/repository/hosted/`,
        dispatcher: quick,
        retry: { maxAttempts: 2, baseDelayMs: 0 },
      });
      expect(outcome).toMatchObject({ status: 'failed', error: { code: 'NETWORK_TIMEOUT' } });
      if (outcome.status === 'failed') expect(outcome.error.render()).toContain('timeoutSeconds');
      expect(Date.now() - started).toBeLessThan(5000);
      expect(seen).toHaveLength(2);
    } finally {
      for (const response of stalled) response.destroy();
      await quick.close();
    }
  });

  it('uploads wheels first and sends no sdist once a wheel has failed for good', async () => {
    const { wheel, sdist } = await release('half-lib');
    routes['GET /repository/hosted/simple/half-lib/'] = notFound;
    routes['POST /repository/hosted/'] = (_request, response) => {
      response.statusCode = 400;
      response.statusMessage = 'Invalid distribution file.';
      response.end();
    };
    const outcomes = await publishDistributions([sdist, wheel], { uploadUrl: `${origin}/repository/hosted/`, dispatcher });
    expect(outcomes.map((o) => [o.filename, o.status === 'failed' ? o.error.code : o.status])).toEqual([
      [wheel.filename, expect.stringMatching(/^UPLOAD_/)],
      [sdist.filename, 'PUBLISH_BLOCKED'],
    ]);
    expect(seen.filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  it('refuses a second sdist of a published version, naming the one there, and sends nothing of the release', async () => {
    const { wheel, sdist } = await release('twin-lib');
    routes['GET /repository/hosted/simple/twin-lib/'] = listing([
      [wheel.filename, wheel.digests!.sha256],
      ['twin-lib-1.0.0.tar.gz', 'ab'.repeat(32)],
    ]);
    const outcomes = await publishDistributions([wheel, sdist], { uploadUrl: `${origin}/repository/hosted/`, dispatcher });
    expect(outcomes[0]).toMatchObject({ status: 'skipped-identical', filename: wheel.filename });
    expect(outcomes[1]).toMatchObject({ status: 'failed', filename: sdist.filename, error: { code: 'PUBLISH_SECOND_SDIST' } });
    if (outcomes[1].status === 'failed') expect(outcomes[1].error.render()).toContain('twin-lib-1.0.0.tar.gz');
    expect(seen.filter((line) => line.startsWith('POST'))).toEqual([]);
  });

  // A refusal as "already there" is only a reason to read the index again: the index decides.
  it.each([
    ['orient text in the reason, identical in the index', 'Repository does not allow updating assets: hosted', '', 'same', 'skipped-identical'],
    [
      'datastore text only in the body, identical',
      'Bad Request',
      '<div class="content-section">hosted/packages/edge-lib/1.0.0/edge_lib-1.0.0.tar.gz cannot be updated</div>',
      'same',
      'skipped-identical',
    ],
    ['409, other bytes in the index', 'Conflict', '', 'other', 'PUBLISH_IMMUTABLE_VERSION'],
    ['refusal, but the index does not list it', 'Repository does not allow updating assets: hosted', '', 'none', 'UPLOAD_REFUSED_NOT_LISTED'],
  ])('%s', async (_, reason, body, listing, expected) => {
    let posted = false;
    routes['POST /repository/hosted/'] = (_request, response) => {
      posted = true;
      response.statusCode = reason === 'Conflict' ? 409 : 400;
      response.statusMessage = reason;
      response.end(body);
    };
    routes['GET /repository/hosted/simple/edge-lib/'] = (request, response) => {
      if (!posted || listing === 'none') return notFound(request, response);
      const sha256 = listing === 'same' ? artifact.digests!.sha256 : changed.artifact.digests!.sha256;
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<a href="/p/edge_lib-1.0.0.tar.gz#sha256=${sha256}">edge_lib-1.0.0.tar.gz</a>`);
    };
    routes['GET /p/edge_lib-1.0.0.tar.gz'] = serve(changed.bytes);
    const [outcome] = await publishDistributions([artifact], { uploadUrl: `${origin}/repository/hosted/`, dispatcher });
    expect(outcome.status === 'failed' ? outcome.error.code : outcome.status).toBe(expected);
    if (outcome.status === 'skipped-identical') expect(outcome.found).toBe('after-refusal');
    expect(seen.filter((line) => line.startsWith('POST'))).toHaveLength(1);
  });

  it('retries an index read that answered 503, telling the reporter', async () => {
    let reads = 0;
    routes['GET /repository/hosted/simple/edge-lib/'] = (request, response) => {
      reads += 1;
      if (reads === 1) {
        response.statusCode = 503;
        return response.end();
      }
      if (reads === 2) return notFound(request, response);
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<a href="/p/edge_lib-1.0.0.tar.gz#sha256=${artifact.digests!.sha256}">edge_lib-1.0.0.tar.gz</a>`);
    };
    routes['POST /repository/hosted/'] = (_request, response) => response.end();
    const retries: string[] = [];
    const clock: Clock = { now: () => Date.now(), sleep: async () => undefined, random: () => 0 };
    const [outcome] = await publishDistributions([artifact], {
      uploadUrl: `${origin}/repository/hosted/`,
      dispatcher,
      clock,
      reporter: { onRetry: (file, attempt) => retries.push(`${file} #${attempt}`) },
    });
    expect(outcome).toMatchObject({ status: 'uploaded', attempts: 1 });
    expect(retries).toEqual(['edge_lib-1.0.0.tar.gz #1']);
  });

  it('stops waiting with an immutability error, naming the member, when the group lists other contents for the file', async () => {
    routes['GET /group/simple/edge-lib/'] = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' });
      response.end(`<a href="/p/edge_lib-1.0.0.tar.gz#sha256=${changed.artifact.digests!.sha256}">edge_lib-1.0.0.tar.gz</a>`);
    };
    routes['GET /p/edge_lib-1.0.0.tar.gz'] = serve(changed.bytes);
    await expect(waitUntilListed(`${origin}/group/simple/`, [artifact], { timeoutMs: 5000, pollMs: 10, dispatcher })).rejects.toMatchObject({
      code: 'PUBLISH_IMMUTABLE_VERSION',
      message: `edge-lib 1.0.0 is already on ${origin}/group/simple/ with different content (edge_lib-1.0.0/src/edge_lib/__init__.py: sha256 differs); bump the version (nx release version)`,
    });
  });

  describe('comparing contents with a listed file of other bytes', () => {
    const credentials = { username: 'ci', password: new Secret('Pa55-never-across'), source: 'environment variable NEXUS_PASSWORD' };
    const basic = `Basic ${Buffer.from('ci:Pa55-never-across').toString('base64')}`;
    const listingAt =
      (href: string, sha256: string): Handler =>
      (_request, response) => {
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(`<a href="${href}#sha256=${sha256}">edge_lib-1.0.0.tar.gz</a>`);
      };
    const publish = () => publishDistributions([artifact], { uploadUrl: `${origin}/repository/hosted/`, credentials, dispatcher });
    const failure = (outcome: PublishOutcome): NxPypiError => {
      if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
      return outcome.error;
    };

    it('sends no credentials to a download URL on another origin, nor after a redirect to one, and skips the same contents', async () => {
      routes['GET /repository/hosted/simple/edge-lib/'] = listingAt(`${otherOrigin}/files/edge_lib-1.0.0.tar.gz`, sameContents.artifact.digests!.sha256);
      otherRoutes['GET /files/edge_lib-1.0.0.tar.gz'] = serve(sameContents.bytes);
      const [direct] = await publish();
      expect(direct).toMatchObject({ status: 'skipped-identical', sameContents: { algorithm: 'sha256', digest: sameContents.artifact.digests!.sha256 } });

      routes['GET /repository/hosted/simple/edge-lib/'] = listingAt('/p/edge_lib-1.0.0.tar.gz', sameContents.artifact.digests!.sha256);
      routes['GET /p/edge_lib-1.0.0.tar.gz'] = redirect(`${otherOrigin}/files/edge_lib-1.0.0.tar.gz`);
      const [redirected] = await publish();
      expect(redirected).toMatchObject({ status: 'skipped-identical' });
      expect(authorizations).toEqual([
        `origin /repository/hosted/simple/edge-lib/ ${basic}`,
        'other /files/edge_lib-1.0.0.tar.gz -',
        `origin /repository/hosted/simple/edge-lib/ ${basic}`, // the end-of-run check
        `origin /repository/hosted/simple/edge-lib/ ${basic}`,
        `origin /p/edge_lib-1.0.0.tar.gz ${basic}`,
        'other /files/edge_lib-1.0.0.tar.gz -',
        `origin /repository/hosted/simple/edge-lib/ ${basic}`,
      ]);
    });

    it('says a download refused on another origin was sent without credentials, and where they go', async () => {
      routes['GET /repository/hosted/simple/edge-lib/'] = listingAt(`${otherOrigin}/files/edge_lib-1.0.0.tar.gz`, sameContents.artifact.digests!.sha256);
      otherRoutes['GET /files/edge_lib-1.0.0.tar.gz'] = (_request, response) => {
        response.statusCode = 401;
        response.end();
      };
      const [outcome] = await publish();
      expect(failure(outcome).code).toBe('DOWNLOAD_UNAUTHORIZED');
      expect(failure(outcome).message).toBe(
        `${otherOrigin}/files/edge_lib-1.0.0.tar.gz refused the download (401): no credentials were sent: they go only to ${origin}, where the index is`,
      );
    });

    it('fails clearly, without downloading it, when the listed file is larger than any archive of these members could be', async () => {
      routes['GET /repository/hosted/simple/edge-lib/'] = listingAt('/p/edge_lib-1.0.0.tar.gz', 'ab'.repeat(32));
      const open: ServerResponse[] = [];
      routes['GET /p/edge_lib-1.0.0.tar.gz'] = (_request, response) => {
        response.writeHead(200, { 'content-length': String(8 * 1024 ** 3) });
        response.write(Buffer.alloc(1024));
        open.push(response);
      };
      const [declared] = await publish();
      for (const response of open) response.destroy();
      expect(failure(declared).code).toBe('PUBLISH_COMPARE_TOO_LARGE');
      expect(failure(declared).render()).toMatch(
        new RegExp(
          `^edge_lib-1\\.0\\.0\\.tar\\.gz the published edge_lib-1\\.0\\.0\\.tar\\.gz \\(${origin}/p/edge_lib-1\\.0\\.0\\.tar\\.gz\\) is larger than \\d+ bytes, more than any archive of this build's 2 members could take\n  it holds other contents than this build; bump the version \\(nx release version\\)$`,
        ),
      );

      // No Content-Length: the download stops once it passes the cap.
      routes['GET /p/edge_lib-1.0.0.tar.gz'] = (_request, response) => {
        response.writeHead(200);
        const chunk = Buffer.alloc(256 * 1024);
        let sent = 0;
        const more = (): void => {
          while (sent < 64 && !response.destroyed) {
            sent += 1;
            if (!response.write(chunk)) return void response.once('drain', more);
          }
          response.end();
        };
        more();
      };
      const [streamed] = await publish();
      expect(failure(streamed).code).toBe('PUBLISH_COMPARE_TOO_LARGE');
    });

    it('reports a damaged published archive as unreadable, naming its URL, without a stack trace', async () => {
      const garbage = Buffer.concat([sameContents.bytes.subarray(0, 40), Buffer.alloc(200, 7)]);
      routes['GET /repository/hosted/simple/edge-lib/'] = listingAt('/p/edge_lib-1.0.0.tar.gz', createHash('sha256').update(garbage).digest('hex'));
      routes['GET /p/edge_lib-1.0.0.tar.gz'] = serve(garbage);
      const [outcome] = await publish();
      const error = failure(outcome);
      expect(error.code).toBe('PUBLISH_COMPARE_UNREADABLE');
      expect(error.message).toMatch(
        new RegExp(
          `^the published edge_lib-1\\.0\\.0\\.tar\\.gz cannot be read to compare it with this build: ${origin}/p/edge_lib-1\\.0\\.0\\.tar\\.gz is not a readable \\.tar\\.gz archive: `,
        ),
      );
      expect(error.render()).not.toMatch(/\n\s+at /);
      expect(error.render()).not.toContain(tmpdir());
    });

    it('refuses a download whose bytes are not what the index lists (replaced after the page was read)', async () => {
      routes['GET /repository/hosted/simple/edge-lib/'] = listingAt('/p/edge_lib-1.0.0.tar.gz', sameContents.artifact.digests!.sha256);
      routes['GET /p/edge_lib-1.0.0.tar.gz'] = serve(changed.bytes);
      const [outcome] = await publish();
      expect(failure(outcome).code).toBe('DOWNLOAD_DIGEST_MISMATCH');
      expect(failure(outcome).message).toBe(
        `${origin}/p/edge_lib-1.0.0.tar.gz sent a file with sha256=${changed.artifact.digests!.sha256}, not the ${sameContents.artifact.digests!.sha256} its index lists`,
      );
    });

    it('fails a file skipped for the same contents that another run replaces before the end of the run', async () => {
      let reads = 0;
      routes['GET /repository/hosted/simple/edge-lib/'] = (request, response) => {
        reads += 1;
        listingAt('/p/edge_lib-1.0.0.tar.gz', reads === 1 ? sameContents.artifact.digests!.sha256 : 'cd'.repeat(32))(request, response);
      };
      routes['GET /p/edge_lib-1.0.0.tar.gz'] = serve(sameContents.bytes);
      const [outcome] = await publish();
      expect(failure(outcome).code).toBe('PUBLISH_OVERWRITTEN');
      expect(failure(outcome).message).toBe(
        `${artifact.filename} was found with the same contents by this run, but ${origin}/repository/hosted/simple/ now has sha256=${'cd'.repeat(32)}, not the compared ${sameContents.artifact.digests!.sha256}: another run replaced or removed it`,
      );
    });
  });
});
