import { request } from 'undici';
import { parsePemCertificates } from '../../core/tls/pem';
import type { TrustSettings } from '../../core/tls/trust';
import { createRootCa, createTestPki, startHttpsServer, type TestHttpsServer, type TestPki } from '../../test-support/ca';
import { createDispatcher } from './dispatcher';
import { probeChain } from './probe-chain';

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
