import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from '../packages/nx-pypi/src/cli/nx-pypi';
import {
  createLeaf,
  createRootCa,
  createSelfSignedLeaf,
  createTestPki,
  daysFromNow,
  startHttpsServer,
  type TestCert,
  type TestPki,
} from '../packages/nx-pypi/src/test-support/ca';

/**
 * `nx-pypi doctor` against loopback HTTPS servers with generated certificates: each fault a
 * Nexus user meets, named with its fix, and never the password.
 */
const USER = 'deployer';
const PASSWORD = 'correct-horse-battery-test-pw';
let pki: TestPki;
let ws: string;

beforeAll(async () => {
  pki = await createTestPki('Doctor');
  ws = mkdtempSync(join(tmpdir(), 'nx-pypi-doctor-'));
  writeFileSync(join(ws, 'chain.pem'), pki.intermediate.cert + pki.root.cert);
  writeFileSync(join(ws, 'root-only.pem'), pki.root.cert);
});
afterAll(() => rmSync(ws, { recursive: true, force: true }));

/** A Nexus-shaped handler: group `pypi-public` (no upload route), hosted `pypi-hosted` needing Basic auth. */
function nexus(opts: { unknownProjectStatus?: number } = {}) {
  const good = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
  return (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '';
    if (url.startsWith('/repository/pypi-hosted/') && req.headers.authorization !== good) {
      res.writeHead(401, { 'WWW-Authenticate': 'BASIC realm="Sonatype Nexus Repository Manager"' }).end();
    } else if (url === '/repository/pypi-public/simple/' || url === '/repository/pypi-hosted/simple/') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body></body></html>');
    } else if (url.startsWith('/repository/pypi-hosted/simple/')) {
      res.writeHead(opts.unknownProjectStatus ?? 404).end();
    } else if (req.method === 'GET' && url.startsWith('/repository/pypi-public/simple/')) {
      // A Nexus group renders a page for any project name; it has no upload route (POST: 404 below).
      res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body></body></html>');
    } else {
      res.writeHead(404).end();
    }
  };
}

interface Run {
  code: number;
  out: string;
}

async function doctor(
  chain: TestCert[],
  config: {
    caBundle?: string;
    uploadRepo?: string;
    extraEnv?: Record<string, string>;
    password?: string;
    args?: (origin: string) => string[];
    handler?: ReturnType<typeof nexus>;
  } = {},
): Promise<Run> {
  const server = await startHttpsServer(chain, config.handler ?? nexus());
  try {
    const base = `https://127.0.0.1:${server.port}/repository`;
    writeFileSync(
      join(ws, 'nx-pypi.json'),
      JSON.stringify({
        repositories: {
          nexus: {
            uploadUrl: `${base}/${config.uploadRepo ?? 'pypi-hosted'}/`,
            indexUrl: `${base}/pypi-public/simple/`,
            caBundle: config.caBundle ?? 'chain.pem',
            usernameEnv: 'NEXUS_USERNAME',
            passwordEnv: 'NEXUS_PASSWORD',
          },
        },
      }),
    );
    const lines: string[] = [];
    const env = { HOME: ws, NEXUS_USERNAME: USER, NEXUS_PASSWORD: config.password ?? PASSWORD, ...config.extraEnv };
    const code = await runCli(['doctor', '--workspace', ws, '--timeout', '5000', ...(config.args?.(`https://127.0.0.1:${server.port}`) ?? [])], {
      cwd: ws,
      env,
      out: (l) => lines.push(l),
      err: (l) => lines.push(l),
    });
    const out = lines.join('\n');
    expect(out).not.toContain(PASSWORD);
    expect(out).not.toContain(Buffer.from(`${USER}:${PASSWORD}`).toString('base64'));
    return { code, out };
  } finally {
    await server.close();
  }
}

