/** Simple index pages, files and groups against a real registry over TLS (NEXUS-PYPI.md 2, 7). */
import { createHash } from 'node:crypto';
import { hashPassword } from '../config/password-hash';
import type { RunningRegistry } from '../start-registry';
import { send, publisherAuth } from '../test-support/https-client';
import { uploadForm } from '../test-support/upload-form';
import { postForm, startTempRegistry, stopTempRegistry } from '../test-support/temp-registry';

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');
const GZIP_BYTES = Buffer.from([0x1f, 0x8b, 1, 2, 3]);
const ZIP_BYTES = Buffer.from('PK\x03\x04wheel', 'latin1');

describe('reading', () => {
  let registry: RunningRegistry;
  const shared = { a: Buffer.from('PK\x03\x04from-a', 'latin1'), b: Buffer.from('PK\x03\x04from-b', 'latin1') };
  beforeAll(async () => {
    registry = await startTempRegistry({
      config: {
        repositories: [
          { name: 'hosted-a', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'hosted-b', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'private', type: 'hosted', writePolicy: 'allow-once', anonymousRead: false },
          { name: 'group-ba', type: 'group', members: ['hosted-b', 'hosted-a'], anonymousRead: true },
        ],
        users: [{ username: 'outsider', passwordHash: await hashPassword('outsider-pw'), privileges: { 'hosted-a': ['read'] } }],
      },
    });
    const uploads = [
      ['hosted-a', uploadForm('My.Pkg', '1.0', 'my_pkg-1.0.tar.gz', { bytes: GZIP_BYTES, overrides: { requires_python: '>=3.8,<4' } })],
      ['hosted-a', uploadForm('My.Pkg', '1.0', 'my_pkg-1.0-py3-none-any.whl', { bytes: ZIP_BYTES, overrides: { requires_python: ' ' } })],
      ['hosted-a', uploadForm('shared', '1.0', 'shared-1.0-py3-none-any.whl', { bytes: shared.a })],
      ['hosted-b', uploadForm('shared', '1.0', 'shared-1.0-py3-none-any.whl', { bytes: shared.b })],
      ['hosted-b', uploadForm('shared', '0.9', 'shared-0.9-py3-none-any.whl')],
      ['private', uploadForm('secret', '1.0', 'secret-1.0.tar.gz')],
    ] as const;
    for (const [repository, form] of uploads) expect((await postForm(registry, repository, form)).status).toBe(200);
  });
  afterAll(() => stopTempRegistry(registry));

  it('renders a hosted project page in Nexus template, sorted by filename, with escaped data-requires-python', async () => {
    const page = await send(registry, '/repository/hosted-a/simple/my-pkg/');
    expect([page.status, page.headers['content-type']]).toEqual([200, 'text/html']);
    expect(page.body).toBe(
      '<html lang="en">\n<head><title>Links for my-pkg</title>\n  <meta name="api-version" value="2"/>\n</head>\n<body><h1>Links for my-pkg</h1>\n' +
        `    <a href="../../packages/my-pkg/1.0/my_pkg-1.0-py3-none-any.whl#sha256=${sha256(ZIP_BYTES)}" rel="internal" >my_pkg-1.0-py3-none-any.whl</a><br/>\n` +
        `    <a href="../../packages/my-pkg/1.0/my_pkg-1.0.tar.gz#sha256=${sha256(GZIP_BYTES)}" rel="internal" data-requires-python="&gt;=3.8,&lt;4" >my_pkg-1.0.tar.gz</a><br/>\n` +
        '</body>\n</html>\n',
    );
  });

  it('serves the project page without the trailing slash too', async () => {
    expect((await send(registry, '/repository/hosted-a/simple/my-pkg')).status).toBe(200);
  });

  it.each(['My.Pkg', 'my_pkg', 'MY-PKG'])('answers 404 for the non-normalized name %s, without redirect', async (name) => {
    const page = await send(registry, `/repository/hosted-a/simple/${name}/`);
    expect([page.status, page.headers['location']]).toEqual([404, undefined]);
  });

  it('answers 404 for an unknown project on a hosted repository', async () => {
    expect((await send(registry, '/repository/hosted-a/simple/unknown/')).status).toBe(404);
  });

  it('renders the root page with one link per normalized project', async () => {
    const page = await send(registry, '/repository/hosted-a/simple/');
    expect(page.body).toContain('<title>Simple index</title>');
    expect([...page.body.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1])).toEqual(['my-pkg/', 'shared/']);
  });

  it('merges group members in order: first member wins a filename, pages sorted by filename', async () => {
    const page = await send(registry, '/repository/group-ba/simple/shared/');
    const links = [...page.body.matchAll(/<a href="([^"]+)"/g)].map((m) => m[1]);
    expect(links).toEqual([
      expect.stringMatching(/^\.\.\/\.\.\/packages\/shared\/0\.9\/shared-0\.9-py3-none-any\.whl#sha256=/),
      `../../packages/shared/1.0/shared-1.0-py3-none-any.whl#sha256=${sha256(shared.b)}`,
    ]);
    const file = await send(registry, '/repository/group-ba/packages/shared/1.0/shared-1.0-py3-none-any.whl');
    expect(file.bytes.equals(shared.b)).toBe(true);
    const root = await send(registry, '/repository/group-ba/simple/');
    expect([...root.body.matchAll(/<a href="([^"]+)">/g)].map((m) => m[1])).toEqual(['my-pkg/', 'shared/']);
  });

  it('answers 200 with no links for a project no group member has', async () => {
    const page = await send(registry, '/repository/group-ba/simple/unknown/');
    expect(page.status).toBe(200);
    expect(page.body).not.toContain('<a ');
  });

  it('serves files with Nexus ETag and Last-Modified, honouring If-None-Match and Range', async () => {
    const path = '/repository/hosted-a/packages/my-pkg/1.0/my_pkg-1.0.tar.gz';
    const file = await send(registry, path);
    const sha1 = createHash('sha1').update(GZIP_BYTES).digest('hex');
    expect([file.status, file.headers['etag'], file.bytes.equals(GZIP_BYTES)]).toEqual([200, `"{SHA1{${sha1}}}"`, true]);
    expect(Date.parse(file.headers['last-modified']!)).not.toBeNaN();
    expect((await send(registry, path, { headers: { 'If-None-Match': `"{SHA1{${sha1}}}"` } })).status).toBe(304);
    const range = await send(registry, path, { headers: { Range: 'bytes=1-2' } });
    expect([range.status, range.headers['content-range'], [...range.bytes]]).toEqual([206, 'bytes 1-2/5', [0x8b, 1]]);
    expect((await send(registry, '/repository/hosted-a/packages/my-pkg/1.0/missing.tar.gz')).status).toBe(404);
    expect((await send(registry, '/repository/hosted-a/packages/My.Pkg/1.0/my_pkg-1.0.tar.gz')).status).toBe(404);
  });

  it('challenges anonymous reads where anonymous access is off, and forbids users without read', async () => {
    const anonymous = await send(registry, '/repository/private/simple/secret/');
    expect([anonymous.status, anonymous.headers['www-authenticate']]).toEqual([401, 'BASIC realm="Sonatype Nexus Repository Manager"']);
    expect((await send(registry, '/repository/private/simple/secret/', { auth: 'outsider:outsider-pw' })).status).toBe(403);
    expect((await send(registry, '/repository/private/simple/secret/', { auth: publisherAuth(registry) })).status).toBe(200);
    expect((await send(registry, '/repository/hosted-a/simple/', { auth: 'outsider:wrong' })).status).toBe(401);
  });

  it('ignores Accept without --simple-json, like Nexus', async () => {
    const page = await send(registry, '/repository/hosted-a/simple/my-pkg/', { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } });
    expect(page.headers['content-type']).toBe('text/html');
  });
});

