import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect } from 'node:net';
import { join } from 'node:path';
import { childEnv, createTestWorkspace, tarballPath, type TestWorkspace } from './support/workspace';

/**
 * `nx run registry:local-registry` in a real workspace with both tarballs installed: it prints the
 * URLs, writes pip.conf, the chain and the `local` repository, serves the index over TLS with that
 * chain, and on SIGTERM to nx puts every file back and closes the port.
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
  let output = '';

  beforeAll(async () => {
    ws = await createTestWorkspace('local-registry');
    const install = await ws.run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', tarballPath('pypi-registry')]);
    expect(install).toMatchObject({ code: 0 });
    ws.write('nx.json', NX_JSON);
    ws.write('tools/registry/project.json', PROJECT_JSON);
  }, 240_000);

  afterAll(() => {
    // Only if the test failed before its own SIGTERM: the whole group (nx and the executor it forked).
    if (nx?.pid !== undefined && nx.exitCode === null && nx.signalCode === null) process.kill(-nx.pid, 'SIGKILL');
    ws?.remove();
  });

  it('points the workspace at the registry while it runs and restores it on SIGTERM', async () => {
    const child = spawn(join(ws.root, 'node_modules', '.bin', 'nx'), ['run', 'registry:local-registry', '--outputStyle=stream'], {
      cwd: ws.root,
      env: childEnv({}),
      // Its own process group, so afterAll can stop everything it started if the test fails midway.
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    nx = child;
    child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    const hasExited = (): boolean => child.exitCode !== null || child.signalCode !== null;
    await waitFor('the registry banner', () => /Stop with Ctrl\+C/.test(output), hasExited, () => output, 60_000);
    const uploadUrl = /upload URL: (\S+)/.exec(output)![1];
    const indexUrl = /index URL: +(\S+)/.exec(output)![1];
    expect(uploadUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/repository\/pypi-hosted\/$/);
    expect(indexUrl).toBe(uploadUrl.replace('pypi-hosted/', 'pypi-public/simple/'));
    const chainPath = join(ws.root, '.nx-pypi', 'local-registry-chain.pem');
    expect(output).toContain(`CA chain:   ${chainPath}`);
    const credentialsFile = join(ws.root, 'tmp', 'local-pypi-registry', 'credentials');
    expect(output).toContain(`export NX_PYPI_LOCAL_PASSWORD="$(sed -n 's/^password = //p' ${credentialsFile})"`);
    const password = /^password = (.*)$/m.exec(readFileSync(credentialsFile, 'utf8'))![1];
    expect(output).not.toContain(password);

    expect(ws.read('pip.conf')).toContain(`[global]\nindex-url = ${indexUrl}\ncert = ${chainPath}\n`);
    const options = JSON.parse(ws.read('nx.json')).plugins[0].options;
    expect(options).toEqual({
      defaultRepository: 'local',
      repositories: {
        local: {
          uploadUrl,
          indexUrl,
          caBundle: '.nx-pypi/local-registry-chain.pem',
          publicRoots: false,
          usernameEnv: 'NX_PYPI_LOCAL_USERNAME',
          passwordEnv: 'NX_PYPI_LOCAL_PASSWORD',
        },
      },
    });
    const index = await get(indexUrl, readFileSync(chainPath, 'utf8'));
    expect(index.status).toBe(200);
    expect(index.body).toContain('<html');

    child.kill('SIGTERM');
    await waitFor('nx to exit', hasExited, () => false, () => output, 30_000);
    await exited;
    expect(output).toContain('restored pip.conf, nx.json and the CA chain');
    expect(ws.read('nx.json')).toBe(NX_JSON);
    expect(existsSync(join(ws.root, 'pip.conf'))).toBe(false);
    expect(existsSync(join(ws.root, '.nx-pypi'))).toBe(false);
    expect(existsSync(join(ws.root, 'tmp', 'local-pypi-registry', 'server.json'))).toBe(false);
    expect(await portRefuses(Number(new URL(uploadUrl).port))).toBe(true);
  }, 120_000);
});