describe('nx-pypi doctor', () => {
  it('passes a healthy setup and prints the chain the server sends', async () => {
    const r = await doctor([pki.leaf, pki.intermediate]);
    expect(r.out).toMatch(
      /sends 2 certificates:\n {2}0 CN=localhost, O=nx-pypi tests \(issued by CN=Doctor Intermediate CA, O=nx-pypi tests; expires \d{4}-\d\d-\d\d, in 36\d days\)\n {2}1 CN=Doctor Intermediate CA/,
    );
    expect(r.out).toContain('ok    [https://127.0.0.1:');
    expect(r.out).toContain('the chain verifies up to CN=Doctor Root CA, O=nx-pypi tests, trusted from chain.pem');
    expect(r.out).toContain(`ok    [upload] user "deployer" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: accepted by`);
    expect(r.out).toContain('uploadUrl behaves like a hosted repository');
    expect(r.out).toMatch(/doctor: healthy$/);
    expect(r.code).toBe(0);
  });

  it('names the missing intermediate when the server sends only its leaf and the bundle has only the root', async () => {
    const r = await doctor([pki.leaf], { caBundle: 'root-only.pem' });
    expect(r.out).toContain('FAULT [https://127.0.0.1:');
    expect(r.out).toContain('the server sends only its own certificate, and root-only.pem lacks its issuer CN=Doctor Intermediate CA, O=nx-pypi tests');
    expect(r.out).toContain('fix: Add the intermediate CN=Doctor Intermediate CA, O=nx-pypi tests (and its root) to the bundle');
    expect(r.code).toBe(1);
  });

  it('names an unknown root when the bundle holds another CA', async () => {
    const other = await createRootCa({ cn: 'Unrelated Root' });
    writeFileSync(join(ws, 'other.pem'), other.cert);
    const r = await doctor([pki.leaf, pki.intermediate], { caBundle: 'other.pem' });
    expect(r.out).toContain('the chain leads to the root CN=Doctor Root CA, O=nx-pypi tests, which other.pem does not hold');
    expect(r.code).toBe(1);
  });

  it('names an expired server certificate', async () => {
    const expired = await createLeaf(pki.intermediate, { cn: 'localhost', notBefore: daysFromNow(-60), notAfter: daysFromNow(-1) });
    const r = await doctor([expired, pki.intermediate]);
    expect(r.out).toMatch(
      /FAULT \[https:\/\/127\.0\.0\.1:\d+\] the server certificate CN=localhost, O=nx-pypi tests expired on \d{4}-\d\d-\d\d\n {6}fix: Ask the Nexus administrator to install a renewed certificate\./,
    );
    expect(r.code).toBe(1);
  });

  it('names a hostname mismatch with the names the certificate holds', async () => {
    const elsewhere = await createLeaf(pki.intermediate, { cn: 'nexus.example.com', dnsNames: ['nexus.example.com'], ips: [] });
    const r = await doctor([elsewhere, pki.intermediate]);
    expect(r.out).toContain('the server certificate CN=nexus.example.com, O=nx-pypi tests is not valid for "127.0.0.1": it names DNS:nexus.example.com');
    expect(r.code).toBe(1);
  });

  it('names a self-signed server certificate', async () => {
    const self = await createSelfSignedLeaf({ cn: 'localhost' });
    const r = await doctor([self]);
    expect(r.out).toContain('the server certificate CN=localhost, O=nx-pypi tests is self-signed: no CA vouches for it');
    expect(r.code).toBe(1);
  });

  it('names the user and the password source on a 401, never the password', async () => {
    const r = await doctor([pki.leaf, pki.intermediate], { password: 'wrong-password-value' });
    expect(r.out).toMatch(
      /FAULT \[upload\] https:\/\/127\.0\.0\.1:\d+\/repository\/pypi-hosted\/simple\/ refused the login \(401\): user "deployer" \(env NEXUS_USERNAME\), password from env NEXUS_PASSWORD\n {6}fix: Check the user name and the password in env NEXUS_PASSWORD/,
    );
    expect(r.out).not.toContain('wrong-password-value');
    expect(r.code).toBe(1);
  });

  it('warns that PIP_CERT points at a bundle lacking the chain, without failing', async () => {
    const other = await createRootCa({ cn: 'System Root' });
    writeFileSync(join(ws, 'system.pem'), other.cert);
    const r = await doctor([pki.leaf, pki.intermediate], { extraEnv: { PIP_CERT: join(ws, 'system.pem'), REQUESTS_CA_BUNDLE: join(ws, 'chain.pem') } });
    expect(r.out).toContain(`WARN  [environment] PIP_CERT points at a bundle that cannot verify https://127.0.0.1:`);
    expect(r.out).toContain(`fix: unset PIP_CERT, or point it at ${join(ws, 'chain.pem')}`);
    expect(r.out).not.toContain('REQUESTS_CA_BUNDLE points');
    expect(r.out).toMatch(/doctor: healthy \(1 warning\)$/);
    expect(r.code).toBe(0);
  });

  it('flags an uploadUrl that behaves like a group, and not an upload URL that also serves the index', async () => {
    const group = await doctor([pki.leaf, pki.intermediate], { uploadRepo: 'pypi-public' });
    expect(group.out).toMatch(
      /uploadUrl behaves like a Nexus group: it lists a project that does not exist \(.*\/pypi-public\/simple\/nx-pypi-doctor-[0-9a-f]{12}\/ answered 200\) and has no upload route \(POST .*\/repository\/pypi-public\/ answered 404\)/,
    );
    expect(group.code).toBe(1);
    // pypiserver and devpi list any name under the upload URL, and take uploads there: no fault.
    const servesIndex = await doctor([pki.leaf, pki.intermediate], { handler: nexus({ unknownProjectStatus: 200 }) });
    expect(servesIndex.out).toMatch(/ok {4}\[upload\] uploadUrl has an upload route \(POST .*\/repository\/pypi-hosted\/ without credentials answered 401\)/);
    expect(servesIndex.code).toBe(0);
  });

  it('falls back to a world-readable ~/.pypirc and warns about it', async () => {
    const rc = join(ws, '.pypirc');
    writeFileSync(rc, `[distutils]\nindex-servers = nexus\n\n[nexus]\nusername = ${USER}\npassword = ${PASSWORD}\n`);
    chmodSync(rc, 0o644);
    try {
      const r = await doctor([pki.leaf, pki.intermediate], { extraEnv: { NEXUS_PASSWORD: '' } });
      expect(r.out).toContain(`password from ${rc} [nexus] password: accepted by`);
      expect(r.out).toContain(`WARN  [credentials] ${rc} holds a password ([nexus]) and is readable by every user (mode 644)\n      fix: Run: chmod 600 ${rc}`);
      expect(r.code).toBe(0);
    } finally {
      rmSync(rc);
    }
  });

  it('checks a single URL with --url and --ca, ignoring nx-pypi.json', async () => {
    const ok = await doctor([pki.leaf, pki.intermediate], {
      caBundle: 'missing.pem',
      args: (o) => ['--url', `${o}/repository/pypi-public/simple/`, '--ca', join(ws, 'root-only.pem')],
    });
    expect(ok.out).toContain(`ok    [index] https://127.0.0.1:`);
    expect(ok.code).toBe(0);
    const refused = await doctor([pki.leaf], { args: () => ['--url', 'https://127.0.0.1:1/', '--ca', join(ws, 'root-only.pem')] });
    expect(refused.out).toContain('FAULT [https://127.0.0.1:1] cannot open a TLS connection to 127.0.0.1:1');
    expect(refused.code).toBe(1);
  });
});
