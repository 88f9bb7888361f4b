import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import * as tls from 'node:tls';
import type { AddressInfo } from 'node:net';
import { generateCertificates, type CertificateFiles } from './generate-certificates';

/** Handshakes with a loopback TLS server presenting `serverCert`; resolves to the client's error code or 'ok'. */
async function handshake(files: CertificateFiles, serverCert: string, ca: string, servername = 'localhost'): Promise<string> {
  const server = tls.createServer({ key: await readFile(files.leafKey), cert: await readFile(serverCert) }, (socket) => socket.end());
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    return await new Promise<string>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, servername, ca: [ca] }, () => {
        socket.end();
        resolve('ok');
      });
      socket.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  } finally {
    server.close();
  }
}

describe('generateCertificates', () => {
  let dir: string;
  let files: CertificateFiles;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'registry-certs-'));
    files = await generateCertificates({ dir: join(dir, 'good') });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('issues root -> intermediate -> leaf, with the leaf valid for localhost and 127.0.0.1', async () => {
    const root = new X509Certificate(await readFile(files.root));
    const intermediate = new X509Certificate(await readFile(files.intermediate));
    const leaf = new X509Certificate(await readFile(files.leafCert));
    expect(root.ca && intermediate.ca && !leaf.ca).toBe(true);
    expect(intermediate.verify(root.publicKey)).toBe(true);
    expect(leaf.verify(intermediate.publicKey)).toBe(true);
    expect(leaf.verify(root.publicKey)).toBe(false);
    expect(leaf.checkHost('localhost')).toBe('localhost');
    expect(leaf.checkIP('127.0.0.1')).toBe('127.0.0.1');
    expect((await stat(files.leafKey)).mode & 0o777).toBe(0o600);
    expect(await readFile(files.chain, 'utf8')).toBe((await readFile(files.intermediate, 'utf8')) + (await readFile(files.root, 'utf8')));
  });

  it('completes a handshake trusting only the root when the server sends leaf + intermediate', async () => {
    expect(await handshake(files, files.leafChain, await readFile(files.root, 'utf8'))).toBe('ok');
  });

  it('fails a handshake trusting only the root when the server sends the leaf alone', async () => {
    expect(await handshake(files, files.leafCert, await readFile(files.root, 'utf8'))).toBe('UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('makes an expired leaf on request', async () => {
    const expired = await generateCertificates({
      dir: join(dir, 'expired'),
      leafNotBefore: new Date(Date.now() - 10 * 86400000),
      leafNotAfter: new Date(Date.now() - 86400000),
    });
    expect(await handshake(expired, expired.leafChain, await readFile(expired.root, 'utf8'))).toBe('CERT_HAS_EXPIRED');
  });

  it('makes a wrong-hostname leaf signed by an existing CA when given caDir', async () => {
    const wrong = await generateCertificates({ dir: join(dir, 'wrong'), caDir: files.dir, leafHosts: ['elsewhere.example'] });
    expect(await readFile(wrong.root, 'utf8')).toBe(await readFile(files.root, 'utf8'));
    expect(await handshake(wrong, wrong.leafChain, await readFile(files.root, 'utf8'), 'localhost')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(await handshake(wrong, wrong.leafChain, await readFile(files.root, 'utf8'), 'elsewhere.example')).toBe('ok');
  });
});
