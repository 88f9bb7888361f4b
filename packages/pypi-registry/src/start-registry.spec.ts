/** Start-up, data directory contents, TLS presentation and options of startRegistry. */
import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { generateCertificates, generateClientCertificate } from './certs/generate-certificates';
import { startRegistry, type RunningRegistry } from './start-registry';
import { send } from './test-support/https-client';
import { uploadForm } from './test-support/upload-form';
import { errorSection, postForm, startTempRegistry, stopTempRegistry } from './test-support/temp-registry';

describe('startRegistry', () => {
  let registry: RunningRegistry | undefined;
  afterEach(async () => {
    await stopTempRegistry(registry);
    registry = undefined;
  });

  it('creates credentials, admin token, certificates and server.json, and removes server.json on close', async () => {
    registry = await startTempRegistry();
    const credentials = await readFile(join(registry.dataDir, 'credentials'), 'utf8');
    expect(credentials).toBe(`username = publisher\npassword = ${registry.credentials.password}\n`);
    expect(registry.credentials.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect((await stat(join(registry.dataDir, 'credentials'))).mode & 0o777).toBe(0o600);
    expect((await stat(registry.adminTokenFile)).mode & 0o777).toBe(0o600);
    const serverJson = await readFile(join(registry.dataDir, 'server.json'), 'utf8');
    expect(JSON.parse(serverJson)).toMatchObject({
      pid: process.pid,
      port: registry.port,
      origin: `https://127.0.0.1:${registry.port}`,
      uploadUrl: `https://127.0.0.1:${registry.port}/repository/pypi-hosted/`,
      indexUrl: `https://127.0.0.1:${registry.port}/repository/pypi-public/simple/`,
      certificates: { root: join(registry.dataDir, 'certs', 'root.crt'), chain: join(registry.dataDir, 'certs', 'chain.pem') },
    });
    expect(serverJson).not.toContain(registry.credentials.password);
    expect(registry.indexUrl('pypi-hosted')).toBe(`https://127.0.0.1:${registry.port}/repository/pypi-hosted/simple/`);
    await registry.close();
    expect(existsSync(join(registry.dataDir, 'server.json'))).toBe(false);
  });

  it('presents leaf + intermediate by default, so the root alone is enough to trust it', async () => {
    registry = await startTempRegistry();
    expect((await send(registry, '/repository/pypi-public/simple/')).status).toBe(200);
  });

  it('presents the leaf alone with leafOnly, which a root-only client cannot verify', async () => {
    registry = await startTempRegistry({ leafOnly: true });
    await expect(send(registry, '/repository/pypi-public/simple/')).rejects.toThrow('unable to verify the first certificate');
  });

  describe('with requireClientCert', () => {
    it('issues a client certificate from its CA, lists its paths (not its key) in server.json, and answers a client that presents it', async () => {
      registry = await startTempRegistry({ requireClientCert: true });
      const files = registry.clientCertificates!;
      expect(files).toEqual({
        cert: join(registry.dataDir, 'certs', 'client.crt'),
        key: join(registry.dataDir, 'certs', 'client.key'),
        combined: join(registry.dataDir, 'certs', 'client.pem'),
      });
      const cert = new X509Certificate(await readFile(files.cert));
      const intermediate = new X509Certificate(await readFile(registry.certs.intermediate));
      expect(cert.verify(intermediate.publicKey)).toBe(true);
      expect(cert.checkPrivateKey(createPrivateKey(await readFile(files.key)))).toBe(true);
      expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
      expect(await readFile(files.combined, 'utf8')).toBe((await readFile(files.cert, 'utf8')) + (await readFile(files.key, 'utf8')));
      for (const secret of [files.key, files.combined]) expect((await stat(secret)).mode & 0o777).toBe(0o600);
      const serverJson = await readFile(join(registry.dataDir, 'server.json'), 'utf8');
      expect(JSON.parse(serverJson).clientCertificates).toEqual(files);
      expect(serverJson).not.toContain('PRIVATE KEY');
      expect((await send(registry, '/repository/pypi-public/simple/')).status).toBe(200);
    });

    it('fails the handshake of a client without a certificate, or with one from another CA', async () => {
      registry = await startTempRegistry({ requireClientCert: true });
      await expect(send(registry, '/repository/pypi-public/simple/', { clientCertificate: null })).rejects.toMatchObject({
        code: expect.stringMatching(/^(ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED|ECONNRESET)$/),
      });
      const other = await mkdtemp(join(tmpdir(), 'registry-other-ca-'));
      try {
        await generateCertificates({ dir: other });
        const stranger = await generateClientCertificate({ dir: other, caDir: other });
        const clientCertificate = { cert: await readFile(stranger.cert, 'utf8'), key: await readFile(stranger.key, 'utf8') };
        await expect(send(registry, '/repository/pypi-public/simple/', { clientCertificate })).rejects.toThrow();
      } finally {
        await rm(other, { recursive: true, force: true });
      }
    });

    it('keeps its client certificate across restarts, and issues a new one when the CA was replaced', async () => {
      registry = await startTempRegistry({ requireClientCert: true });
      const { dataDir } = registry;
      const first = await readFile(registry.clientCertificates!.cert, 'utf8');
      await registry.close();
      registry = await startTempRegistry({ dataDir, requireClientCert: true });
      expect(await readFile(registry.clientCertificates!.cert, 'utf8')).toBe(first);
      await registry.close();
      await generateCertificates({ dir: join(dataDir, 'certs') });
      registry = await startTempRegistry({ dataDir, requireClientCert: true });
      expect(await readFile(registry.clientCertificates!.cert, 'utf8')).not.toBe(first);
      expect((await send(registry, '/repository/pypi-public/simple/')).status).toBe(200);
    });

    it('issues nothing and asks for nothing without the option', async () => {
      registry = await startTempRegistry();
      expect(registry.clientCertificates).toBeUndefined();
      expect(existsSync(join(registry.dataDir, 'certs', 'client.key'))).toBe(false);
    });
  });

  it('sends standard reason phrases with genericReason, keeping the message in the page', async () => {
    registry = await startTempRegistry({ genericReason: true });
    const form = uploadForm('generic', '1.0', 'generic-1.0.tar.gz');
    await postForm(registry, 'pypi-hosted', form);
    const again = await postForm(registry, 'pypi-hosted', form);
    expect([again.status, again.reason, errorSection(again.body)]).toEqual([
      400,
      'Bad Request',
      'pypi-hosted/packages/generic/1.0/generic-1.0.tar.gz cannot be updated',
    ]);
  });

  it('arms faults given at start', async () => {
    registry = await startTempRegistry({ faults: { failUploads: { count: 1, status: 502 } } });
    expect((await postForm(registry, 'pypi-hosted', uploadForm('f', '1.0', 'f-1.0.tar.gz'))).status).toBe(502);
    expect((await postForm(registry, 'pypi-hosted', uploadForm('f', '1.0', 'f-1.0.tar.gz'))).status).toBe(200);
  });

  it('lets the storageFlavour option override the config', async () => {
    registry = await startTempRegistry({ config: { storageFlavour: 'sql' }, storageFlavour: 'orient' });
    const form = uploadForm('flavour', '1.0', 'flavour-1.0.tar.gz');
    await postForm(registry, 'pypi-hosted', form);
    expect((await postForm(registry, 'pypi-hosted', form)).reason).toBe('Repository does not allow updating assets: pypi-hosted');
  });

  it('reads a config file and reports a missing one with its path', async () => {
    registry = await startTempRegistry();
    const file = join(registry.dataDir, 'config.json');
    await writeFile(file, JSON.stringify({ repositories: [{ name: 'only', type: 'hosted' }] }));
    const dataDir = registry.dataDir;
    await registry.close();
    registry = await startTempRegistry({ dataDir, config: file });
    expect(registry.uploadUrl()).toBe(`${registry.origin}/repository/only/`);
    expect(registry.indexUrl()).toBe(`${registry.origin}/repository/only/simple/`);
    expect((await send(registry, '/repository/pypi-hosted/simple/')).reason).toBe('Repository not found');
    await expect(startTempRegistry({ dataDir, config: join(dataDir, 'missing.json') })).rejects.toThrow(
      expect.objectContaining({ code: 'REGISTRY_CONFIG_UNREADABLE', location: join(dataDir, 'missing.json') }),
    );
  });
});

describe('startRegistry that fails after it started listening', () => {
  it('closes its port before rejecting, so nothing is left serving', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as { port: number };
        probe.close(() => resolve(free));
      });
    });
    const dataDir = await mkdtemp(join(tmpdir(), 'pypi-registry-failed-start-'));
    try {
      // A proxy alone: no hosted repository to name in server.json's upload URL.
      // As a user's JSON config would say it (validated by startRegistry).
      const config = JSON.parse('{"repositories":[{"name":"only-proxy","type":"proxy","remoteUrl":"https://127.0.0.1:9/simple/"}]}') as Parameters<
        typeof startRegistry
      >[0]['config'];
      await expect(startRegistry({ dataDir, port, config, logError: () => undefined })).rejects.toMatchObject({ code: 'REGISTRY_NO_REPOSITORY' });
      const refused = await new Promise<string>((resolve) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('connect', () => (socket.destroy(), resolve('connected')));
        socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
      });
      expect(refused).toBe('ECONNREFUSED');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
