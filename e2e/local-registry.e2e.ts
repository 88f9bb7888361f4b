import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { basename, join } from 'node:path';
import { tokenLibFiles } from '../packages/nx-pypi/src/executors/build/test-support/fixtures';
import { childEnv, createTestWorkspace, tarballPath, type TestWorkspace } from './support/workspace';

/**
 * `nx run registry:local-registry` in a real workspace with both tarballs installed: it prints the
 * URLs, writes pip.conf, the chain and the `local` repository (in a gitignored file, never
 * nx.json), serves the index over TLS with that chain, publishes there through the repository
 * session, keeps a Python build a cache hit, and on Ctrl+C (SIGINT to the whole process group, as a
 * terminal sends it) puts every file back, says so on the terminal, and closes the port.
 */
const NX_JSON = `${JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache', plugins: [{ plugin: 'nx-pypi', options: {} }] }, null, 2)}\n`;
const PROJECT_JSON = JSON.stringify({
  name: 'registry',
  targets: { 'local-registry': { executor: 'nx-pypi:local-registry', continuous: true, options: { port: 0 } } },
});

function get(url: string, ca: string): Promise<{ status: number; body: string }> {
  return new Promise((done, fail) => {
    request(url, { ca, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => done({ status: res.statusCode ?? 0, body }));
    })
      .on('error', fail)
      .end();
  });
}

function portRefuses(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.on('connect', () => (socket.destroy(), done(false)));
    socket.on('error', () => done(true));
  });
}

/** Polls `check`; fails at once when `gaveUp` says waiting is pointless (nx already exited), else after the timeout. */
function waitFor(what: string, check: () => boolean, gaveUp: () => boolean, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((done, fail) => {
    const started = Date.now();
    const timer = setInterval(() => {
      if (check()) {
        clearInterval(timer);
        done();
      } else if (gaveUp() || Date.now() - started > timeoutMs) {
        clearInterval(timer);
        fail(new Error(`${gaveUp() ? 'nx exited' : 'timed out'} before ${what}; output so far:\n${output()}`));
      }
    }, 100);
  });
}

