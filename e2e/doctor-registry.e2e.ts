import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateCertificates, startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv } from './support/python';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * `npx nx-pypi doctor` from the packed plugin against the local registry over real TLS, in each of
 * the enterprise failures it must name: a server that sends no intermediate, a bundle with another
 * root, an expired or misnamed server certificate, a wrong password, an upload URL that is the
 * group, and PIP_CERT overriding the chain.
 */
describe('nx-pypi doctor against the local registry', () => {
  let ws: TestWorkspace;
  let home: string;
  const registries: RunningRegistry[] = [];
  const captured: string[] = [];

  /** A registry; with `leaf`, its data folder gets certificates with a faulty leaf, which it then serves. */
  async function registry(name: string, options: { leafOnly?: boolean; leaf?: { hosts?: string[]; notAfter?: Date } } = {}): Promise<RunningRegistry> {
    const dataDir = join(home, name);
    if (options.leaf) {
      // A full set first, then the leaf reissued in place from the same CA with the faulty fields.
      const certs = join(dataDir, 'certs');
      await generateCertificates({ dir: certs });
      await generateCertificates({
        dir: certs,
        caDir: certs,
        leafHosts: options.leaf.hosts,
        leafNotBefore: new Date(Date.now() - 30 * 86_400_000),
        leafNotAfter: options.leaf.notAfter,
      });
    }
    const r = await startRegistry({ dataDir, leafOnly: options.leafOnly });
    registries.push(r);
    return r;
  }

  async function doctor(
    r: RunningRegistry,
    bundle: string,
    overrides: { uploadUrl?: string; password?: string; env?: Record<string, string> } = {},
  ): Promise<RunResult> {
    ws.write(
      'nx-pypi.json',
      JSON.stringify({
        repositories: {
          nexus: {
            uploadUrl: overrides.uploadUrl ?? r.uploadUrl(),
            indexUrl: r.indexUrl(),
            caBundle: bundle,
            publicRoots: false,
            usernameEnv: 'NEXUS_USERNAME',
            passwordEnv: 'NEXUS_PASSWORD',
          },
        },
      }),
    );
    const result = await ws.run(join(ws.root, 'node_modules', '.bin', 'nx-pypi'), ['doctor'], {
      env: { ...cleanPythonEnv(home), NEXUS_USERNAME: r.credentials.username, NEXUS_PASSWORD: overrides.password ?? r.credentials.password, ...overrides.env },
    });
    captured.push(result.stdout, result.stderr);
    return result;
  }

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-doctor-'));
    ws = await createTestWorkspace('doctor');
  }, 180_000);

  afterAll(async () => {
    for (const r of registries) await r.close();
    ws?.remove();
    rmSync(home, { recursive: true, force: true });
  });

  it('is healthy with the chain (intermediate then root), printing the chain the server sends', async () => {
    const r = await registry('healthy');
    copyFileSync(r.certs.chain, join(ws.root, 'chain.pem'));
    const result = await doctor(r, 'chain.pem');
    expect(result.stdout).toMatch(/sends 2 certificates:/);
    // Read from the registry's Nexus REST API route, as the generated user may read repository settings.
    expect(result.stdout).toContain('ok    [upload] pypi-hosted refuses redeploys (Deployment policy "Disable redeploy")');
    expect(result.stdout).toMatch(/doctor: healthy/);
    expect(result.code).toBe(0);
  }, 60_000);

  it('names the missing intermediate: leaf-only server, root-only bundle', async () => {
    const r = await registry('leaf-only', { leafOnly: true });
    copyFileSync(r.certs.root, join(ws.root, 'root-only.pem'));
    const result = await doctor(r, 'root-only.pem');
    expect(result.stdout).toContain('the server sends only its own certificate, and root-only.pem lacks its issuer');
    expect(result.code).toBe(1);
  }, 60_000);

  it('names an unknown root when the bundle holds another CA', async () => {
    const r = registries[0];
    const other = await generateCertificates({ dir: join(home, 'other-ca') });
    copyFileSync(other.chain, join(ws.root, 'other.pem'));
    const result = await doctor(r, 'other.pem');
    expect(result.stdout).toMatch(/which other\.pem does not hold/);
    expect(result.code).toBe(1);
  }, 60_000);

  it('names an expired server certificate', async () => {
    const r = await registry('expired', { leaf: { notAfter: new Date(Date.now() - 86_400_000) } });
    copyFileSync(r.certs.chain, join(ws.root, 'expired-chain.pem'));
    const result = await doctor(r, 'expired-chain.pem');
    expect(result.stdout).toMatch(/the server certificate .* expired on \d{4}-\d\d-\d\d/);
    expect(result.code).toBe(1);
  }, 60_000);

  it('names a hostname mismatch', async () => {
    const r = await registry('wrong-host', { leaf: { hosts: ['nexus.example.com'] } });
    copyFileSync(r.certs.chain, join(ws.root, 'wrong-host-chain.pem'));
    const result = await doctor(r, 'wrong-host-chain.pem');
    expect(result.stdout).toContain('is not valid for "127.0.0.1": it names DNS:nexus.example.com');
    expect(result.code).toBe(1);
  }, 60_000);

  it('names a wrong password with the user and its source, never the password', async () => {
    const result = await doctor(registries[0], 'chain.pem', { password: 'wrong-doctor-password' });
    expect(result.stdout).toMatch(/refused the login \(401\): user "publisher" \(env NEXUS_USERNAME\), password from env NEXUS_PASSWORD/);
    expect(result.stdout + result.stderr).not.toContain('wrong-doctor-password');
    expect(result.code).toBe(1);
  }, 60_000);

  it('names an upload URL that behaves like the group (an unknown project listed, no upload route)', async () => {
    const r = registries[0];
    const result = await doctor(r, 'chain.pem', { uploadUrl: r.uploadUrl('pypi-public') });
    expect(result.stdout).toMatch(
      /FAULT \[upload\] uploadUrl behaves like a Nexus group: .* has no upload route \(POST .*\/repository\/pypi-public\/ answered 404\)/,
    );
    expect(result.code).toBe(1);
  }, 60_000);

  it('warns that PIP_CERT points at a bundle lacking the chain', async () => {
    const result = await doctor(registries[0], 'chain.pem', { env: { PIP_CERT: join(ws.root, 'other.pem') } });
    expect(result.stdout).toContain('WARN  [environment] PIP_CERT points at a bundle that cannot verify');
    expect(result.stdout).toMatch(/doctor: healthy \(1 warning\)/);
    expect(result.code).toBe(0);
  }, 60_000);

  it('never prints a password', () => {
    const text = captured.join('\n');
    for (const r of registries) expect(text).not.toContain(r.credentials.password);
    expect(readFileSync(join(ws.root, 'nx-pypi.json'), 'utf8')).not.toMatch(/"password"/);
  });
});
