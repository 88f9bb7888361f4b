/**
 * The doctor as a user runs it, against loopback servers that behave like the indexes people
 * point it at: Nexus, and pypiserver/devpi-like ones that serve their index under the upload URL
 * and do not check a login on reads. Asserts the lines printed and the exit code.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClientCert, createTestPki, daysFromNow, startHttpsServer, type ClientAuthOptions, type TestPki } from '../../test-support/ca';
import { createTestKeyring } from '../../test-support/keyring';
import { doctorCommand } from './doctor-command';

const USER = 'deployer';
const PASSWORD = 'doctor-spec-correct-pw';
const GOOD = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let pki: TestPki;
let ws: string;

beforeAll(async () => {
  pki = await createTestPki('DoctorSpec');
  ws = mkdtempSync(join(tmpdir(), 'nx-pypi-doctor-spec-'));
  writeFileSync(join(ws, 'chain.pem'), pki.intermediate.cert + pki.root.cert);
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

async function runDoctorAt(
  origin: string,
  opts: {
    password?: string;
    uploadRepo?: string;
    indexRepo?: string;
    uploadUrl?: string;
    settingsIn?: 'nx-pypi.json' | 'nx.json' | 'both';
    env?: Record<string, string | undefined>;
    /** More repository settings (clientCert, clientKey). */
    repository?: Record<string, unknown>;
  } = {},
): Promise<{ code: number; out: string }> {
  const repositories = {
    nexus: {
      uploadUrl: opts.uploadUrl ?? `${origin}/repository/${opts.uploadRepo ?? 'pypi-hosted'}/`,
      indexUrl: `${origin}/repository/${opts.indexRepo ?? 'pypi-public'}/simple/`,
      caBundle: 'chain.pem',
      publicRoots: false,
      usernameEnv: 'NEXUS_USERNAME',
      passwordEnv: 'NEXUS_PASSWORD',
      ...opts.repository,
    },
  };
  const settingsIn = opts.settingsIn ?? 'nx-pypi.json';
  const inNxJson = settingsIn === 'nx.json' || settingsIn === 'both';
  writeFileSync(join(ws, 'nx.json'), JSON.stringify({ plugins: [{ plugin: 'nx-pypi', options: inNxJson ? { repositories } : {} }] }));
  rmSync(join(ws, 'nx-pypi.json'), { force: true });
  if (settingsIn !== 'nx.json') writeFileSync(join(ws, 'nx-pypi.json'), JSON.stringify({ repositories }, null, 2));
  const lines: string[] = [];
  const password = opts.password ?? PASSWORD;
  const env = { HOME: ws, NEXUS_USERNAME: USER, NEXUS_PASSWORD: password, ...opts.env };
  const code = await doctorCommand(['--workspace', ws, '--timeout', '5000'], { cwd: ws, env, out: (l) => lines.push(l), err: (l) => lines.push(l) });
  const out = lines.join('\n');
  expect(out).not.toContain(password);
  return { code, out };
}

async function withHttps(handler: Handler, run: (origin: string) => Promise<void>, clientAuth?: ClientAuthOptions): Promise<void> {
  const server = await startHttpsServer([pki.leaf, pki.intermediate], handler, clientAuth);
  try {
    await run(`https://127.0.0.1:${server.port}`);
  } finally {
    await server.close();
  }
}

/** Reads open to all; uploads (POST) need the login. `checksLoginOnReads`: a wrong Basic header is a 401 even on reads (Nexus). */
function anonymousReads(opts: { checksLoginOnReads: boolean; unknownProject?: number; postWithoutLogin?: number }): Handler {
  return (req, res) => {
    req.resume();
    const auth = req.headers.authorization;
    if (req.method === 'POST') {
      res.writeHead(auth === GOOD ? 400 : (opts.postWithoutLogin ?? 401)).end();
    } else if (opts.checksLoginOnReads && auth !== undefined && auth !== GOOD) {
      res.writeHead(401, { 'WWW-Authenticate': 'BASIC realm="Sonatype Nexus Repository Manager"' }).end();
    } else if (/\/simple\/$/.test(req.url ?? '') && !/nx-pypi-doctor-/.test(req.url ?? '')) {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body></body></html>');
    } else {
      res.writeHead(opts.unknownProject ?? 404).end();
    }
  };
}

