import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv, createVenv } from './support/python';
import { generateCaChain, storedFilenames } from './support/repository';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * Client certificates (mutual TLS), end to end, against the local registry started with
 * requireClientCert: it fails the TLS handshake of every connection without a certificate from its
 * CA. Publish, install (pip through the environment nx-pypi gives it), doctor, and pip itself with
 * the pip.conf `nx g nx-pypi:pip-config` writes. The certificate and its key live outside the
 * workspace, as in CI, in two files (publish, install, doctor) or one (pip.conf). No output may
 * hold the key or the password.
 */
describe('client certificates (mutual TLS) against a registry that requires them', () => {
  let registry: RunningRegistry;
  let ws: TestWorkspace;
  let home: string;
  /** Where nx's children make temporary files: the joined key file must be gone from it after each run. */
  let temp: string;
  let pki: { cert: string; key: string; combined: string };
  const captured: string[] = [];

  const record = (r: RunResult): RunResult => {
    captured.push(r.stdout, r.stderr);
    return r;
  };
  const env = () => ({ ...cleanPythonEnv(home), TMPDIR: temp, NEXUS_USERNAME: registry.credentials.username, NEXUS_PASSWORD: registry.credentials.password });
  const nx = async (args: string[]): Promise<RunResult> => record(await ws.nx(args, env()));
  const doctor = async (): Promise<RunResult> => record(await ws.run(join(ws.root, 'node_modules', '.bin', 'nx-pypi'), ['doctor'], { env: env() }));
  const settings = (client: Record<string, string>): void =>
    ws.write(
      'nx-pypi.json',
      JSON.stringify(
        {
          repositories: {
            nexus: {
              uploadUrl: registry.uploadUrl(),
              indexUrl: registry.indexUrl(),
              caBundle: 'tools/certs/nexus-chain.pem',
              publicRoots: false,
              usernameEnv: 'NEXUS_USERNAME',
              passwordEnv: 'NEXUS_PASSWORD',
              ...client,
            },
          },
        },
        null,
        2,
      ),
    );
  const twoFiles = () => ({ clientCert: pki.cert, clientKey: pki.key });
  const joinedLeftBehind = () => readdirSync(temp).filter((f) => f.startsWith('nx-pypi-client-cert-'));

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-mtls-'));
    temp = join(home, 'tmp');
    mkdirSync(temp);
    registry = await startRegistry({ dataDir: join(home, 'registry'), requireClientCert: true });
    // Outside the workspace, as a CI secret file would be.
    mkdirSync(join(home, 'pki'));
    pki = { cert: join(home, 'pki', 'client.crt'), key: join(home, 'pki', 'client.key'), combined: join(home, 'pki', 'client.pem') };
    copyFileSync(registry.clientCertificates!.cert, pki.cert);
    copyFileSync(registry.clientCertificates!.key, pki.key);
    copyFileSync(registry.clientCertificates!.combined, pki.combined);
    ws = await createTestWorkspace('mtls');
    for (const step of [
      ['g', 'nx-pypi:init', '--no-interactive'],
      ['g', 'nx-pypi:package', 'mtls-app', '--dependencies=thirdparty>=1.0', '--no-interactive'],
    ])
      expect(await ws.nx(step)).toMatchObject({ code: 0 });
    settings({});
    expect(await generateCaChain(ws, registry, (args) => ws.nx(args))).toMatchObject({ code: 0 });
    // A third-party package that exists only on the registry once published, for the installs below.
    ws.write('vendor/thirdparty/pyproject.toml', '[project]\nname = "thirdparty"\nversion = "1.2.0"\n');
    ws.write('vendor/thirdparty/thirdparty/__init__.py', 'VALUE = "through mutual TLS"\n');
  }, 240_000);

  afterAll(async () => {
    await registry?.close();
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('publish without a client certificate fails, naming the server that asks for one and clientCert', async () => {
    const run = await nx(['run', 'thirdparty:publish', '--output-style=static']);
    const output = run.stdout + run.stderr;
    expect(run.code).not.toBe(0);
    expect(output).toContain(`${new URL(registry.origin).host} asks for a TLS client certificate (mutual TLS) and ended the connection without one`);
    expect(output).toContain('Set "clientCert" for the repository in nx-pypi.json');
    expect(registry.uploads()).toEqual([]);
  }, 120_000);

  it('publish presents clientCert + clientKey, says which certificate, and stores the files', async () => {
    settings(twoFiles());
    const run = await nx(['run', 'thirdparty:publish', '--output-style=static']);
    const output = run.stdout + run.stderr;
    expect({ code: run.code, output }).toMatchObject({ code: 0 });
    expect(output).toContain(`client certificate CN=pypi-registry client (${pki.cert} + ${pki.key})`);
    expect(storedFilenames(registry).sort()).toEqual(['thirdparty-1.2.0-py3-none-any.whl', 'thirdparty-1.2.0.tar.gz']);
    rmSync(join(ws.root, 'vendor'), { recursive: true, force: true });
  }, 120_000);

  it('install gives pip the two files joined in a private temporary file, which is gone when it ends', async () => {
    const run = await nx(['run', 'mtls-app:install', '--output-style=static']);
    const output = run.stdout + run.stderr;
    expect({ code: run.code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/Successfully installed .*thirdparty-1\.2\.0/);
    expect(output).toContain('certificate and key joined in a private temporary file, removed when the Python processes end');
    expect(output).toMatch(/pip presents the client certificate in \S+\/nx-pypi-client-cert-\w+\/client\.pem via PIP_CLIENT_CERT/);
    expect(joinedLeftBehind()).toEqual([]);
  }, 240_000);

  it('doctor reports the client certificate and its expiry, and without one names clientCert', async () => {
    const healthy = await doctor();
    expect({ code: healthy.code, output: healthy.stdout + healthy.stderr }).toMatchObject({ code: 0 });
    expect(healthy.stdout).toMatch(/ok {4}\[client certificate\] client certificate CN=pypi-registry client, expires \d{4}-\d\d-\d\d \(in 36\d days\)/);
    expect(healthy.stdout).toContain(`asks for a client certificate; nx-pypi presents CN=pypi-registry client`);
    settings({});
    const without = await doctor();
    expect(without.code).toBe(1);
    expect(without.stdout).toContain('asks for a TLS client certificate (mutual TLS) and ended the connection without one: no clientCert is configured');
    expect(without.stdout).toContain('fix: Set "clientCert"');
    settings(twoFiles());
  }, 60_000);

  it('pip-config writes client-cert for a file with both, and real pip installs with it (and fails without it)', async () => {
    settings({ clientCert: pki.combined });
    const generated = await nx(['g', 'nx-pypi:pip-config', '--no-interactive']);
    expect({ code: generated.code, output: generated.stdout + generated.stderr }).toMatchObject({ code: 0 });
    const pipConf = ws.read('pip.conf');
    expect(pipConf).toContain(`client-cert = ${pki.combined}\n`);
    ws.write('pip-no-client-cert.conf', pipConf.replace(/^client-cert = .*\n/m, ''));

    const pipEnv = (conf: string) => ({ ...cleanPythonEnv(home), PIP_CONFIG_FILE: join(ws.root, conf), PIP_NO_CACHE_DIR: '1' });
    const python = await createVenv(join(home, 'venv'), pipEnv('pip.conf'), (cmd, args, o) => ws.run(cmd, args, o));
    const refused = record(
      await ws.run(python, ['-m', 'pip', 'install', '--no-input', '--retries', '0', '--timeout', '10', 'thirdparty==1.2.0'], {
        env: pipEnv('pip-no-client-cert.conf'),
      }),
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('TLSV13_ALERT_CERTIFICATE_REQUIRED');
    const installed = record(
      await ws.run(python, ['-m', 'pip', 'install', '--no-input', '--retries', '0', '--timeout', '10', 'thirdparty==1.2.0'], { env: pipEnv('pip.conf') }),
    );
    expect({ code: installed.code, output: installed.stdout + installed.stderr }).toMatchObject({ code: 0 });
    const imported = await ws.run(python, ['-c', 'import thirdparty; print(thirdparty.VALUE)'], { env: pipEnv('pip.conf') });
    expect(imported.stdout.trim()).toBe('through mutual TLS');
    settings(twoFiles());
  }, 180_000);

  it('left no joined key file behind, and no output holds the private key or the password', () => {
    expect(joinedLeftBehind()).toEqual([]);
    expect(existsSync(pki.key)).toBe(true);
    const keyLines = readFileSync(pki.key, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0 && !l.startsWith('-----'));
    expect(keyLines.length).toBeGreaterThan(0);
    const everything = captured.join('\n');
    for (const line of keyLines) expect(everything).not.toContain(line);
    expect(everything).not.toContain('PRIVATE KEY');
    expect(everything).not.toContain(registry.credentials.password);
  });
});
