/** Upload statuses and texts against a real registry over TLS (NEXUS-PYPI.md 1.5 and 7). */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hashPassword } from '../config/password-hash';
import type { RegistryConfig } from '../config/registry-config';
import type { RunningRegistry } from '../start-registry';
import { send } from '../test-support/https-client';
import { encodeForm, fakeArchive, uploadForm } from '../test-support/upload-form';
import { errorSection, postForm, startTempRegistry, stopTempRegistry } from '../test-support/temp-registry';

const CHALLENGE = 'BASIC realm="Sonatype Nexus Repository Manager"';

async function testConfig(storageFlavour: 'sql' | 'orient'): Promise<Partial<RegistryConfig>> {
  return {
    storageFlavour,
    repositories: [
      { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
      { name: 'pypi-redeploy', type: 'hosted', writePolicy: 'allow', anonymousRead: true },
      { name: 'pypi-frozen', type: 'hosted', writePolicy: 'deny', anonymousRead: true },
      { name: 'pypi-public', type: 'group', members: ['pypi-hosted'], anonymousRead: true },
    ],
    users: [{ username: 'reader', passwordHash: await hashPassword('reader-pw'), privileges: { '*': ['read'] } }],
  };
}

describe('upload (sql flavour, strict)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startTempRegistry({ config: await testConfig('sql') });
  });
  afterAll(() => stopTempRegistry(registry));

  it('stores a file and answers 200 with an empty body', async () => {
    const response = await postForm(registry, 'pypi-hosted', uploadForm('Demo_Pkg', '1.0.0', 'demo_pkg-1.0.0-py3-none-any.whl'));
    expect([response.status, response.body]).toEqual([200, '']);
    const page = await send(registry, '/repository/pypi-hosted/simple/demo-pkg/');
    expect(page.body).toContain('../../packages/demo-pkg/1.0.0/demo_pkg-1.0.0-py3-none-any.whl#sha256=');
  });

  it("accepts uv's field order with an always-sent, empty requires_python, leaving the attribute out", async () => {
    const bytes = fakeArchive('uvpkg-1.0-py3-none-any.whl');
    const form = encodeForm(
      {
        ':action': 'file_upload',
        sha256_digest: createHash('sha256').update(bytes).digest('hex'),
        protocol_version: '1',
        metadata_version: '2.3',
        name: 'uvpkg',
        version: '1.0',
        filetype: 'bdist_wheel',
        pyversion: 'py3',
        requires_python: '',
      },
      [['content', { filename: 'uvpkg-1.0-py3-none-any.whl', bytes }]],
    );
    expect((await postForm(registry, 'pypi-hosted', form)).status).toBe(200);
    expect((await send(registry, '/repository/pypi-hosted/simple/uvpkg/')).body).toContain('rel="internal" >uvpkg-1.0-py3-none-any.whl</a>');
  });

  it('stores repeated fields joined with a newline, a blank first value being replaced', async () => {
    const form = uploadForm('multi', '1.0', 'multi-1.0.tar.gz', { overrides: { classifiers: ['A :: B', 'C :: D'], keywords: ['', 'kw'] } });
    expect((await postForm(registry, 'pypi-hosted', form)).status).toBe(200);
    const meta = JSON.parse(await readFile(join(registry.dataDir, 'repositories', 'pypi-hosted', 'assets', 'multi', '1.0', 'multi-1.0.tar.gz.json'), 'utf8'));
    expect(meta).toMatchObject({ attributes: { classifiers: 'A :: B\nC :: D', keywords: 'kw' }, size: form.bytes.length, uploader: 'publisher' });
  });

  it('challenges an upload without credentials with 401 and an empty body', async () => {
    const response = await postForm(registry, 'pypi-hosted', uploadForm('demo', '1.0', 'demo-1.0.tar.gz'), null);
    expect([response.status, response.headers['www-authenticate'], response.body]).toEqual([401, CHALLENGE, '']);
  });

  it('challenges a wrong password with 401', async () => {
    const response = await postForm(registry, 'pypi-hosted', uploadForm('demo', '1.0', 'demo-1.0.tar.gz'), 'publisher:wrong');
    expect([response.status, response.headers['www-authenticate']]).toEqual([401, CHALLENGE]);
  });

  it('answers 403 with the Forbidden error page to a user without the add privilege', async () => {
    const response = await postForm(registry, 'pypi-hosted', uploadForm('demo', '1.0', 'demo-1.0.tar.gz'), 'reader:reader-pw');
    expect([response.status, response.reason, errorSection(response.body)]).toEqual([403, 'Forbidden', 'Forbidden']);
    expect(response.body).toContain('<title>403 - Sonatype Nexus Repository</title>');
  });

  it('refuses a redeploy under allow-once with the 3.70+ text, even for identical bytes', async () => {
    const form = uploadForm('redeploy', '2.0', 'redeploy-2.0.tar.gz');
    expect((await postForm(registry, 'pypi-hosted', form)).status).toBe(200);
    const again = await postForm(registry, 'pypi-hosted', form);
    const message = 'pypi-hosted/packages/redeploy/2.0/redeploy-2.0.tar.gz cannot be updated';
    expect([again.status, again.reason, errorSection(again.body)]).toEqual([400, message, message]);
  });

  it('refuses a different name spelling that maps to the same path', async () => {
    expect((await postForm(registry, 'pypi-hosted', uploadForm('same.name', '1.0', 'same_name-1.0-py3-none-any.whl'))).status).toBe(200);
    const again = await postForm(registry, 'pypi-hosted', uploadForm('Same_Name', '1.0', 'same_name-1.0-py3-none-any.whl'));
    expect(again.reason).toBe('pypi-hosted/packages/same-name/1.0/same_name-1.0-py3-none-any.whl cannot be updated');
  });

  it('overwrites under allow, serving the new hash', async () => {
    const first = uploadForm('over', '1.0', 'over-1.0.tar.gz');
    const second = uploadForm('over', '1.0', 'over-1.0.tar.gz');
    expect((await postForm(registry, 'pypi-redeploy', first)).status).toBe(200);
    expect((await postForm(registry, 'pypi-redeploy', second)).status).toBe(200);
    const file = await send(registry, '/repository/pypi-redeploy/packages/over/1.0/over-1.0.tar.gz');
    expect(file.bytes.equals(second.bytes)).toBe(true);
    const page = await send(registry, '/repository/pypi-redeploy/simple/over/');
    expect(page.body).toContain(`#sha256=${createHash('sha256').update(second.bytes).digest('hex')}`);
  });

  it('refuses any upload to a read-only repository with the 3.70+ text', async () => {
    const response = await postForm(registry, 'pypi-frozen', uploadForm('frozen', '1.0', 'frozen-1.0.tar.gz'));
    expect([response.status, response.reason]).toEqual([400, 'pypi-frozen/packages/frozen/1.0/frozen-1.0.tar.gz is read-only']);
  });

  it('answers 404 to an upload to a group, before checking credentials', async () => {
    const response = await postForm(registry, 'pypi-public', uploadForm('demo', '1.0', 'demo-1.0.tar.gz'), null);
    expect([response.status, response.reason, errorSection(response.body)]).toEqual([404, 'Not Found', 'Not Found']);
  });

  it('answers 404 "Repository not found" for an unknown repository', async () => {
    const response = await postForm(registry, 'nope', uploadForm('demo', '1.0', 'demo-1.0.tar.gz'));
    expect([response.status, response.reason, errorSection(response.body)]).toEqual([404, 'Repository not found', 'Repository not found']);
  });

  it('answers 400 when the slash after the repository name is missing', async () => {
    const form = uploadForm('demo', '1.0', 'demo-1.0.tar.gz');
    const response = await send(registry, '/repository/pypi-hosted', { method: 'POST', body: form.body, headers: { 'Content-Type': form.contentType } });
    expect([response.status, response.reason]).toEqual([400, "Repository path must have another '/' after initial '/'"]);
    expect(errorSection(response.body)).toBe('Repository path must have another &#39;/&#39; after initial &#39;/&#39;');
  });

  it('rejects a wrong md5_digest with Nexus text', async () => {
    const bytes = fakeArchive('md5-1.0.tar.gz');
    const response = await postForm(registry, 'pypi-hosted', uploadForm('md5', '1.0', 'md5-1.0.tar.gz', { bytes, overrides: { md5_digest: 'AAAA' } }));
    const message = `Digests do not match, found: ${createHash('md5').update(bytes).digest('hex')}, expected: AAAA`;
    expect([response.status, response.reason, errorSection(response.body)]).toEqual([400, message, message]);
  });

  it('accepts an md5_digest in upper case, as Nexus compares case-insensitively', async () => {
    const bytes = fakeArchive('md5up-1.0.tar.gz');
    const md5 = createHash('md5').update(bytes).digest('hex').toUpperCase();
    expect((await postForm(registry, 'pypi-hosted', uploadForm('md5up', '1.0', 'md5up-1.0.tar.gz', { bytes, overrides: { md5_digest: md5 } }))).status).toBe(
      200,
    );
  });

  it.each([
    ['sha256_digest', '0'.repeat(64)],
    ['blake2_256_digest', 'f'.repeat(64)],
  ])('rejects a wrong %s in strict mode', async (field, value) => {
    const response = await postForm(registry, 'pypi-hosted', uploadForm('digest', '1.0', 'digest-1.0.tar.gz', { overrides: { [field]: value } }));
    expect(response.status).toBe(400);
    expect(response.reason).toMatch(new RegExp(`^Digests do not match, found: [0-9a-f]{64}, expected: ${value} \\(${field}\\)$`));
  });

  it.each([
    ['name', uploadForm('other', '1.0', 'demo-1.0.tar.gz'), 'Filename demo-1.0.tar.gz does not match name other: expected project other'],
    ['version', uploadForm('demo', '2.0', 'demo-1.0-py3-none-any.whl'), 'Filename demo-1.0-py3-none-any.whl does not match version 2.0'],
    [
      'filetype',
      uploadForm('demo', '1.0', 'demo-1.0.tar.gz', { overrides: { filetype: 'bdist_wheel' } }),
      'Filename demo-1.0.tar.gz does not match filetype bdist_wheel: expected sdist',
    ],
  ])('rejects a filename that does not match the %s in strict mode', async (_what, form, message) => {
    const response = await postForm(registry, 'pypi-hosted', form);
    expect([response.status, response.reason]).toEqual([400, message]);
  });

  it('answers 404 with Nexus text when a .whl is not a zip in strict mode', async () => {
    const response = await postForm(registry, 'pypi-hosted', uploadForm('notzip', '1.0', 'notzip-1.0-py3-none-any.whl', { bytes: Buffer.from('plain text') }));
    expect([response.status, response.reason]).toEqual([
      404,
      'Detected content type [application/octet-stream], but expected [application/zip]: /packages/notzip/1.0/notzip-1.0-py3-none-any.whl',
    ]);
  });

  it.each([
    ['no :action', uploadForm('m', '1.0', 'm-1.0.tar.gz', { overrides: { ':action': undefined } })],
    ['another :action', uploadForm('m', '1.0', 'm-1.0.tar.gz', { overrides: { ':action': 'submit' } })],
    ['no name', uploadForm('m', '1.0', 'm-1.0.tar.gz', { overrides: { name: undefined } })],
    ['no version', uploadForm('m', '1.0', 'm-1.0.tar.gz', { overrides: { version: undefined } })],
    ['no content', encodeForm({ ':action': 'file_upload', name: 'm', version: '1.0' }, [])],
    [
      'two content parts',
      encodeForm({ ':action': 'file_upload', name: 'm', version: '1.0' }, [
        ['content', { filename: 'm-1.0.tar.gz', bytes: fakeArchive('m-1.0.tar.gz') }],
        ['content', { filename: 'm-1.0.tar.gz', bytes: fakeArchive('m-1.0.tar.gz') }],
      ]),
    ],
    ['a body that is not multipart', { body: Buffer.from('name=m&version=1.0'), contentType: 'application/x-www-form-urlencoded' }],
  ])('answers a bare 500 to %s', async (_what, form) => {
    const response = await postForm(registry, 'pypi-hosted', form);
    expect([response.status, response.reason, errorSection(response.body)]).toEqual([500, 'Internal Server Error', 'Internal Server Error']);
  });

  it('of two concurrent uploads of the same file stores one and refuses the other, leaving it intact', async () => {
    const forms = [
      uploadForm('race', '1.0', 'race-1.0.tar.gz', { bytes: fakeArchive('race-1.0.tar.gz', 2_000_000) }),
      uploadForm('race', '1.0', 'race-1.0.tar.gz', { bytes: fakeArchive('race-1.0.tar.gz', 2_000_000) }),
    ];
    const responses = await Promise.all(forms.map((form) => postForm(registry, 'pypi-hosted', form)));
    expect(responses.map((response) => response.status).sort()).toEqual([200, 400]);
    const winner = forms[responses.findIndex((response) => response.status === 200)]!;
    const file = await send(registry, '/repository/pypi-hosted/packages/race/1.0/race-1.0.tar.gz');
    expect(file.bytes.equals(winner.bytes)).toBe(true);
    expect(
      registry
        .uploads()
        .filter((entry) => entry.filename === 'race-1.0.tar.gz')
        .map((entry) => entry.outcome)
        .sort(),
    ).toEqual(['refused', 'stored']);
  });
});

describe('upload (orient flavour)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startTempRegistry({ config: await testConfig('orient') });
  });
  afterAll(() => stopTempRegistry(registry));

  it('refuses a redeploy with "Repository does not allow updating assets"', async () => {
    const form = uploadForm('orient', '1.0', 'orient-1.0.tar.gz');
    expect((await postForm(registry, 'pypi-hosted', form)).status).toBe(200);
    const again = await postForm(registry, 'pypi-hosted', form);
    expect([again.status, again.reason, errorSection(again.body)]).toEqual([
      400,
      'Repository does not allow updating assets: pypi-hosted',
      'Repository does not allow updating assets: pypi-hosted',
    ]);
  });

  it('refuses an upload to a read-only repository with "Repository is read only"', async () => {
    const response = await postForm(registry, 'pypi-frozen', uploadForm('frozen', '1.0', 'frozen-1.0.tar.gz'));
    expect([response.status, response.reason]).toEqual([400, 'Repository is read only: pypi-frozen']);
  });
});
