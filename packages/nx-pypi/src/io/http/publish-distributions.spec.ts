/**
 * Publishing against the real local registry (packages/pypi-registry) over TLS, strict mode: it
 * checks the form's digests (BLAKE2b-256 included), filenames and archive types as it stores.
 */
import { Secret } from '../../core/config/credentials';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'undici';
import { hashPassword, startRegistry, type RunningRegistry } from '../../../../pypi-registry/src';
import { NxPypiError } from '../../errors';
import type { Credentials } from '../../core/publish/credentials';
import type { PublishOutcome, PublishReporter } from '../../core/publish/publish-outcome';
import { createDispatcher } from '../tls/dispatcher';
import { readTrustSettings } from '../tls/read-trust';
import type { Clock } from './clock';
import { publishDistributions } from './publish-distributions';
import { readArtifact } from '../artifact/read-artifact';
import { computeBasicAuthorization } from '../../core/publish/credentials';
import { computeUploadForm, DIGEST_FIELD_LENGTHS, digestFields } from '../../core/publish/upload-form';
import { createMultipartBody } from './multipart-body';
import { sendRequest } from './send-request';
import { makeArtifacts } from './test-support/make-artifacts';
import { waitUntilListed } from './wait-until-listed';

const READER_PASSWORD = 'reader-Pa55-never-shown';

