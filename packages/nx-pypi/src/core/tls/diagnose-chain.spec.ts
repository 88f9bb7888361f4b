import { X509Certificate } from 'node:crypto';
import { createRootCa, createTestPki, type TestPki } from '../../test-support/ca';
import { diagnoseChain } from './diagnose-chain';

let pki: TestPki;
const x509 = (pem: string): X509Certificate => new X509Certificate(pem);

beforeAll(async () => {
  pki = await createTestPki('Diag');
});

describe('diagnoseChain fixes', () => {
  // Nx refuses `--certs a b`; it takes `--certs=a,b` or a repeated `--certs` (issue 14, item 14).
  it('recommends the ca-chain command in a form Nx accepts, for a missing intermediate and an unknown root', async () => {
    const other = await createRootCa({ cn: 'Diag Other Root' });
    const input = { host: 'localhost', now: new Date(), bundleLabel: 'chain.pem', publicRoots: [] };
    const missing = diagnoseChain({ ...input, presented: [x509(pki.leaf.cert)], bundle: [x509(pki.root.cert)] });
    const unknown = diagnoseChain({ ...input, presented: [x509(pki.leaf.cert), x509(pki.intermediate.cert)], bundle: [x509(other.cert)] });
    const fixes = [...missing, ...unknown].filter((f) => f.severity === 'fault').map((f) => [f.code, f.fix]);
    expect(fixes).toEqual([
      ['MISSING_INTERMEDIATE', expect.stringContaining('nx g nx-pypi:ca-chain --certs=<intermediate.crt>,<root.crt>;')],
      ['UNKNOWN_ROOT', expect.stringContaining('record it: nx g nx-pypi:ca-chain --certs=<intermediate.crt>,<root.crt>.')],
    ]);
  });
});
