import { X509Certificate } from 'node:crypto';
import { NxPypiError } from '../../errors';
import { createIntermediateCa, createLeaf, createRootCa, createTestPki, daysFromNow, type TestPki } from '../../test-support/ca';
import { orderCaChain, renderCaBundle } from './chain-order';
import { diagnoseChain } from './diagnose-chain';
import { parsePemCertificates } from './pem';

const now = new Date();
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki('Order');
});

function load(pem: string, file: string) {
  return parsePemCertificates(pem, file);
}

function renderThrown(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    if (e instanceof NxPypiError) return e.render();
    throw e;
  }
  throw new Error('expected a failure');
}

describe('parsePemCertificates', () => {
  it('reads every certificate block of a file with its line', () => {
    const certs = load(`# comment\n${pki.intermediate.cert}${pki.root.cert}`, 'chain.pem');
    expect(certs.map((c) => [c.line, c.cert.subject.split('\n')[0]])).toEqual([
      [2, 'CN=Order Intermediate CA'],
      [expect.any(Number), 'CN=Order Root CA'],
    ]);
  });

  it.each([
    ['a DER file', (): Uint8Array | string => new X509Certificate(pki.root.cert).raw, /is binary \(DER\)/],
    ['an empty file', (): Uint8Array | string => '', /is empty/],
    ['a private key', (): Uint8Array | string => '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', /holds no certificate, only PRIVATE KEY/],
  ] as const)('refuses %s naming the file', (_name, content, message) => {
    expect(renderThrown(() => load(content() as never, 'ca.crt'))).toMatch(new RegExp(`^ca\\.crt ${message.source}`));
  });

  it('refuses a damaged certificate block naming file and line', () => {
    expect(renderThrown(() => load('\n-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n', 'x.pem'))).toMatch(
      /^x\.pem:2 the CERTIFICATE block is not a valid X\.509 certificate/,
    );
  });
});

describe('orderCaChain', () => {
  it('puts the intermediate first and the root last whatever the input order', () => {
    const a = orderCaChain([...load(pki.root.cert, 'root.crt'), ...load(pki.intermediate.cert, 'int.crt')], now);
    const b = orderCaChain([...load(pki.intermediate.cert, 'int.crt'), ...load(pki.root.cert, 'root.crt')], now);
    expect(a.ordered.map((c) => c.file)).toEqual(['int.crt', 'root.crt']);
    expect(renderCaBundle(a.ordered)).toBe(renderCaBundle(b.ordered));
    expect(a.warnings).toEqual([]);
  });

  it('orders a two-level intermediate chain deepest first', async () => {
    const issuing = await createIntermediateCa(pki.intermediate, { cn: 'Issuing CA' });
    const r = orderCaChain([...load(pki.root.cert, 'r'), ...load(issuing.cert, 'i2'), ...load(pki.intermediate.cert, 'i1')], now);
    expect(r.ordered.map((c) => c.file)).toEqual(['i2', 'i1', 'r']);
  });

  it('refuses a missing intermediate naming the subject and the missing issuer', async () => {
    const issuing = await createIntermediateCa(pki.intermediate, { cn: 'Issuing CA' });
    expect(renderThrown(() => orderCaChain([...load(issuing.cert, 'issuing.crt'), ...load(pki.root.cert, 'root.crt')], now))).toBe(
      'issuing.crt:1 the chain is incomplete: CN=Issuing CA, O=nx-pypi tests was issued by CN=Order Intermediate CA, O=nx-pypi tests, which is not among the files given\n' +
        "  Add the certificate of CN=Order Intermediate CA, O=nx-pypi tests (ask your PKI team, or export it from a browser's certificate viewer) and run again.",
    );
  });

  it('refuses an intermediate whose named issuer is a different CA of the same name', async () => {
    const impostor = await createRootCa({ cn: 'Order Root CA' });
    const msg = renderThrown(() => orderCaChain([...load(pki.intermediate.cert, 'int.crt'), ...load(impostor.cert, 'other-root.crt')], now));
    expect(msg).toContain(
      'CN=Order Intermediate CA, O=nx-pypi tests names CN=Order Root CA, O=nx-pypi tests as its issuer, but the CN=Order Root CA, O=nx-pypi tests given (other-root.crt:1) did not sign it',
    );
    expect(msg).toContain('Pass the CN=Order Root CA, O=nx-pypi tests certificate that issued');
  });

  it('refuses a server certificate passed as a CA and names its issuer', () => {
    const msg = renderThrown(() => orderCaChain([...load(pki.leaf.cert, 'server.crt'), ...load(pki.intermediate.cert, 'i'), ...load(pki.root.cert, 'r')], now));
    expect(msg).toBe(
      'server.crt:1 CN=localhost, O=nx-pypi tests is not a CA certificate (no basicConstraints CA:true): it looks like a server certificate\n' +
        "  Pass the CAs that issued it instead: its issuer is CN=Order Intermediate CA, O=nx-pypi tests, and that CA's own issuer up to the root.",
    );
  });

  it('refuses an expired CA and warns about one expiring within 30 days', async () => {
    const old = await createRootCa({ cn: 'Old Root', notBefore: daysFromNow(-400), notAfter: daysFromNow(-1) });
    expect(renderThrown(() => orderCaChain(load(old.cert, 'old.crt'), now))).toMatch(
      /^old\.crt:1 CN=Old Root, O=nx-pypi tests expired on \d{4}-\d\d-\d\d\n  Ask your PKI team/,
    );
    const soon = await createRootCa({ cn: 'Soon Root', notAfter: daysFromNow(10) });
    expect(orderCaChain(load(soon.cert, 'soon.crt'), now).warnings).toEqual([
      expect.stringMatching(/^CN=Soon Root, O=nx-pypi tests \(self-signed; expires .*, in (9|10) days\) \(soon\.crt:1\): plan the renewal$/),
    ]);
  });

  it('reports every problem at once', async () => {
    const orphan = await createIntermediateCa(await createRootCa({ cn: 'Absent Root' }), { cn: 'Orphan CA' });
    const e = (() => {
      try {
        orderCaChain([...load(orphan.cert, 'orphan.crt'), ...load(pki.leaf.cert, 'leaf.crt')], now);
      } catch (err) {
        return err as NxPypiError;
      }
      throw new Error('expected failure');
    })();
    expect(e.code).toBe('CA_CHAIN_INVALID');
    expect(e.render()).toMatch(/^The CA chain cannot be used \(3 problems\):/);
  });
});

