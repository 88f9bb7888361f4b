import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashPassword, startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv, createVenv } from './support/python';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * The publish issue end to end: a real workspace with a <- b <- c and an independent d, the
 * packed plugin, real `nx`, the local registry over TLS (root + intermediate chain, strict mode),
 * and real pip installing the result through the generated pip.conf.
 */
const READER_PASSWORD = 'reader-secret-for-test';

describe('nx run <project>:publish against the local registry', () => {
  let registry: RunningRegistry;
  let ws: TestWorkspace;
  let home: string;
  const captured: string[] = [];

  const nx = async (args: string[], env: Record<string, string | undefined> = {}): Promise<RunResult> => {
    const result = await ws.nx(args, {
      ...cleanPythonEnv(home),
      NEXUS_USERNAME: registry.credentials.username,
      NEXUS_PASSWORD: registry.credentials.password,
      ...env,
    });
    captured.push(result.stdout, result.stderr);
    return result;
  };
  const stored = () => registry.uploads().filter((u) => u.outcome === 'stored');
  const storedNames = () => stored().map((u) => u.filename);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-home-'));
    registry = await startRegistry({
      dataDir: join(home, 'registry'),
      strict: true,
      config: {
        storageFlavour: 'sql',
        repositories: [
          { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'pypi-public', type: 'group', members: ['pypi-hosted'], anonymousRead: true },
        ],
        users: [{ username: 'reader', passwordHash: await hashPassword(READER_PASSWORD), privileges: { '*': ['read'] } }],
      },
    });
    ws = await createTestWorkspace('publish');
    const steps: string[][] = [
      ['g', 'nx-pypi:init', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-b', '--dependencies=pkg-a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-c', '--dependencies=pkg-b', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-d', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-f', '--dependencies=pkg-d', '--no-interactive'],
    ];
    for (const step of steps) expect(await ws.nx(step)).toMatchObject({ code: 0 });
    ws.write(
      'nx-pypi.json',
      JSON.stringify(
        {
          defaultRepository: 'local',
          repositories: {
            local: { uploadUrl: registry.uploadUrl(), indexUrl: registry.indexUrl(), usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' },
          },
        },
        null,
        2,
      ),
    );
    mkdirSync(join(ws.root, 'certs-in'), { recursive: true });
    copyFileSync(registry.certs.root, join(ws.root, 'certs-in', 'root.crt'));
    copyFileSync(registry.certs.intermediate, join(ws.root, 'certs-in', 'intermediate.crt'));
    // Root first on purpose: the generator must order the chain intermediate-then-root.
    const chain = await ws.nx([
      'g',
      'nx-pypi:ca-chain',
      '--certs=certs-in/root.crt,certs-in/intermediate.crt',
      '--output=tools/certs/chain.pem',
      '--repository=local',
      '--no-interactive',
    ]);
    expect(chain).toMatchObject({ code: 0 });
  }, 240_000);

  afterAll(async () => {
    await registry?.close();
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('publishes c with its dependencies first: a, then b, then c, and not d', async () => {
    const run = await nx(['run', 'pkg-c:publish', '--output-style=static']);
    expect(run.stdout + run.stderr).toContain('Successfully ran target publish');
    expect(run.code).toBe(0);
    const order = stored().map((u) => `${u.filename}`);
    expect(order).toHaveLength(6);
    const rank = (prefix: string) => order.findIndex((f) => f?.startsWith(prefix));
    expect(rank('pkg_a-')).toBeLessThan(rank('pkg_b-'));
    expect(rank('pkg_b-')).toBeLessThan(rank('pkg_c-'));
    // Every file of a dependency is in before any file of its dependent, by the registry's clock.
    const lastOf = (p: string) =>
      Math.max(
        ...stored()
          .filter((u) => u.filename?.startsWith(p))
          .map((u) => Date.parse(u.time)),
      );
    const firstOf = (p: string) =>
      Math.min(
        ...stored()
          .filter((u) => u.filename?.startsWith(p))
          .map((u) => Date.parse(u.time)),
      );
    expect(lastOf('pkg_a-')).toBeLessThanOrEqual(firstOf('pkg_b-'));
    expect(lastOf('pkg_b-')).toBeLessThanOrEqual(firstOf('pkg_c-'));
    expect(storedNames().some((f) => f?.startsWith('pkg_d'))).toBe(false);
  }, 120_000);

  it('lets pip install c from the group through the generated pip.conf, pulling b and a', async () => {
    const conf = await nx(['g', 'nx-pypi:pip-config', '--repository=local', '--no-interactive']);
    expect(conf.code).toBe(0);
    expect(ws.read('pip.conf')).toMatch(/index-url = https:\/\/127\.0\.0\.1:\d+\/repository\/pypi-public\/simple\//);
    const env = cleanPythonEnv(home, { PIP_CONFIG_FILE: join(ws.root, 'pip.conf') });
    const python = await createVenv(join(home, 'venv'), env, ws.run);
    const install = await ws.run(python, ['-m', 'pip', 'install', '--no-cache-dir', 'pkg-c'], { env });
    captured.push(install.stdout, install.stderr);
    expect(install.stdout).toMatch(/Successfully installed pkg-a-0\.1\.0 pkg-b-0\.1\.0 pkg-c-0\.1\.0/);
    const imported = await ws.run(python, ['-c', 'import pkg_a, pkg_b, pkg_c; print(pkg_c.__version__)'], { env });
    expect(imported.stdout.trim()).toBe('0.1.0');
  }, 120_000);

  it('re-running publishes nothing and exits 0', async () => {
    const before = stored().length;
    const run = await nx(['run', 'pkg-c:publish', '--output-style=static']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('already published, identical');
    expect(stored()).toHaveLength(before);
  }, 120_000);

  it('plans without uploading on --dry-run and with NX_DRY_RUN=true', async () => {
    const before = registry.uploads().length;
    const dry = await nx(['run', 'pkg-d:publish', '--dry-run', '--output-style=static']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would upload pkg_d-0\.1\.0-py3-none-any\.whl/);
    const envDry = await nx(['run', 'pkg-d:publish', '--output-style=static'], { NX_DRY_RUN: 'true' });
    expect(envDry.code).toBe(0);
    expect(envDry.stdout).toContain('nothing was uploaded');
    expect(registry.uploads()).toHaveLength(before);
  }, 120_000);

  it('holds a --dry-run for the dependencies that publish first, not only for the named project', async () => {
    const before = registry.uploads().length;
    const dry = await nx(['run', 'pkg-f:publish', '--dry-run', '--output-style=static']);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would upload pkg_d-0\.1\.0-py3-none-any\.whl/);
    expect(dry.stdout).toMatch(/would upload pkg_f-0\.1\.0-py3-none-any\.whl/);
    expect(dry.stdout).not.toMatch(/^\s*uploaded /m);
    expect(registry.uploads()).toHaveLength(before);
  }, 120_000);

  it('refuses to publish a changed a under the same version, uploading nothing', async () => {
    const before = registry.uploads().length;
    ws.write('pkg-a/pkg_a/extra.py', 'CHANGED = True\n');
    try {
      const run = await nx(['run', 'pkg-a:publish', '--output-style=static']);
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toContain('pkg-a 0.1.0 is already on');
      // The wheel is compared member by member with the published one: the new module is named.
      expect(run.stdout + run.stderr).toContain('with different content (pkg_a/extra.py: only in this build); bump the version (nx release version)');
      expect(registry.uploads()).toHaveLength(before);
    } finally {
      rmSync(join(ws.root, 'pkg-a/pkg_a/extra.py'));
    }
  }, 120_000);

  it('retries two 503s and publishes once', async () => {
    const before = registry.uploads().length;
    registry.faults.set({ failUploads: { count: 2, status: 503 } });
    const run = await nx(['run', 'pkg-d:publish', '--output-style=static', '--retry.baseDelayMs=50']);
    registry.faults.clear();
    expect(run.code).toBe(0);
    expect(storedNames().filter((f) => f?.startsWith('pkg_d'))).toHaveLength(2);
    // The registry drains a faulted upload without reading it, so it logs no file name for those.
    const attempts = registry.uploads().slice(before);
    expect(attempts.filter((u) => u.outcome === 'fault' && u.status === 503)).toHaveLength(2);
    expect(
      attempts
        .filter((u) => u.outcome === 'stored')
        .map((u) => u.filename)
        .sort(),
    ).toEqual(['pkg_d-0.1.0-py3-none-any.whl', 'pkg_d-0.1.0.tar.gz']);
  }, 120_000);

  it('does not upload twice when the connection drops after the file was stored', async () => {
    ws.write('pkg-e/pyproject.toml', '[project]\nname = "pkg-e"\nversion = "0.1.0"\n');
    ws.write('pkg-e/pkg_e/__init__.py', '');
    registry.faults.set({ dropAfterStore: 1 });
    const run = await nx(['run', 'pkg-e:publish', '--output-style=static', '--retry.baseDelayMs=50']);
    registry.faults.clear();
    expect(run.code).toBe(0);
    const attempts = registry.uploads().filter((u) => u.filename === 'pkg_e-0.1.0-py3-none-any.whl');
    // One POST, stored, its answer lost; the retry found it on the index and sent nothing.
    expect(attempts.map((u) => u.outcome)).toEqual(['dropped-after-store']);
    expect(run.stdout).toMatch(/pkg_e-0\.1\.0-py3-none-any\.whl/);
  }, 120_000);

  it('names the user and the password source on 401, never the password, and fails', async () => {
    ws.write('pkg-f/pyproject.toml', '[project]\nname = "pkg-f"\nversion = "0.1.0"\n');
    ws.write('pkg-f/pkg_f/__init__.py', '');
    const run = await nx(['run', 'pkg-f:publish', '--output-style=static'], { NEXUS_PASSWORD: 'wrong-password-for-test' });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/publisher/);
    expect(run.stdout + run.stderr).toMatch(/NEXUS_PASSWORD/);
    expect(run.stdout + run.stderr).not.toContain('wrong-password-for-test');
    expect(storedNames().some((f) => f?.startsWith('pkg_f'))).toBe(false);
  }, 120_000);

  it('names the missing upload right on 403 and fails', async () => {
    const run = await nx(['run', 'pkg-f:publish', '--output-style=static'], { NEXUS_USERNAME: 'reader', NEXUS_PASSWORD: READER_PASSWORD });
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toMatch(/403/);
    expect(run.stdout + run.stderr).toMatch(/reader/);
    expect(run.stdout + run.stderr).not.toContain(READER_PASSWORD);
    expect(storedNames().some((f) => f?.startsWith('pkg_f'))).toBe(false);
  }, 120_000);

  const uploadTimes = (prefix: string) =>
    stored()
      .filter((u) => u.filename?.startsWith(prefix))
      .map((u) => Date.parse(u.time));

  it('uploads a dependent right after its dependency reaches the hosted repository, and succeeds once the group lists the dependency', async () => {
    ws.write('pkg-g/pyproject.toml', '[project]\nname = "pkg-g"\nversion = "0.1.0"\n');
    ws.write('pkg-g/pkg_g/__init__.py', '');
    ws.write('pkg-h/pyproject.toml', '[project]\nname = "pkg-h"\nversion = "0.1.0"\ndependencies = ["pkg-g>=0.1.0"]\n');
    ws.write('pkg-h/pkg_h/__init__.py', '');
    registry.faults.set({ groupLagSeconds: 3 });
    const run = await nx(['run', 'pkg-h:publish', '--output-style=static', '--groupPollInterval=250']);
    const finished = Date.now();
    registry.faults.clear();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/waiting for 2 dependency file\(s\) this run published to be listed on the group .*pypi-public/);
    // h went up before the group could show g (3 s lag), and the run ended only after it did.
    expect(Math.min(...uploadTimes('pkg_h')) - Math.max(...uploadTimes('pkg_g'))).toBeLessThan(2500);
    expect(finished - Math.max(...uploadTimes('pkg_g'))).toBeGreaterThanOrEqual(2500);
  }, 120_000);

  it('with waitForGroupBeforeUpload, uploads the dependent only once the group lists its dependency', async () => {
    ws.write('pkg-k/pyproject.toml', '[project]\nname = "pkg-k"\nversion = "0.1.0"\n');
    ws.write('pkg-k/pkg_k/__init__.py', '');
    ws.write('pkg-l/pyproject.toml', '[project]\nname = "pkg-l"\nversion = "0.1.0"\ndependencies = ["pkg-k>=0.1.0"]\n');
    ws.write('pkg-l/pkg_l/__init__.py', '');
    registry.faults.set({ groupLagSeconds: 3 });
    const run = await nx(['run', 'pkg-l:publish', '--output-style=static', '--groupPollInterval=250', '--waitForGroupBeforeUpload']);
    registry.faults.clear();
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/waiting for 2 dependency file\(s\) to be listed on the group .*pypi-public/);
    expect(Math.min(...uploadTimes('pkg_l')) - Math.max(...uploadTimes('pkg_k'))).toBeGreaterThanOrEqual(2500);
  }, 120_000);

  it('fails naming the group when a dependency stays invisible past the timeout; with waitForGroupBeforeUpload nothing of the dependent is uploaded', async () => {
    for (const [dep, top] of [
      ['pkg-i', 'pkg-j'],
      ['pkg-m', 'pkg-n'],
    ]) {
      ws.write(`${dep}/pyproject.toml`, `[project]\nname = "${dep}"\nversion = "0.1.0"\n`);
      ws.write(`${dep}/${dep.replace('-', '_')}/__init__.py`, '');
      ws.write(`${top}/pyproject.toml`, `[project]\nname = "${top}"\nversion = "0.1.0"\ndependencies = ["${dep}"]\n`);
      ws.write(`${top}/${top.replace('-', '_')}/__init__.py`, '');
    }
    registry.faults.set({ groupLagSeconds: 60 });
    const overlapped = await nx(['run', 'pkg-j:publish', '--output-style=static', '--groupWaitTimeout=2', '--groupPollInterval=250']);
    const strict = await nx(['run', 'pkg-n:publish', '--output-style=static', '--groupWaitTimeout=2', '--groupPollInterval=250', '--waitForGroupBeforeUpload']);
    registry.faults.clear();
    for (const run of [overlapped, strict]) {
      expect(run.code).not.toBe(0);
      expect(run.stdout + run.stderr).toMatch(/not listed at .*repository\/pypi-public\/simple/);
    }
    // Overlapped: j is on the hosted repository, and the run says the group never listed i.
    expect(storedNames().some((f) => f?.startsWith('pkg_j'))).toBe(true);
    expect(storedNames().some((f) => f?.startsWith('pkg_m'))).toBe(true);
    expect(storedNames().some((f) => f?.startsWith('pkg_n'))).toBe(false);
  }, 120_000);

  it('does not publish c when b fails', async () => {
    for (const p of ['pkg-a', 'pkg-b', 'pkg-c']) {
      const py = ws
        .read(`${p}/pyproject.toml`)
        .replace('version = "0.1.0"', 'version = "0.2.0"')
        .replace(/>=0\.1\.0/g, '>=0.2.0');
      ws.write(`${p}/pyproject.toml`, py);
    }
    // b's hosted file already exists with other bytes: b must fail, so c must not be attempted.
    const bWheel = 'pkg_b-0.2.0-py3-none-any.whl';
    await nx(['run', 'pkg-b:build']);
    ws.write(`pkg-b/pkg_b/late.py`, 'LATE = 1\n');
    const first = await nx(['run', 'pkg-b:publish', '--output-style=static']);
    expect(first.code).toBe(0);
    rmSync(join(ws.root, 'pkg-b/pkg_b/late.py'));
    const run = await nx(['run', 'pkg-c:publish', '--output-style=static']);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('pkg-b 0.2.0 is already on');
    expect(storedNames().filter((f) => f === bWheel)).toHaveLength(1);
    expect(storedNames().some((f) => f?.startsWith('pkg_c-0.2.0'))).toBe(false);
  }, 180_000);

  it('checks the project repository with the doctor target: healthy, then a wrong password named without printing it', async () => {
    const healthy = await nx(['run', 'pkg-a:doctor', '--output-style=static']);
    expect(healthy.stdout).toContain('doctor: healthy');
    expect(healthy.code).toBe(0);
    const wrong = await nx(['run', 'pkg-a:doctor', '--output-style=static'], { NEXUS_PASSWORD: 'not-the-password-for-test' });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout + wrong.stderr).toMatch(/NEXUS_PASSWORD/);
    expect(wrong.stdout + wrong.stderr).not.toContain('not-the-password-for-test');
  }, 120_000);

  it('never shows the password in anything captured', () => {
    expect(captured.join('\n')).not.toContain(registry.credentials.password);
    expect(captured.join('\n')).not.toContain(Buffer.from(`publisher:${registry.credentials.password}`).toString('base64'));
  });
});
