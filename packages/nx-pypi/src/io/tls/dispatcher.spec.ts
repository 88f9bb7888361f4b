import { request } from 'undici';
import { parseClientCertificate, type ClientCertificate } from '../../core/tls/client-certificate';
import { parsePemCertificates } from '../../core/tls/pem';
import type { TrustSettings } from '../../core/tls/trust';
import { sendRequest } from '../http/send-request';
import { createClientCert, createRootCa, createTestPki, startHttpsServer, type TestHttpsServer, type TestPki } from '../../test-support/ca';
import { clientCertificateExchange, createDispatcher } from './dispatcher';
import { probeChain, type ProbeError } from './probe-chain';

let pki: TestPki;
let server: TestHttpsServer;
beforeAll(async () => {
  pki = await createTestPki('Dispatch');
  server = await startHttpsServer([pki.leaf, pki.intermediate]);
});
afterAll(async () => {
  await server?.close();
});

const trustOf = (pems: string[], publicRoots = true): TrustSettings => ({
  certificates: pems.flatMap((p, i) => parsePemCertificates(p, `f${i}.pem`)),
  files: pems.map((_p, i) => `f${i}.pem`),
  publicRoots,
});

async function get(trust: TrustSettings): Promise<string> {
  const dispatcher = createDispatcher(trust);
  try {
    const res = await request(server.url, { dispatcher });
    return `${res.statusCode} ${await res.body.text()}`;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? String(e);
  } finally {
    await dispatcher.close();
  }
}

describe('createDispatcher', () => {
  it('trusts the configured root, with or without public roots', async () => {
    expect(await get(trustOf([pki.root.cert]))).toBe('200 ok');
    expect(await get(trustOf([pki.root.cert], false))).toBe('200 ok');
  });

  it('rejects a server whose root is not configured (public roots do not help, verification stays on)', async () => {
    const other = await createRootCa({ cn: 'Other Root' });
    expect(await get(trustOf([other.cert]))).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    expect(await get(trustOf([]))).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });
});

describe('probeChain', () => {
  it('returns exactly the certificates the server sends, leaf first', async () => {
    const probed = await probeChain(new URL(server.url));
    expect(probed.presented.map((c) => c.subject.split('\n')[0])).toEqual(['CN=localhost', 'CN=Dispatch Intermediate CA']);
    expect([probed.host, probed.port]).toEqual(['127.0.0.1', server.port]);
  });

  it('reports a refused connection with its code', async () => {
    await expect(probeChain(new URL('https://127.0.0.1:1/'), 2000)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('client certificates (mutual TLS)', () => {
  let client: ClientCertificate;
  let stranger: ClientCertificate;
  const servers: TestHttpsServer[] = [];
  const asClient = (c: { cert: string; key: string }): ClientCertificate =>
    parseClientCertificate({ shown: 'client.pem', path: '/ws/client.pem', content: Buffer.from(c.cert + c.key), configuredAt: 'test' });
  beforeAll(async () => {
    client = asClient(await createClientCert(pki.intermediate, { cn: 'ci-runner' }));
    const otherPki = await createTestPki('Elsewhere');
    stranger = asClient(await createClientCert(otherPki.intermediate, { cn: 'stranger' }));
  });
  afterAll(async () => {
    for (const s of servers) await s.close();
  });
  const mtlsServer = async (maxVersion: 'TLSv1.2' | 'TLSv1.3', required = true): Promise<TestHttpsServer> => {
    const s = await startHttpsServer([pki.leaf, pki.intermediate], undefined, { ca: [pki.root, pki.intermediate], required, maxVersion });
    servers.push(s);
    return s;
  };

  /** One GET through sendRequest: the status, or the TransportError's code and kind; and what the dispatcher saw. */
  async function attempt(url: string, clientCertificate?: ClientCertificate) {
    const dispatcher = createDispatcher(trustOf([pki.root.cert], false), { timeoutMs: 5000, clientCertificate });
    try {
      const answer = await sendRequest(url, { method: 'GET', headers: {}, dispatcher, maxBodyBytes: 100 });
      return { outcome: answer.status, exchange: clientCertificateExchange(dispatcher, url) };
    } catch (e) {
      const err = e as { code: string; kind: string; message: string; hint: string };
      return { outcome: `${err.code} ${err.kind}`, message: err.message, hint: err.hint, exchange: clientCertificateExchange(dispatcher, url) };
    } finally {
      await dispatcher.close();
    }
  }

  it.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: presents the configured certificate and records that it was asked for', async (version) => {
    const server = await mtlsServer(version);
    expect(await attempt(server.url, client)).toEqual({ outcome: 200, exchange: { requested: true, sent: 'CN=ci-runner, O=nx-pypi tests' } });
  });

  it.each(['TLSv1.2', 'TLSv1.3'] as const)('%s: without one, fails with a message naming clientCert, not retried', async (version) => {
    const server = await mtlsServer(version);
    const r = await attempt(server.url);
    expect(r).toMatchObject({ outcome: 'TLS_CLIENT_CERTIFICATE_REQUIRED tls-protocol', exchange: { requested: true, sent: undefined } });
    expect(r.message).toContain(`127.0.0.1:${server.port} asks for a TLS client certificate (mutual TLS) and ended the connection without one`);
    expect(r.hint).toContain('Set "clientCert"');
  });

  it('reports a certificate the server does not accept as sent, and the connection as failed', async () => {
    const server = await mtlsServer('TLSv1.3');
    const r = await attempt(server.url, stranger);
    expect(r.outcome).not.toBe(200);
    expect(r.exchange).toEqual({ requested: true, sent: 'CN=stranger, O=nx-pypi tests' });
  });

  it('records that a server without client authentication asked for nothing', async () => {
    expect(await attempt(server.url, client)).toEqual({ outcome: 200, exchange: { requested: false, sent: undefined } });
  });

  it('lets a server that only asks (optional client authentication) answer without one', async () => {
    const optional = await mtlsServer('TLSv1.3', false);
    expect(await attempt(optional.url)).toEqual({ outcome: 200, exchange: { requested: true, sent: undefined } });
  });

  it('probeChain: says the server asked, presents the certificate, and keeps that in a failed TLS 1.2 handshake', async () => {
    const server = await mtlsServer('TLSv1.2');
    const probed = await probeChain(new URL(server.url), 5000, client);
    expect(probed.clientCertificate).toEqual({ requested: true, sent: 'CN=ci-runner, O=nx-pypi tests' });
    const failed = (await probeChain(new URL(server.url), 5000).catch((e: unknown) => e)) as ProbeError;
    expect([failed.code, failed.clientCertificate]).toEqual(['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', { requested: true, sent: undefined }]);
  });
});