describe('diagnoseChain', () => {
  const x = (pem: string) => new X509Certificate(pem);
  const base = () => ({ publicRoots: [], host: 'localhost', now, bundleLabel: 'chain.pem' });

  it('accepts leaf+intermediate against a root-only bundle', () => {
    const f = diagnoseChain({ ...base(), presented: [x(pki.leaf.cert), x(pki.intermediate.cert)], bundle: [x(pki.root.cert)] });
    expect(f).toEqual([{ severity: 'ok', code: 'CHAIN_OK', message: 'the chain verifies up to CN=Order Root CA, O=nx-pypi tests, trusted from chain.pem' }]);
  });

  it('accepts a leaf-only server when the bundle holds the intermediate and the root', () => {
    const f = diagnoseChain({ ...base(), presented: [x(pki.leaf.cert)], bundle: [x(pki.intermediate.cert), x(pki.root.cert)] });
    expect(f.map((v) => v.code)).toEqual(['CHAIN_OK']);
  });

  it.each([
    ['leaf only, root-only bundle', 'MISSING_INTERMEDIATE', () => [x(pki.leaf.cert)], () => [x(pki.root.cert)], 'localhost'],
    ['intermediate only in bundle', 'UNKNOWN_ROOT', () => [x(pki.leaf.cert)], () => [x(pki.intermediate.cert)], 'localhost'],
    ['wrong host', 'HOSTNAME_MISMATCH', () => [x(pki.leaf.cert), x(pki.intermediate.cert)], () => [x(pki.root.cert)], 'nexus.example.com'],
  ])('%s -> %s', (_n, code, presented, bundle, host) => {
    const f = diagnoseChain({ ...base(), presented: presented(), bundle: bundle(), host });
    expect(f.filter((v) => v.severity === 'fault').map((v) => v.code)).toEqual([code]);
  });

  it('reports a server certificate that is not valid yet', async () => {
    const future = await createLeaf(pki.intermediate, { cn: 'localhost', notBefore: daysFromNow(2), notAfter: daysFromNow(90) });
    const f = diagnoseChain({ ...base(), presented: [x(future.cert), x(pki.intermediate.cert)], bundle: [x(pki.root.cert)] });
    expect(f[0]).toMatchObject({
      severity: 'fault',
      code: 'CERT_NOT_YET_VALID',
      fix: "Check this machine's clock (and the server's); otherwise wait until the certificate is valid.",
    });
  });

  it('names an unknown root, including a different CA that shares its name', async () => {
    const other = await createRootCa({ cn: 'Order Root CA' });
    const [f] = diagnoseChain({ ...base(), presented: [x(pki.leaf.cert), x(pki.intermediate.cert)], bundle: [x(other.cert)] });
    expect(f.code).toBe('UNKNOWN_ROOT');
    expect(f.message).toContain(
      'which chain.pem does not hold (chain.pem holds a certificate named CN=Order Root CA, O=nx-pypi tests, but it is a different CA',
    );
  });

  it('reports an expired leaf and an expired intermediate separately', async () => {
    const leaf = await createLeaf(pki.intermediate, { cn: 'localhost', notBefore: daysFromNow(-30), notAfter: daysFromNow(-2) });
    const f = diagnoseChain({ ...base(), presented: [x(leaf.cert), x(pki.intermediate.cert)], bundle: [x(pki.root.cert)] });
    expect(f.map((v) => v.code)).toEqual(['CERT_EXPIRED', 'CHAIN_OK']);
    expect(f[0].message).toMatch(/^the server certificate CN=localhost, O=nx-pypi tests expired on /);
  });
});