describe('reading with --simple-json', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startTempRegistry({ simpleJson: true });
    await postForm(registry, 'pypi-hosted', uploadForm('jsonpkg', '1.0', 'jsonpkg-1.0.tar.gz', { bytes: GZIP_BYTES }));
    await postForm(
      registry,
      'pypi-hosted',
      uploadForm('jsonpkg', '1.0', 'jsonpkg-1.0-py3-none-any.whl', { bytes: ZIP_BYTES, overrides: { requires_python: '' } }),
    );
  });
  afterAll(() => stopTempRegistry(registry));

  it('serves PEP 691 JSON to a client that prefers it', async () => {
    const accept = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';
    const page = await send(registry, '/repository/pypi-public/simple/jsonpkg/', { headers: { Accept: accept } });
    expect([page.headers['content-type'], page.headers['vary']]).toEqual(['application/vnd.pypi.simple.v1+json', 'Accept']);
    const json = JSON.parse(page.body);
    expect(json).toMatchObject({ meta: { 'api-version': '1.1' }, name: 'jsonpkg', versions: ['1.0'] });
    expect(json.files).toEqual([
      expect.objectContaining({
        filename: 'jsonpkg-1.0-py3-none-any.whl',
        hashes: { sha256: sha256(ZIP_BYTES) },
        size: ZIP_BYTES.length,
        'requires-python': null,
      }),
      expect.objectContaining({ filename: 'jsonpkg-1.0.tar.gz', url: '../../packages/jsonpkg/1.0/jsonpkg-1.0.tar.gz', 'requires-python': '>=3.8', size: 5 }),
    ]);
    const root = JSON.parse((await send(registry, '/repository/pypi-hosted/simple/', { headers: { Accept: accept } })).body);
    expect(root.projects).toEqual([{ name: 'jsonpkg' }]);
  });

  it('serves HTML to a client that prefers HTML or sends no Accept', async () => {
    const preferHtml = await send(registry, '/repository/pypi-public/simple/jsonpkg/', {
      headers: { Accept: 'text/html, application/vnd.pypi.simple.v1+json;q=0.5' },
    });
    expect(preferHtml.headers['content-type']).toBe('text/html');
    expect((await send(registry, '/repository/pypi-public/simple/jsonpkg/')).headers['content-type']).toBe('text/html');
  });
});

