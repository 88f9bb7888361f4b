import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import localRegistryExecutor from './executor';

/**
 * The whole lifecycle in-process against the real registry (loaded from its source, as the
 * workspace's `pypi-registry` package): start, files written, one TLS request with the written
 * chain, a stop signal, files restored and the port closed. The e2e does the same through `nx run`.
 */
const REGISTRY_SOURCE = resolve(__dirname, '../../../../pypi-registry/src/index.ts');
const NX_JSON = '{\n  "plugins": [{ "plugin": "nx-pypi", "options": { "defaultRepository": "nexus" } }]\n}\n';
const PIP_CONF = '[global]\ntimeout = 5\n';

function contextFor(root: string): ExecutorContext {
  const nxJsonConfiguration = existsSync(join(root, 'nx.json')) ? JSON.parse(readFileSync(join(root, 'nx.json'), 'utf8')) : {};
  return {
    root,
    cwd: root,
    isVerbose: false,
    projectName: 'tools',
    projectsConfigurations: { version: 2, projects: {} },
    nxJsonConfiguration,
  } as unknown as ExecutorContext;
}

function get(url: string, ca: string, client?: string): Promise<number> {
  return new Promise((done, fail) => {
    request(url, { ca, headers: { accept: 'text/html' }, ...(client && { cert: client, key: client }) }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode ?? 0));
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

describe('local-registry executor', () => {
  let root: string;
  let output: string[];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-local-registry-exec-'));
    output = [];
    const capture = (line: unknown): void => {
      output.push(String(line));
    };
    jest.spyOn(logger, 'info').mockImplementation(capture);
    jest.spyOn(logger, 'warn').mockImplementation(capture);
    jest.spyOn(logger, 'error').mockImplementation(capture);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(root, { recursive: true, force: true });
  });

  it('fails with what to install when pypi-registry is not in the workspace', async () => {
    const run = localRegistryExecutor({}, contextFor(root));
    try {
      expect((await run.next()).value).toEqual({ success: false });
      expect((await run.next()).done).toBe(true);
    } finally {
      await run.return(undefined);
    }
    expect(output.join('\n')).toMatch(/the pypi-registry package is not installed in this workspace[\s\S]*npm install -D pypi-registry/);
  });

  function installRegistry(): void {
    mkdirSync(join(root, 'node_modules', 'pypi-registry'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'pypi-registry', 'package.json'), JSON.stringify({ name: 'pypi-registry', main: 'index.js' }));
    writeFileSync(join(root, 'node_modules', 'pypi-registry', 'index.js'), `module.exports = require(${JSON.stringify(REGISTRY_SOURCE)});\n`);
  }

  it('with location none and a registry config, writes nothing and prints the configured repositories', async () => {
    installRegistry();
    writeFileSync(join(root, 'nx.json'), NX_JSON);
    writeFileSync(
      join(root, 'registry.json'),
      JSON.stringify({
        repositories: [
          { name: 'py-hosted', type: 'hosted' },
          { name: 'py-group', type: 'group', members: ['py-hosted'] },
        ],
      }),
    );
    const run = localRegistryExecutor({ port: 0, dataDir: 'tmp/registry', location: 'none', config: 'registry.json', logRequests: false }, contextFor(root));
    try {
      expect((await run.next()).value).toEqual({ success: true });
      const printed = output.join('\n');
      expect(printed).toMatch(/upload URL: https:\/\/127\.0\.0\.1:\d+\/repository\/py-hosted\//);
      expect(printed).toMatch(/index URL: {2}https:\/\/127\.0\.0\.1:\d+\/repository\/py-group\/simple\//);
      expect(printed).toContain(`CA chain:   ${join(root, 'tmp/registry/certs/chain.pem')}`);
      expect(printed).not.toContain('pip.conf');
      expect(readdirSync(root).sort()).toEqual(['node_modules', 'nx.json', 'registry.json', 'tmp']);
      expect(readFileSync(join(root, 'nx.json'), 'utf8')).toBe(NX_JSON);
    } finally {
      await run.return(undefined);
    }
  });

  it("fails with the registry's own message when the port is taken, leaving the workspace untouched", async () => {
    installRegistry();
    writeFileSync(join(root, 'nx.json'), NX_JSON);
    const blocker = createServer();
    await new Promise<void>((done) => blocker.listen(0, '127.0.0.1', done));
    const port = (blocker.address() as AddressInfo).port;
    const run = localRegistryExecutor({ port, dataDir: 'tmp/registry' }, contextFor(root));
    try {
      expect((await run.next()).value).toEqual({ success: false });
      expect((await run.next()).done).toBe(true);
      expect(output.join('\n')).toMatch(new RegExp(`REGISTRY_LISTEN_FAILED: cannot listen on 127\\.0\\.0\\.1:${port}[\\s\\S]*--port 0`));
      expect(readdirSync(root).sort()).toEqual(['node_modules', 'nx.json', 'tmp']);
      expect(process.listenerCount('SIGTERM')).toBe(0);
    } finally {
      await run.return(undefined);
      await new Promise((done) => blocker.close(done));
    }
  });

  it('starts, writes the workspace files, serves the chain it wrote, and restores everything on SIGTERM', async () => {
    installRegistry();
    writeFileSync(join(root, 'nx.json'), NX_JSON);
    writeFileSync(join(root, 'pip.conf'), PIP_CONF);

    const run = localRegistryExecutor({ port: 0, dataDir: 'tmp/registry', logRequests: false }, contextFor(root));
    let stopped = false;
    try {
      const first = await run.next();
      if (first.value?.success !== true) throw new Error(`did not start:\n${output.join('\n')}`);
      expect(readFileSync(join(root, 'nx.json'), 'utf8')).toBe(NX_JSON);
      const local = JSON.parse(readFileSync(join(root, '.nx-pypi/local-registry.json'), 'utf8'));
      expect(local.pid).toBe(process.pid);
      const repo = local.repositories.local;
      expect(repo).toMatchObject({
        caBundle: '.nx-pypi/local-registry-chain.pem',
        usernameEnv: 'NX_PYPI_LOCAL_USERNAME',
        passwordEnv: 'NX_PYPI_LOCAL_PASSWORD',
      });
      expect(readFileSync(join(root, 'pip.conf'), 'utf8')).toBe(
        `${PIP_CONF}index-url = ${repo.indexUrl}\ncert = ${join(root, '.nx-pypi/local-registry-chain.pem')}\n`,
      );
      const chain = readFileSync(join(root, '.nx-pypi/local-registry-chain.pem'), 'utf8');
      expect(await get(repo.indexUrl, chain)).toBe(200);

      const printed = output.join('\n');
      expect(printed).toContain(`upload URL: ${repo.uploadUrl}`);
      expect(printed).toContain(`index URL:  ${repo.indexUrl}`);
      const password = /^password = (.*)$/m.exec(readFileSync(join(root, 'tmp/registry/credentials'), 'utf8'))![1];
      expect(printed).not.toContain(password);
      expect(printed).toContain(
        'note: "local" is the default repository of every nx-pypi command while the registry runs (nx.json is not changed); use NX_PYPI_REPOSITORY=nexus or --repository=nexus for "nexus"',
      );

      const port = Number(new URL(repo.uploadUrl).port);
      const next = run.next();
      (process as NodeJS.EventEmitter).emit('SIGTERM');
      expect(await next).toEqual({ done: true, value: undefined });
      stopped = true;
      expect(output.slice(-5)).toEqual([
        'nx-pypi local registry: SIGTERM received, stopping',
        'nx-pypi local registry: removed .nx-pypi/local-registry-chain.pem (the CA chain)',
        'nx-pypi local registry: restored pip.conf (its text before the run)',
        'nx-pypi local registry: removed .nx-pypi/local-registry.json (the "local" repository)',
        'nx-pypi local registry: stopped',
      ]);
      expect(readFileSync(join(root, 'nx.json'), 'utf8')).toBe(NX_JSON);
      expect(readFileSync(join(root, 'pip.conf'), 'utf8')).toBe(PIP_CONF);
      expect(existsSync(join(root, '.nx-pypi'))).toBe(false);
      expect(readdirSync(join(root, 'tmp/registry'))).not.toContain('server.json');
      expect(await portRefuses(port)).toBe(true);
      expect(process.listenerCount('SIGTERM')).toBe(0);
    } finally {
      if (!stopped) await run.return(undefined);
    }
  });

  it("with requireClientCert, names the registry's client certificate in the local repository and pip.conf, and refuses connections without it", async () => {
    installRegistry();
    writeFileSync(join(root, 'nx.json'), NX_JSON);
    const run = localRegistryExecutor({ port: 0, dataDir: 'tmp/registry', logRequests: false, requireClientCert: true }, contextFor(root));
    try {
      const first = await run.next();
      if (first.value?.success !== true) throw new Error(`did not start:\n${output.join('\n')}`);
      const clientCert = join(root, 'tmp/registry/certs/client.pem');
      const repo = JSON.parse(readFileSync(join(root, '.nx-pypi/local-registry.json'), 'utf8')).repositories.local;
      expect(repo.clientCert).toBe(clientCert);
      expect(readFileSync(join(root, 'pip.conf'), 'utf8')).toContain(`client-cert = ${clientCert}\n`);
      expect(output.join('\n')).toContain(`client certificate required: ${clientCert} (certificate and key; the "local" repository and pip.conf name it)`);
      expect(output.join('\n')).not.toContain('PRIVATE KEY');
      const chain = readFileSync(join(root, '.nx-pypi/local-registry-chain.pem'), 'utf8');
      expect(await get(repo.indexUrl, chain, readFileSync(clientCert, 'utf8'))).toBe(200);
      await expect(get(repo.indexUrl, chain)).rejects.toThrow();
    } finally {
      await run.return(undefined);
    }
  });
});