describe('publishDistributions against the local registry', () => {
  let dir: string;
  let registry: RunningRegistry;
  let dispatcher: Agent;
  let credentials: Credentials;
  let delays: number[];
  let clock: Clock;
  let workDirs = 0;

  const workDir = async (): Promise<string> => {
    const path = join(dir, `w${workDirs++}`);
    await mkdir(path);
    return path;
  };
  const errorOf = (outcome: PublishOutcome): NxPypiError => {
    if (outcome.status !== 'failed') throw new Error(`expected a failure, got ${outcome.status}`);
    return outcome.error;
  };
  const statuses = (outcomes: PublishOutcome[]): string[] => outcomes.map((o) => `${o.filename}: ${o.status}`);
  const logSince = (start: number): string[] =>
    registry
      .uploads()
      .slice(start)
      .map((u) => `${u.filename ?? '-'}: ${u.outcome}`);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-publish-'));
    registry = await startRegistry({
      dataDir: join(dir, 'registry'),
      strict: true,
      config: {
        repositories: [
          { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'pypi-public', type: 'group', members: ['pypi-hosted'], anonymousRead: true },
        ],
        users: [{ username: 'reader', passwordHash: await hashPassword(READER_PASSWORD), privileges: { '*': ['read'] } }],
      },
      logError: () => undefined,
    });
    dispatcher = createDispatcher(readTrustSettings(dir, { caFiles: [registry.certs.chain], publicRoots: false }));
    credentials = {
      username: registry.credentials.username,
      password: new Secret(registry.credentials.password),
      source: 'environment variable TEST_PASSWORD',
    };
  });

  afterAll(async () => {
    await dispatcher?.close();
    await registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    registry.faults.clear();
    delays = [];
    clock = { now: () => Date.now(), sleep: async (ms) => void delays.push(ms), random: () => 0.5 };
  });

  it('uploads a wheel then an sdist, confirms both in the index, and skips both when run again', async () => {
    const { wheel, sdist } = await makeArtifacts(await workDir(), 'Token_Lib', '1.0.0', 'one');
    const start = registry.uploads().length;
    const first = await publishDistributions([sdist, wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    expect(statuses(first)).toEqual(['token_lib-1.0.0-py3-none-any.whl: uploaded', 'token_lib-1.0.0.tar.gz: uploaded']);
    expect(logSince(start)).toEqual(['token_lib-1.0.0-py3-none-any.whl: stored', 'token_lib-1.0.0.tar.gz: stored']);

    const again = await publishDistributions([wheel, sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    expect(again.map((o) => o.status === 'skipped-identical' && o.found)).toEqual(['before-upload', 'before-upload']);
    expect(logSince(start)).toHaveLength(2);
  });

  it('confirms uploads and skips them when run again on an index that lists md5 only (Nexus <= 3.40), computing md5 just for it', async () => {
    const old = await startRegistry({
      dataDir: join(dir, 'registry-md5'),
      strict: true,
      linkHash: 'md5',
      config: { repositories: [{ name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true }] },
      logError: () => undefined,
    });
    const oldDispatcher = createDispatcher(readTrustSettings(dir, { caFiles: [old.certs.chain], publicRoots: false }));
    try {
      const { wheel, sdist } = await makeArtifacts(await workDir(), 'token-md5', '1.0.0', 'md5');
      expect(Object.keys(wheel.digests!).sort()).toEqual(['blake2_256', 'sha256']);
      const options = {
        uploadUrl: old.uploadUrl(),
        credentials: { ...credentials, username: old.credentials.username, password: new Secret(old.credentials.password) },
        dispatcher: oldDispatcher,
        clock,
      };
      const first = await publishDistributions([sdist, wheel], options);
      expect(statuses(first)).toEqual(['token_md5-1.0.0-py3-none-any.whl: uploaded', 'token_md5-1.0.0.tar.gz: uploaded']);
      const again = await publishDistributions([wheel, sdist], options);
      expect(again.map((o) => o.status === 'skipped-identical' && o.found)).toEqual(['before-upload', 'before-upload']);
      expect(old.uploads().map((u) => u.outcome)).toEqual(['stored', 'stored']);
    } finally {
      await oldDispatcher.close();
      await old.close();
    }
  });

  it('reads a new file once: its digests come from the bytes the upload streams (sent after the file), and the index confirms them', async () => {
    const made = await makeArtifacts(await workDir(), 'token-stream', '1.0.0', 'stream');
    const fresh = await Promise.all([made.wheel, made.sdist].map((a) => readArtifact(a.path, { hash: false })));
    expect(fresh.map((a) => a.digests)).toEqual([undefined, undefined]);
    const first = await publishDistributions(fresh, { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    expect(statuses(first)).toEqual(['token_stream-1.0.0-py3-none-any.whl: uploaded', 'token_stream-1.0.0.tar.gz: uploaded']);
    expect(fresh.map((a) => a.digests)).toEqual([made.wheel.digests, made.sdist.digests]);
    const again = await Promise.all([made.wheel, made.sdist].map((a) => readArtifact(a.path, { hash: false })));
    const second = await publishDistributions(again, { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    expect(second.map((o) => o.status)).toEqual(['skipped-identical', 'skipped-identical']);
  });

  it('a strict registry checks digest fields that follow the file part: a wrong one is refused', async () => {
    const { wheel } = await makeArtifacts(await workDir(), 'token-trailer', '1.0.0', 'trailer');
    const wrong = {
      layout: DIGEST_FIELD_LENGTHS,
      start: async () => ({ update: () => undefined, finish: () => digestFields({ sha256: '0'.repeat(64), blake2_256: wheel.digests!.blake2_256 }) }),
    };
    const form = computeUploadForm(wheel.metadata, { filetype: wheel.filetype, pyversion: wheel.pyversion });
    const body = createMultipartBody(form, { path: wheel.path, filename: wheel.filename, size: wheel.size }, undefined, wrong);
    const answer = await sendRequest(registry.uploadUrl(), {
      method: 'POST',
      headers: { 'content-type': body.contentType, 'content-length': String(body.contentLength), authorization: computeBasicAuthorization(credentials) },
      body: body.stream(),
      dispatcher,
      maxBodyBytes: 65536,
    });
    expect([answer.status, answer.reason]).toEqual([400, `Digests do not match, found: ${wheel.digests!.sha256}, expected: ${'0'.repeat(64)} (sha256_digest)`]);
  });

  it("reads a release's index page once before its uploads and once to confirm them, however many files it has", async () => {
    const { wheel, sdist } = await makeArtifacts(await workDir(), 'token-once', '1.0.0', 'once');
    const requests: string[] = [];
    const counting = dispatcher.compose((dispatch) => (opts, handler) => {
      requests.push(`${opts.method} ${opts.path}`);
      return dispatch(opts, handler);
    });
    await publishDistributions([sdist, wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher: counting, clock });
    const reads = requests.filter((r) => r.startsWith('GET'));
    expect(reads).toEqual([expect.stringMatching(/^GET .*\/simple\/token-once\/$/), expect.stringMatching(/^GET .*\/simple\/token-once\/$/)]);
    expect(requests.filter((r) => r.startsWith('POST'))).toHaveLength(2);
  });

  it('reports the file bytes read into each upload, ending at the file size', async () => {
    const { wheel, sdist } = await makeArtifacts(await workDir(), 'progress-lib', '1.0.0', 'x');
    const events: string[] = [];
    const reporter: PublishReporter = {
      onUploadStart: (file, bytes, attempt) => events.push(`start ${file} ${bytes} #${attempt}`),
      onUploadProgress: (file, sent, total) => events.push(`sent ${file} ${sent}/${total}`),
      onOutcome: (outcome) => events.push(`${outcome.status} ${outcome.filename}`),
    };
    await publishDistributions([sdist, wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock, reporter });
    // Both files are far under one 256 KiB read: one report each, of the whole file. A file is
    // reported uploaded once the index lists it, read once for the release after its uploads.
    expect(events).toEqual([
      `start ${wheel.filename} ${wheel.size} #1`,
      `sent ${wheel.filename} ${wheel.size}/${wheel.size}`,
      `start ${sdist.filename} ${sdist.size} #1`,
      `sent ${sdist.filename} ${sdist.size}/${sdist.size}`,
      `uploaded ${wheel.filename}`,
      `uploaded ${sdist.filename}`,
    ]);
  });

  it('refuses a same-named file with other bytes, sending nothing for that version', async () => {
    const published = await makeArtifacts(await workDir(), 'immutable-lib', '2.0.0', 'original');
    expect(statuses(await publishDistributions([published.wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock }))).toEqual([
      'immutable_lib-2.0.0-py3-none-any.whl: uploaded',
    ]);
    const rebuilt = await makeArtifacts(await workDir(), 'immutable-lib', '2.0.0', 'changed');
    const start = registry.uploads().length;
    const outcomes = await publishDistributions([rebuilt.wheel, rebuilt.sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    expect(logSince(start)).toEqual([]);
    expect(errorOf(outcomes[0]).message).toBe(
      `immutable-lib 2.0.0 is already on ${registry.uploadUrl()} with different content (immutable_lib/__init__.py: sha256 differs (18 bytes in this build, 19 in the published file)); bump the version (nx release version)`,
    );
    expect(errorOf(outcomes[0]).code).toBe('PUBLISH_IMMUTABLE_VERSION');
    expect(errorOf(outcomes[1]).code).toBe('PUBLISH_BLOCKED');
  });

  describe('a rebuild whose archive bytes differ from the published file', () => {
    const REBUILT = { compressLevel: 1, date: new Date('2024-05-06T07:08:10Z') };

    it('skips a wheel and sdist rebuilt with other deflate settings and dates (the same files) as already published, with the same contents', async () => {
      const published = await makeArtifacts(await workDir(), 'same-files-lib', '1.0.0', 'x', { modules: { 'core.py': 'x = 1\n'.repeat(200) } });
      await publishDistributions([published.wheel, published.sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
      const rebuilt = await makeArtifacts(await workDir(), 'same-files-lib', '1.0.0', 'x', { ...REBUILT, modules: { 'core.py': 'x = 1\n'.repeat(200) } });
      expect(rebuilt.wheel.digests!.sha256).not.toBe(published.wheel.digests!.sha256);
      expect(rebuilt.sdist.digests!.sha256).not.toBe(published.sdist.digests!.sha256);

      const events: string[] = [];
      const start = registry.uploads().length;
      const outcomes = await publishDistributions([rebuilt.sdist, rebuilt.wheel], {
        uploadUrl: registry.uploadUrl(),
        credentials,
        dispatcher,
        clock,
        reporter: { onComparingContents: (file) => events.push(`comparing ${file}`), onOutcome: (o) => events.push(`${o.status} ${o.filename}`) },
      });
      // The end-of-run check holds the index to the published digest that was compared: not "overwritten".
      expect(outcomes).toEqual([
        {
          status: 'skipped-identical',
          filename: rebuilt.wheel.filename,
          url: expect.stringContaining(rebuilt.wheel.filename),
          found: 'before-upload',
          sameContents: { algorithm: 'sha256', digest: published.wheel.digests!.sha256 },
        },
        {
          status: 'skipped-identical',
          filename: rebuilt.sdist.filename,
          url: expect.stringContaining(rebuilt.sdist.filename),
          found: 'before-upload',
          sameContents: { algorithm: 'sha256', digest: published.sdist.digests!.sha256 },
        },
      ]);
      expect(events).toEqual([
        `comparing ${rebuilt.wheel.filename}`,
        `comparing ${rebuilt.sdist.filename}`,
        `skipped-identical ${rebuilt.wheel.filename}`,
        `skipped-identical ${rebuilt.sdist.filename}`,
      ]);
      expect(logSince(start)).toEqual([]);
      // A dependent waiting for this release on the group finds it listed, though with the published bytes.
      await waitUntilListed(registry.indexUrl('pypi-public'), [rebuilt.wheel, rebuilt.sdist], { timeoutMs: 5000, pollMs: 100, dispatcher, credentials });
    });

    it('refuses a wheel with one changed module, naming that module, and sends nothing of the release', async () => {
      const published = await makeArtifacts(await workDir(), 'token-lib-changed', '1.0.0', 'x', { modules: { 'core.py': 'x = 1\n' } });
      await publishDistributions([published.wheel, published.sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
      const rebuilt = await makeArtifacts(await workDir(), 'token-lib-changed', '1.0.0', 'x', { ...REBUILT, modules: { 'core.py': 'x = 2\n' } });
      const start = registry.uploads().length;
      const [wheel, sdist] = await publishDistributions([rebuilt.wheel, rebuilt.sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
      expect(errorOf(wheel).code).toBe('PUBLISH_IMMUTABLE_VERSION');
      expect(errorOf(wheel).message).toContain('with different content (token_lib_changed/core.py: sha256 differs)');
      expect(errorOf(sdist).message).toContain('(token_lib_changed-1.0.0/src/token_lib_changed/core.py: sha256 differs)');
      expect(logSince(start)).toEqual([]);
    });

    it('refuses an sdist whose module changed mode, naming it', async () => {
      const { sdist } = await makeArtifacts(await workDir(), 'mode-lib', '1.0.0', 'x');
      await publishDistributions([sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
      const rebuilt = await makeArtifacts(await workDir(), 'mode-lib', '1.0.0', 'x', { ...REBUILT, moduleMode: 0o755 });
      const [outcome] = await publishDistributions([rebuilt.sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
      expect(errorOf(outcome).message).toContain('(mode_lib-1.0.0/src/mode_lib/__init__.py: mode differs (0755 in this build, 0644 in the published file))');
    });

    it('refuses a wheel whose RECORD lies about a module, though every file in it is the published one', async () => {
      const { wheel } = await makeArtifacts(await workDir(), 'record-lib', '1.0.0', 'x');
      await publishDistributions([wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
      const lying = await makeArtifacts(await workDir(), 'record-lib', '1.0.0', 'x', { ...REBUILT, lyingRecord: true });
      const [outcome] = await publishDistributions([lying.wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
      expect(errorOf(outcome).code).toBe('PUBLISH_IMMUTABLE_VERSION');
      expect(errorOf(outcome).message).toContain("(record_lib/__init__.py: its content does not match this build's RECORD (sha256, line 1))");
    });
  });

  it('retries two 503s with backoff and uploads once', async () => {
    const { wheel } = await makeArtifacts(await workDir(), 'flaky-lib', '1.0.0', 'x');
    registry.faults.set({ failUploads: { count: 2, status: 503 } });
    const retries: string[] = [];
    const reporter: PublishReporter = { onRetry: (file, attempt, delayMs) => retries.push(`${file} #${attempt} ${delayMs}`) };
    const start = registry.uploads().length;
    const [outcome] = await publishDistributions([wheel], {
      uploadUrl: registry.uploadUrl(),
      credentials,
      dispatcher,
      clock,
      reporter,
      retry: { baseDelayMs: 100, maxDelayMs: 1000 },
    });
    expect(outcome).toMatchObject({ status: 'uploaded', attempts: 3 });
    expect(retries).toEqual(['flaky_lib-1.0.0-py3-none-any.whl #1 50', 'flaky_lib-1.0.0-py3-none-any.whl #2 100']);
    expect(delays).toEqual([50, 100]);
    expect(logSince(start)).toEqual(['-: fault', '-: fault', 'flaky_lib-1.0.0-py3-none-any.whl: stored']);
  });

  it('does not send again when the connection drops after the file was stored: the index shows it', async () => {
    const { sdist } = await makeArtifacts(await workDir(), 'dropped-lib', '1.0.0', 'x');
    registry.faults.set({ dropAfterStore: 1 });
    const start = registry.uploads().length;
    const [outcome] = await publishDistributions([sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    expect(outcome).toMatchObject({ status: 'uploaded', attempts: 1 });
    expect(logSince(start)).toEqual(['dropped_lib-1.0.0.tar.gz: dropped-after-store']);
  });

  it('sends again when the connection dropped before the file was stored', async () => {
    const { sdist } = await makeArtifacts(await workDir(), 'lost-lib', '1.0.0', 'x');
    registry.faults.set({ dropBeforeStore: 1 });
    const start = registry.uploads().length;
    const [outcome] = await publishDistributions([sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    expect(outcome).toMatchObject({ status: 'uploaded', attempts: 2 });
    expect(logSince(start)).toEqual(['lost_lib-1.0.0.tar.gz: dropped-before-store', 'lost_lib-1.0.0.tar.gz: stored']);
  });

  it('reports 401 and 403 with the user and the password source, never the password', async () => {
    const { wheel } = await makeArtifacts(await workDir(), 'secret-lib', '1.0.0', 'x');
    const wrong = { username: 'publisher', password: new Secret('Wr0ng-Pa55-never-shown'), source: 'environment variable NEXUS_PASSWORD' };
    const [unauthorized] = await publishDistributions([wheel], { uploadUrl: registry.uploadUrl(), credentials: wrong, dispatcher, clock });
    const reader = { username: 'reader', password: new Secret(READER_PASSWORD), source: 'environment variable READER_PASSWORD' };
    const [forbidden] = await publishDistributions([wheel], { uploadUrl: registry.uploadUrl(), credentials: reader, dispatcher, clock });
    const inUrl = registry.uploadUrl().replace('https://', `https://reader:${encodeURIComponent(READER_PASSWORD)}@`);
    const [fromUrl] = await publishDistributions([wheel], { uploadUrl: inUrl, dispatcher, clock });
    const [anonymous] = await publishDistributions([wheel], { uploadUrl: registry.uploadUrl(), dispatcher, clock });

    // Nexus refuses wrong credentials on reads too, so the index check before the upload reports it.
    expect(errorOf(unauthorized).code).toBe('INDEX_UNAUTHORIZED');
    expect(errorOf(unauthorized).message).toContain('(401): user "publisher" with the password from environment variable NEXUS_PASSWORD');
    expect(errorOf(anonymous).code).toBe('UPLOAD_UNAUTHORIZED');
    expect(errorOf(anonymous).message).toContain('requires a login to upload secret_lib-1.0.0-py3-none-any.whl (401): no credentials were sent');
    expect(errorOf(forbidden).code).toBe('UPLOAD_FORBIDDEN');
    expect(errorOf(forbidden).render()).toContain('nx-repository-view-pypi-pypi-hosted-add');
    // Nexus says 403 for a missing privilege, other servers for a wrong password: both are named.
    expect(errorOf(forbidden).render()).toContain('user "reader" (password from environment variable READER_PASSWORD) may not upload');
    expect(errorOf(forbidden).render()).toContain('check the username "reader" and the password in environment variable READER_PASSWORD');
    expect(errorOf(fromUrl).code).toBe('UPLOAD_FORBIDDEN');
    for (const outcome of [unauthorized, forbidden, fromUrl]) {
      const text = `${errorOf(outcome).render()}\n${JSON.stringify(outcome)}\n${errorOf(outcome).stack}`;
      expect(text).not.toContain('Wr0ng-Pa55-never-shown');
      expect(text).not.toContain('Pa55-never-shown');
    }
  });

  it('explains a 404 from a group URL and a 400 from a URL without its trailing slash', async () => {
    const { wheel } = await makeArtifacts(await workDir(), 'wrong-url-lib', '1.0.0', 'x');
    const group = registry.uploadUrl('pypi-public');
    const [toGroup] = await publishDistributions([wheel], {
      uploadUrl: group,
      hostedIndexUrl: `${registry.uploadUrl()}simple/`,
      credentials,
      dispatcher,
      clock,
    });
    expect(errorOf(toGroup).code).toBe('UPLOAD_NOT_FOUND');
    expect(errorOf(toGroup).hint).toContain('upload to uploadUrl, the hosted one');
    const [noSlash] = await publishDistributions([wheel], {
      uploadUrl: registry.uploadUrl().replace(/\/$/, ''),
      hostedIndexUrl: `${registry.uploadUrl()}simple/`,
      credentials,
      dispatcher,
      clock,
    });
    expect(errorOf(noSlash).code).toBe('UPLOAD_URL_NO_SLASH');
  });

  it('fails on an untrusted certificate without retrying and points at nx-pypi doctor', async () => {
    const { wheel } = await makeArtifacts(await workDir(), 'tls-lib', '1.0.0', 'x');
    const untrusting = createDispatcher(readTrustSettings(dir, { caFiles: [], publicRoots: true }));
    try {
      const [outcome] = await publishDistributions([wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher: untrusting, clock });
      expect(errorOf(outcome).code).toBe('TLS_CERTIFICATE');
      expect(errorOf(outcome).hint).toContain('nx-pypi doctor');
      expect(delays).toEqual([]);
    } finally {
      await untrusting.close();
    }
  });

  it('waits until the group lists the files, and times out naming the group URL', async () => {
    const { wheel } = await makeArtifacts(await workDir(), 'visible-lib', '1.0.0', 'x');
    registry.faults.set({ groupLagSeconds: 1 });
    await publishDistributions([wheel], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    const waits: number[] = [];
    await waitUntilListed(registry.indexUrl('pypi-public'), [wheel], {
      timeoutMs: 10_000,
      pollMs: 200,
      dispatcher,
      reporter: { onWaiting: (_url, missing) => waits.push(missing.length) },
    });
    expect(waits.length).toBeGreaterThan(0);

    const { sdist } = await makeArtifacts(await workDir(), 'hidden-lib', '1.0.0', 'x');
    registry.faults.set({ groupLagSeconds: 60 });
    await publishDistributions([sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher, clock });
    const error = await waitUntilListed(registry.indexUrl('pypi-public'), [sdist], { timeoutMs: 300, pollMs: 100, dispatcher }).catch((e: unknown) => e);
    expect((error as NxPypiError).code).toBe('PUBLISH_NOT_VISIBLE');
    expect((error as NxPypiError).message).toBe(`hidden_lib-1.0.0.tar.gz is not listed at ${registry.indexUrl('pypi-public')} after 0 s`);
  });
});