describe('nx-pypi doctor', () => {
  it('says a port answering plain HTTP does not speak TLS, instead of OpenSSL\'s "wrong version number"', async () => {
    const plain: Server = createServer((req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = plain.address() as AddressInfo;
      const r = await runDoctorAt(`https://127.0.0.1:${port}`);
      expect(r.out).toContain(
        `FAULT [https://127.0.0.1:${port}] 127.0.0.1:${port} does not speak TLS: the URL says https://, but the server answered the handshake with something else, most likely plain HTTP`,
      );
      expect(r.out).toContain("fix: Use the port where Nexus or its reverse proxy serves HTTPS (Nexus's own port 8081 is plain HTTP)");
      expect(r.out).not.toMatch(/wrong version number/i);
      expect(r.code).toBe(1);
    } finally {
      plain.closeAllConnections();
      await new Promise((resolve) => plain.close(resolve));
    }
  });

  it('does not call a wrong password accepted when reads are anonymous and the server ignores logins on them', async () => {
    await withHttps(anonymousReads({ checksLoginOnReads: false }), async (origin) => {
      const r = await runDoctorAt(origin, { password: 'a-wrong-password-value' });
      expect(r.out).not.toContain('accepted');
      expect(r.out).toContain(
        `WARN  [upload] user "deployer" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: not verified, because reads of ${origin}/repository/pypi-hosted/simple/ are anonymous and the server does not check a login on them`,
      );
      expect(r.out).toContain('fix: The first upload checks it: a wrong password is then refused, naming env NEXUS_PASSWORD.');
      expect(r.code).toBe(0);
    });
  });

  it('proves the password where a wrong login is refused even though reads are anonymous (Nexus)', async () => {
    await withHttps(anonymousReads({ checksLoginOnReads: true }), async (origin) => {
      const r = await runDoctorAt(origin);
      expect(r.out).toContain(
        `ok    [upload] user "deployer" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: accepted by ${origin}/repository/pypi-hosted/simple/, which refuses a wrong login`,
      );
      expect(r.code).toBe(0);
      const wrong = await runDoctorAt(origin, { password: 'a-wrong-password-value' });
      expect(wrong.out).toContain('refused the login (401)');
      expect(wrong.code).toBe(1);
    });
  });

  it('says the password came from keyring, under which service, and proves it like any other', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-pypi-doctor-keyring-'));
    try {
      const keyring = createTestKeyring(dir);
      await withHttps(anonymousReads({ checksLoginOnReads: true }), async (origin) => {
        const hosted = `${origin}/repository/pypi-hosted/`;
        keyring.set(hosted, USER, PASSWORD);
        const r = await runDoctorAt(origin, { env: { ...keyring.env, NEXUS_PASSWORD: undefined } });
        expect(r.out).toContain(`credentials: user "deployer" (env NEXUS_USERNAME), password from keyring (service ${hosted})`);
        expect(r.out).toContain(
          `ok    [upload] user "deployer" (env NEXUS_USERNAME), password from keyring (service ${hosted}): accepted by ${hosted}simple/, which refuses a wrong login`,
        );
        expect(r.code).toBe(0);
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('explains a 403 on the hosted index as a wrong password (naming its variable) or a missing privilege', async () => {
    await withHttps(
      (req, res) => void res.writeHead(req.headers.authorization ? 403 : 401).end(),
      async (origin) => {
        const r = await runDoctorAt(origin, { password: 'a-wrong-password-value' });
        expect(r.out).toContain(
          `FAULT [upload] user "deployer" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: ${origin}/repository/pypi-hosted/simple/ refused the read (403)`,
        );
        expect(r.out).toContain(
          'fix: Either the password is wrong (some servers and proxies answer 403 rather than 401): check the username "deployer" and the password in env NEXUS_PASSWORD; or the user lacks the Nexus privilege nx-repository-view-pypi-pypi-hosted-read',
        );
        expect(r.code).toBe(1);
      },
    );
  });

  it('accepts an upload URL that also serves the index (pypiserver, devpi), whatever the names say', async () => {
    await withHttps(anonymousReads({ checksLoginOnReads: false, unknownProject: 200 }), async (origin) => {
      const r = await runDoctorAt(origin, { uploadRepo: 'pypi', indexRepo: 'pypi' });
      expect(r.out).not.toContain('UPLOAD_URL_IS_GROUP');
      expect(r.out).not.toContain('name the same repository');
      expect(r.out).not.toMatch(/FAULT/);
      expect(r.out).toContain(
        `ok    [upload] uploadUrl has an upload route (POST ${origin}/repository/pypi/ without credentials answered 401) and serves the index itself`,
      );
      expect(r.code).toBe(0);
    });
  });

  it('names an upload URL that behaves like a Nexus group: an unknown project listed, no upload route', async () => {
    await withHttps(anonymousReads({ checksLoginOnReads: true, unknownProject: 200, postWithoutLogin: 404 }), async (origin) => {
      const r = await runDoctorAt(origin, { uploadRepo: 'pypi-public' });
      expect(r.out).toMatch(
        /FAULT \[upload\] uploadUrl behaves like a Nexus group: it lists a project that does not exist \(.*\/pypi-public\/simple\/nx-pypi-doctor-[0-9a-f]{12}\/ answered 200\) and has no upload route \(POST .*\/repository\/pypi-public\/ answered 404\)/,
      );
      expect(r.code).toBe(1);
    });
  });
});

/**
 * Nexus with its REST API: reads and uploads as above, and
 * `GET /service/rest/v1/repositories/pypi/hosted/<name>` answering the settings JSON to the good
 * login when `writePolicy` is set, otherwise `refusal` (Nexus: 404 "Repository not found" to a user
 * without nx-repository-admin-pypi-<name>-read). Records the Authorization header of each REST call.
 */
function nexusWithRestApi(opts: { writePolicy?: string; refusal?: number }, restAuth: Array<string | undefined>): Handler {
  const reads = anonymousReads({ checksLoginOnReads: true });
  return (req, res) => {
    const match = /^\/service\/rest\/v1\/repositories\/pypi\/hosted\/([^/]+)$/.exec(req.url ?? '');
    if (!match && !(req.url ?? '').startsWith('/service/rest/')) return reads(req, res);
    req.resume();
    restAuth.push(req.headers.authorization);
    if (req.headers.authorization !== GOOD) return void res.writeHead(401, { 'WWW-Authenticate': 'BASIC realm="Sonatype Nexus Repository Manager"' }).end();
    if (!match || match[1] !== 'pypi-hosted' || opts.writePolicy === undefined) {
      return void res.writeHead(opts.refusal ?? 404, { 'content-type': 'application/json' }).end('"Repository not found"');
    }
    const storage = { blobStoreName: 'default', strictContentTypeValidation: true, writePolicy: opts.writePolicy };
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ name: 'pypi-hosted', format: 'pypi', type: 'hosted', online: true, storage }));
  };
}

describe('nx-pypi doctor: does the upload repository refuse redeploys?', () => {
  it('says so when Nexus reports "Disable redeploy" (ALLOW_ONCE), asking with the repository login', async () => {
    const restAuth: Array<string | undefined> = [];
    await withHttps(nexusWithRestApi({ writePolicy: 'ALLOW_ONCE' }, restAuth), async (origin) => {
      const r = await runDoctorAt(origin);
      expect(r.out).toContain('ok    [upload] pypi-hosted refuses redeploys (Deployment policy "Disable redeploy")');
      expect(r.out).toMatch(/doctor: healthy$/);
      expect(r.code).toBe(0);
    });
    expect(restAuth).toEqual([GOOD]);
  });

  it('warns, with the fix, when the repository allows redeploys (ALLOW)', async () => {
    await withHttps(nexusWithRestApi({ writePolicy: 'ALLOW' }, []), async (origin) => {
      const r = await runDoctorAt(origin);
      expect(r.out).toContain(
        'WARN  [upload] pypi-hosted allows redeploys (Deployment policy "Allow redeploy"): two concurrent runs can replace a file that one of them reported uploaded',
      );
      expect(r.out).toContain('      fix: In Nexus, Administration > Repository > Repositories > pypi-hosted: set Deployment policy to "Disable redeploy".');
      expect(r.out).toMatch(/doctor: healthy \(1 warning\)$/);
      expect(r.code).toBe(0);
    });
  });

  it('calls a read-only repository (DENY) a fault', async () => {
    await withHttps(nexusWithRestApi({ writePolicy: 'DENY' }, []), async (origin) => {
      const r = await runDoctorAt(origin);
      expect(r.out).toContain('FAULT [upload] pypi-hosted is read-only (Deployment policy "Read-only"): every upload will be refused');
      expect(r.code).toBe(1);
    });
  });

  it.each([
    [404, 'the user may not read repository settings: Nexus answers 404 without the privilege nx-repository-admin-pypi-pypi-hosted-read'],
    [403, 'the user may not read repository settings (403)'],
  ])('says plainly it cannot tell when the deploy user may not read settings (%i), as a note, not a fault', async (refusal, reason) => {
    await withHttps(nexusWithRestApi({ refusal }, []), async (origin) => {
      const r = await runDoctorAt(origin);
      expect(r.out).toContain(`note  [upload] cannot tell whether pypi-hosted refuses redeploys (${reason})`);
      expect(r.out).toContain(
        '      fix: Deployment policy should be "Disable redeploy": check Administration > Repository > Repositories > pypi-hosted in Nexus',
      );
      expect(r.out).toMatch(/doctor: healthy$/);
      expect(r.code).toBe(0);
    });
  });

  it('cannot tell for an upload URL that is not <base>/repository/<name>/, and asks nothing', async () => {
    const restAuth: Array<string | undefined> = [];
    await withHttps(nexusWithRestApi({ writePolicy: 'ALLOW_ONCE' }, restAuth), async (origin) => {
      const r = await runDoctorAt(origin, { uploadUrl: `${origin}/pypi/` });
      expect(r.out).toContain(`note  [upload] cannot tell whether ${origin}/pypi/ refuses redeploys (not a Nexus repository URL <base>/repository/<name>/)`);
      expect(r.code).toBe(0);
    });
    expect(restAuth).toEqual([]);
  });
});

describe('nx-pypi doctor: where the repository settings are', () => {
  it('reads nx-pypi.json, and warns about nothing when that is where they are', async () => {
    await withHttps(nexusWithRestApi({ writePolicy: 'ALLOW_ONCE' }, []), async (origin) => {
      const r = await runDoctorAt(origin);
      expect(r.out).toContain('repository:  nexus (nx-pypi.json [repositories] (the only one))');
      expect(r.out).toContain('from nx-pypi.json [repositories.nexus.caBundle]');
      expect(r.out).not.toContain('[configuration]');
      expect(r.code).toBe(0);
    });
  });

  it('warns once, with the fix, that settings in nx.json cost every build its cache, and still uses them', async () => {
    await withHttps(nexusWithRestApi({ writePolicy: 'ALLOW_ONCE' }, []), async (origin) => {
      const r = await runDoctorAt(origin, { settingsIn: 'nx.json' });
      const warnings = r.out.split('\n').filter((l) => l.startsWith('WARN '));
      expect(warnings).toEqual([
        'WARN  [configuration] the repository settings are read from nx.json [plugins[0].options]: Nx hashes nx.json into every task, so every edit of them (a URL, a CA bundle) invalidates every cached build',
      ]);
      expect(r.out).toContain(
        '      fix: move "repositories" into nx-pypi.json at the workspace root (same keys, top level), which no build reads, and delete them from nx.json',
      );
      expect(r.out).toContain('ok    [upload] pypi-hosted refuses redeploys');
      expect(r.out).toMatch(/doctor: healthy \(1 warning\)$/);
      expect(r.code).toBe(0);
    });
  });

  it('refuses settings in both nx.json and nx-pypi.json with exit 2, naming both files and the fix', async () => {
    const r = await runDoctorAt('https://127.0.0.1:9', { settingsIn: 'both' });
    expect(r.out).toBe(
      'nx.json [plugins[0].options.repositories] repository settings are in both nx-pypi.json (repositories) and nx.json (repositories); nx-pypi reads one place\n' +
        '  Move "repositories" from nx.json [plugins[0].options] into nx-pypi.json (merge them with what it holds), and delete them from nx.json: Nx hashes nx.json into every task, so every edit there invalidates every cached build.',
    );
    expect(r.code).toBe(2);
  });

  describe('with a server that requires client certificates (mutual TLS)', () => {
    const reads = anonymousReads({ checksLoginOnReads: true });
    const required = (maxVersion: 'TLSv1.2' | 'TLSv1.3'): ClientAuthOptions => ({ ca: [pki.root, pki.intermediate], required: true, maxVersion });
    const keyLines = (pem: string) => pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'));

    it.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: names the missing client certificate and the setting that fixes it', async (version) => {
      await withHttps(
        reads,
        async (origin) => {
          const host = origin.replace('https://', '');
          const r = await runDoctorAt(origin);
          expect(r.out).toContain(
            `${host} asks for a TLS client certificate (mutual TLS) and ended the connection without one: no clientCert is configured for this repository`,
          );
          expect(r.out).toContain('fix: Set "clientCert" for the repository in nx-pypi.json');
          expect(r.code).toBe(1);
        },
        required(version),
      );
    });

    it('presents the configured certificate, reports its subject and expiry, and is healthy', async () => {
      const client = await createClientCert(pki.intermediate, { cn: 'ci-runner' });
      writeFileSync(join(ws, 'client.crt'), client.cert);
      writeFileSync(join(ws, 'client.key'), client.key);
      await withHttps(
        reads,
        async (origin) => {
          const r = await runDoctorAt(origin, { repository: { clientCert: 'client.crt', clientKey: 'client.key' } });
          expect(r.out).toContain('client cert: CN=ci-runner, O=nx-pypi tests (client.crt + client.key) from nx-pypi.json [repositories.nexus.clientCert]');
          expect(r.out).toMatch(/ok {4}\[client certificate\] client certificate CN=ci-runner, O=nx-pypi tests, expires \d{4}-\d\d-\d\d \(in 36\d days\)/);
          expect(r.out).toContain(`note  [${origin}] asks for a client certificate; nx-pypi presents CN=ci-runner, O=nx-pypi tests`);
          for (const line of keyLines(client.key)) expect(r.out).not.toContain(line);
          expect(r.code).toBe(0);
        },
        required('TLSv1.3'),
      );
    });

    it('warns within 30 days of the client certificate expiring', async () => {
      const soon = await createClientCert(pki.intermediate, { cn: 'soon', notAfter: daysFromNow(12) });
      writeFileSync(join(ws, 'soon.pem'), soon.cert + soon.key);
      await withHttps(
        reads,
        async (origin) => {
          const r = await runDoctorAt(origin, { repository: { clientCert: 'soon.pem' } });
          expect(r.out).toMatch(/WARN {2}\[client certificate\] client certificate CN=soon, O=nx-pypi tests, expires \d{4}-\d\d-\d\d \(in 1[12] days\)/);
          expect(r.code).toBe(0);
        },
        required('TLSv1.3'),
      );
    });

    it('--url: presents --client-cert/--client-key, and without them says to pass them', async () => {
      const client = await createClientCert(pki.intermediate, { cn: 'ad-hoc' });
      writeFileSync(join(ws, 'adhoc.crt'), client.cert);
      writeFileSync(join(ws, 'adhoc.key'), client.key);
      await withHttps(
        reads,
        async (origin) => {
          const url = `${origin}/repository/pypi-public/simple/`;
          const run = async (...extra: string[]) => {
            const lines: string[] = [];
            const io = { cwd: ws, env: { HOME: ws }, out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
            const code = await doctorCommand(['--url', url, '--ca', join(ws, 'chain.pem'), '--timeout', '5000', ...extra], io);
            return { code, out: lines.join('\n') };
          };
          const without = await run();
          expect(without.out).toContain('fix: Pass the certificate with --client-cert <file>');
          expect(without.code).toBe(1);
          const withCert = await run('--client-cert', 'adhoc.crt', '--client-key', 'adhoc.key');
          expect(withCert.out).toContain('client cert: CN=ad-hoc, O=nx-pypi tests');
          expect(withCert.out).toContain('from --client-cert');
          for (const line of keyLines(client.key)) expect(withCert.out).not.toContain(line);
          expect(withCert.code).toBe(0);
        },
        required('TLSv1.3'),
      );
    });

    it('refuses --client-cert without --url, naming where a configured repository takes it from', async () => {
      const lines: string[] = [];
      const code = await doctorCommand(['--workspace', ws, '--client-cert', 'x.pem'], {
        cwd: ws,
        env: {},
        out: (l) => lines.push(l),
        err: (l) => lines.push(l),
      });
      expect(lines[0].split('\n')[0]).toBe(
        '--client-cert and --client-key go with --url; a configured repository takes "clientCert" and "clientKey" from nx-pypi.json',
      );
      expect(code).toBe(2);
      const keyOnly: string[] = [];
      const url = 'https://127.0.0.1:1/simple/';
      expect(await doctorCommand(['--url', url, '--client-key', 'x.key'], { cwd: ws, env: {}, out: (l) => keyOnly.push(l), err: (l) => keyOnly.push(l) })).toBe(
        2,
      );
      expect(keyOnly[0].split('\n')[0]).toBe('--client-key needs --client-cert (the certificate it belongs to)');
    });

    it('refuses a key that does not belong to the certificate before connecting', async () => {
      const client = await createClientCert(pki.intermediate, { cn: 'ci-runner' });
      const other = await createClientCert(pki.intermediate, { cn: 'other' });
      writeFileSync(join(ws, 'mismatch.crt'), client.cert);
      writeFileSync(join(ws, 'mismatch.key'), other.key);
      const r = await runDoctorAt('https://127.0.0.1:1', { repository: { clientCert: 'mismatch.crt', clientKey: 'mismatch.key' } });
      expect(r.out).toContain(
        `FAULT [client certificate] ${join(ws, 'mismatch.key')}:1 the private key in mismatch.key does not belong to the client certificate CN=ci-runner`,
      );
      for (const line of keyLines(other.key)) expect(r.out).not.toContain(line);
      expect(r.code).toBe(1);
    });
  });
});