describe('reading with linkHash md5 (Nexus 3.40 and older)', () => {
  it('puts #md5=<hex> in index links', async () => {
    const registry = await startTempRegistry({ linkHash: 'md5' });
    try {
      await postForm(registry, 'pypi-hosted', uploadForm('old', '1.0', 'old-1.0.tar.gz', { bytes: GZIP_BYTES }));
      const page = await send(registry, '/repository/pypi-public/simple/old/');
      expect(page.body).toContain(`href="../../packages/old/1.0/old-1.0.tar.gz#md5=${createHash('md5').update(GZIP_BYTES).digest('hex')}"`);
    } finally {
      await stopTempRegistry(registry);
    }
  });
});

describe('restart', () => {
  it('serves every accepted file and its hash after a restart on the same data directory', async () => {
    const first = await startTempRegistry();
    let second: RunningRegistry | undefined;
    try {
      const form = uploadForm('durable', '3.1', 'durable-3.1.tar.gz');
      expect((await postForm(first, 'pypi-hosted', form)).status).toBe(200);
      await first.close();
      second = await startTempRegistry({ dataDir: first.dataDir });
      expect(second.credentials).toEqual(first.credentials);
      const page = await send(second, '/repository/pypi-public/simple/durable/');
      expect(page.body).toContain(`durable-3.1.tar.gz#sha256=${sha256(form.bytes)}`);
      expect((await send(second, '/repository/pypi-hosted/packages/durable/3.1/durable-3.1.tar.gz')).bytes.equals(form.bytes)).toBe(true);
      expect((await postForm(second, 'pypi-hosted', form)).status).toBe(400);
    } finally {
      await stopTempRegistry(second ?? first);
    }
  });
});