describe('nx run <project>:local-registry', () => {
  let ws: TestWorkspace;
  let nx: ChildProcess | undefined;
  // nx writes to a file, as a shell redirect or a CI log does: a terminal and a file are what the
  // executor reaches after Ctrl+C. (Node's own 'pipe' stdio is a socket, which cannot be reopened.)
  let logFile = '';
  const output = (): string => (existsSync(logFile) ? readFileSync(logFile, 'utf8') : '');

  beforeAll(async () => {
    ws = await createTestWorkspace('local-registry');
    const install = await ws.run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarballPath('pypi-registry')]);
    expect(install).toMatchObject({ code: 0 });
    ws.write('nx.json', NX_JSON);
    ws.write('tools/registry/project.json', PROJECT_JSON);
    ws.write('.gitignore', 'node_modules\n.nx/\n.nx-pypi/\ntmp/\npip.conf\ndist/\n');
    for (const [path, content] of Object.entries(tokenLibFiles())) ws.write(`libs/token-lib/${path}`, content.toString());
  }, 240_000);

  const buildFromCache = async (): Promise<boolean> => {
    const build = await ws.nx(['run', 'token-lib:build', '--output-style=static']);
    expect(build).toMatchObject({ code: 0 });
    return build.stdout.includes('Nx read the output from the cache');
  };

  afterAll(() => {
    // Only if the test failed before its own SIGTERM: the whole group (nx and the executor it forked).
    if (nx?.pid !== undefined && nx.exitCode === null && nx.signalCode === null) process.kill(-nx.pid, 'SIGKILL');
    ws?.remove();
    if (logFile) rmSync(logFile, { force: true });
  });

  it('points the workspace at the registry while it runs, leaves nx.json and the build cache alone, and restores it on Ctrl+C', async () => {
    expect(await buildFromCache()).toBe(false);
    expect(await buildFromCache()).toBe(true);
    logFile = join(ws.root, '..', `${basename(ws.root)}-nx.log`);
    const log = openSync(logFile, 'a');
    const child = spawn(join(ws.root, 'node_modules', '.bin', 'nx'), ['run', 'registry:local-registry', '--outputStyle=stream'], {
      cwd: ws.root,
      env: childEnv({}),
      // Its own process group, so afterAll can stop everything it started if the test fails midway.
      detached: true,
      stdio: ['ignore', log, log],
    });
    closeSync(log);
    nx = child;
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
    await waitFor('the registry banner', () => /Stop with Ctrl\+C/.test(output()), hasExited, output, 60_000);
    const uploadUrl = /upload URL: (\S+)/.exec(output())![1];
    const indexUrl = /index URL: +(\S+)/.exec(output())![1];
    expect(uploadUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/repository\/pypi-hosted\/$/);
    expect(indexUrl).toBe(uploadUrl.replace('pypi-hosted/', 'pypi-public/simple/'));
    const chainPath = join(ws.root, '.nx-pypi', 'local-registry-chain.pem');
    expect(output()).toContain(`CA chain:   ${chainPath}`);
    const credentialsFile = join(ws.root, 'tmp', 'local-pypi-registry', 'credentials');
    expect(output()).toContain(`export NX_PYPI_LOCAL_PASSWORD="$(sed -n 's/^password = //p' ${credentialsFile})"`);
    const password = /^password = (.*)$/m.exec(readFileSync(credentialsFile, 'utf8'))![1];
    expect(output()).not.toContain(password);

    expect(ws.read('pip.conf')).toContain(`[global]\nindex-url = ${indexUrl}\ncert = ${chainPath}\n`);
    expect(ws.read('nx.json')).toBe(NX_JSON);
    expect(JSON.parse(ws.read('.nx-pypi/local-registry.json')).repositories).toEqual({
      local: {
        uploadUrl,
        indexUrl,
        caBundle: '.nx-pypi/local-registry-chain.pem',
        publicRoots: false,
        usernameEnv: 'NX_PYPI_LOCAL_USERNAME',
        passwordEnv: 'NX_PYPI_LOCAL_PASSWORD',
      },
    });
    const chain = readFileSync(chainPath, 'utf8');
    const index = await get(indexUrl, chain);
    expect(index.status).toBe(200);
    expect(index.body).toContain('<html');

    // While it runs: the build stays a cache hit, and publish finds the local repository through the session.
    expect(await buildFromCache()).toBe(true);
    const publish = await ws.nx(['run', 'token-lib:publish', '--output-style=static'], {
      NX_PYPI_LOCAL_USERNAME: 'publisher',
      NX_PYPI_LOCAL_PASSWORD: password,
    });
    expect(publish).toMatchObject({ code: 0 });
    expect(publish.stdout + publish.stderr).not.toContain(password);
    expect((await get(`${uploadUrl}simple/token-lib/`, chain)).body).toContain('token_lib-0.1.0-py3-none-any.whl');
    expect(ws.read('nx.json')).toBe(NX_JSON);

    // Ctrl+C: the terminal signals the whole foreground group, nx and the executor alike.
    process.kill(-child.pid!, 'SIGINT');
    await waitFor('nx to exit', hasExited, () => false, output, 30_000);
    await exited;
    for (const line of [
      'nx-pypi local registry: SIGINT received, stopping',
      'nx-pypi local registry: removed .nx-pypi/local-registry-chain.pem (the CA chain)',
      'nx-pypi local registry: removed pip.conf',
      'nx-pypi local registry: removed .nx-pypi/local-registry.json (the "local" repository)',
      'nx-pypi local registry: stopped',
    ]) {
      expect(output()).toContain(line);
    }
    expect(ws.read('nx.json')).toBe(NX_JSON);
    expect(existsSync(join(ws.root, 'pip.conf'))).toBe(false);
    expect(existsSync(join(ws.root, '.nx-pypi'))).toBe(false);
    expect(existsSync(join(ws.root, 'tmp', 'local-pypi-registry', 'server.json'))).toBe(false);
    expect(await portRefuses(Number(new URL(uploadUrl).port))).toBe(true);
    expect(await buildFromCache()).toBe(true);
  }, 180_000);
});
