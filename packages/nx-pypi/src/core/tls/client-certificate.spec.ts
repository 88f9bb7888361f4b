import { createPrivateKey, X509Certificate } from 'node:crypto';
import { inspect } from 'node:util';
import { NxPypiError } from '../../errors';
import { createClientCert, createLeaf, createTestPki, daysFromNow, type TestCert, type TestPki } from '../../test-support/ca';
import { describeClientCertificate, parseClientCertificate, type ClientCertificateFile } from './client-certificate';
import { diagnoseClientCertificate } from './diagnose-client-certificate';

let pki: TestPki;
let client: TestCert;
let other: TestCert;
beforeAll(async () => {
  pki = await createTestPki('Client');
  client = await createClientCert(pki.intermediate, { cn: 'ci-runner' });
  other = await createClientCert(pki.intermediate, { cn: 'someone else' });
});

const file = (shown: string, text: string | Buffer, option: 'clientCert' | 'clientKey' = 'clientCert'): ClientCertificateFile => ({
  shown,
  path: `/ws/${shown}`,
  content: typeof text === 'string' ? Buffer.from(text) : text,
  configuredAt: `nx-pypi.json [repositories.nexus.${option}]`,
});

/** The base64 body of a PEM key: what must never appear in a message. */
const bodyOf = (pem: string): string[] =>
  pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .filter((l) => l.length > 20);

function failure(cert: ClientCertificateFile, key?: ClientCertificateFile): NxPypiError {
  try {
    parseClientCertificate(cert, key);
  } catch (e) {
    if (e instanceof NxPypiError) return e;
    throw e;
  }
  throw new Error('expected a failure');
}

/** The error's rendered text, checked to hold no line of any key involved. */
function rendered(e: NxPypiError, ...keys: string[]): string {
  const text = `${e.render()}\n${inspect(e)}`;
  for (const key of keys) for (const line of bodyOf(key)) expect(text).not.toContain(line);
  return e.render();
}

describe('parseClientCertificate', () => {
  it('takes one file holding the certificate and its key, which pip can use as it is', () => {
    const c = parseClientCertificate(file('certs/client.pem', client.cert + pki.intermediate.cert + client.key));
    expect(c.leaf.subject).toContain('CN=ci-runner');
    expect(c.certPem).toBe(client.cert + pki.intermediate.cert);
    expect(c.key.reveal()).toBe(client.key);
    expect([c.certFile, c.keyFile, c.combinedFile]).toEqual(['certs/client.pem', 'certs/client.pem', '/ws/certs/client.pem']);
    expect(describeClientCertificate(c)).toBe('CN=ci-runner, O=nx-pypi tests (certs/client.pem)');
    // The key prints as *** wherever the object is logged.
    expect(inspect(c)).not.toContain(bodyOf(client.key)[0]);
  });

  it('takes the key from clientKey; pip then needs the two joined (no combined file)', () => {
    const c = parseClientCertificate(file('certs/client.crt', client.cert), file('certs/client.key', client.key, 'clientKey'));
    expect([c.keyFile, c.combinedFile]).toEqual(['certs/client.key', undefined]);
    expect(describeClientCertificate(c)).toBe('CN=ci-runner, O=nx-pypi tests (certs/client.crt + certs/client.key)');
  });

  it('passes a clientKey file that holds the certificate too to pip as it is', () => {
    const c = parseClientCertificate(file('certs/client.crt', client.cert), file('certs/both.pem', client.cert + client.key, 'clientKey'));
    expect(c.combinedFile).toBe('/ws/certs/both.pem');
  });

  it('reads the traditional RSA/EC key forms, not only PKCS#8', () => {
    const sec1 = createPrivateKey(client.key).export({ type: 'sec1', format: 'pem' }) as string;
    expect(parseClientCertificate(file('c.pem', client.cert), file('k.pem', sec1, 'clientKey')).key.reveal()).toBe(sec1);
  });

  it('refuses a certificate file without a key when no clientKey is set, saying what to set', () => {
    const e = failure(file('certs/client.crt', client.cert));
    expect([e.code, e.location]).toEqual(['CLIENT_KEY_MISSING', { file: '/ws/certs/client.crt' }]);
    expect(e.render()).toContain('certs/client.crt (clientCert, nx-pypi.json [repositories.nexus.clientCert]) holds no private key, and no clientKey is set');
    expect(e.hint).toContain('Set "clientKey"');
  });

  it('refuses a clientKey file without a key', () => {
    expect(failure(file('c.crt', client.cert), file('k.pem', client.cert, 'clientKey')).code).toBe('CLIENT_KEY_MISSING');
  });

  it('refuses a key that belongs to another certificate, at the key file, without showing either key', () => {
    const e = failure(file('certs/client.crt', client.cert), file('certs/other.key', other.key, 'clientKey'));
    expect([e.code, e.location]).toEqual(['CLIENT_KEY_MISMATCH', { file: '/ws/certs/other.key', line: 1 }]);
    expect(rendered(e, other.key, client.key)).toMatch(
      /the private key in certs\/other\.key does not belong to the client certificate CN=ci-runner, O=nx-pypi tests in certs\/client\.crt\n {2}Use the key/,
    );
  });

  it('says to put the certificate first when the key belongs to a later one', () => {
    const e = failure(file('certs/client.pem', pki.intermediate.cert + client.cert + client.key));
    expect(e.code).toBe('CLIENT_KEY_MISMATCH');
    expect(e.render()).toContain('belongs to the certificate at line');
    expect(e.hint).toContain('Put that certificate first');
  });

  it.each([
    ['PKCS#8', (k: string) => createPrivateKey(k).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'hunter2' }) as string],
    [
      'traditional (Proc-Type)',
      (k: string) => createPrivateKey(k).export({ type: 'sec1', format: 'pem', cipher: 'aes-128-cbc', passphrase: 'hunter2' }) as string,
    ],
  ])('refuses an encrypted key (%s), saying how to decrypt it', (_form, encrypt) => {
    const encrypted = encrypt(client.key);
    const e = failure(file('certs/client.crt', client.cert), file('certs/client.key', encrypted, 'clientKey'));
    expect(e.code).toBe('CLIENT_KEY_ENCRYPTED');
    const text = rendered(e, encrypted, client.key);
    expect(text).toContain('is encrypted with a passphrase; nx-pypi does not support encrypted client keys');
    expect(text).toContain('`openssl pkey -in certs/client.key -out key-plain.pem`');
    expect(text).not.toContain('hunter2');
  });

  it('refuses an encrypted key inside clientCert, pointing at clientKey for the decrypted one', () => {
    const encrypted = createPrivateKey(client.key).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: 'pw' }) as string;
    const e = failure(file('certs/client.pem', client.cert + encrypted));
    expect(e.hint).toContain('set clientKey to key-plain.pem and remove the encrypted key from certs/client.pem');
  });

  it('refuses a damaged key block without quoting it or the crypto error', () => {
    const damaged = client.key.replace(/\n[A-Za-z0-9+/]{10}/, '\n!!!!!!!!!!');
    const e = failure(file('c.pem', client.cert + damaged));
    expect(e.code).toBe('CLIENT_KEY_UNREADABLE');
    expect(rendered(e, damaged)).not.toMatch(/DECODER|routines/);
  });

  it('refuses an OpenSSH key and two keys in one file', () => {
    const ssh = '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ\n-----END OPENSSH PRIVATE KEY-----\n';
    expect(failure(file('c.pem', client.cert), file('id_ed25519', ssh, 'clientKey')).code).toBe('CLIENT_KEY_UNSUPPORTED');
    const two = failure(file('c.pem', client.cert + client.key + other.key));
    expect([two.code, two.render()]).toEqual(['CLIENT_KEY_AMBIGUOUS', expect.stringContaining('holds 2 private keys')]);
  });

  it('refuses a key in clientCert and another one in clientKey, and accepts the same key in both', () => {
    expect(failure(file('c.pem', client.cert + client.key), file('k.pem', other.key, 'clientKey')).code).toBe('CLIENT_KEY_AMBIGUOUS');
    expect(parseClientCertificate(file('c.pem', client.cert + client.key), file('k.pem', client.key, 'clientKey')).keyFile).toBe('k.pem');
  });

  it.each([
    [
      'a key given as the certificate',
      () => client.key,
      /holds no certificate, only PRIVATE KEY block\(s\)/,
      'clientCert names the private key',
      'certs/client.der',
    ],
    ['an empty file', () => '', /is empty, not a PEM certificate/, 'Export the client certificate as PEM', 'certs/client.der'],
    ['DER', () => new X509Certificate(client.cert).raw, /is binary \(DER\)/, 'openssl x509 -inform der -in certs\/client.der', 'certs/client.der'],
    [
      'a PKCS#12 bundle',
      () => Buffer.from([0x30, 0x82, 0x01, 0x00, 0x02]),
      /is binary/,
      'openssl pkcs12 -in certs\/client.p12 -out client.pem -nodes',
      'certs/client.p12',
    ],
  ])('refuses %s as the certificate, located at the file', (_t, content, message, hint, name) => {
    const e = failure(file(name, content()));
    expect([e.code, e.location]).toEqual(['CLIENT_CERT_NOT_PEM', { file: `/ws/${name}` }]);
    expect(e.message).toMatch(message);
    expect(e.hint).toMatch(hint);
    rendered(e, client.key);
  });
});

describe('diagnoseClientCertificate', () => {
  const now = new Date();
  const parse = (c: TestCert) => parseClientCertificate(file('c.pem', c.cert + c.key));

  it('reports the subject and the expiry date', () => {
    const [f] = diagnoseClientCertificate(parse(client), now);
    expect(f).toMatchObject({
      severity: 'ok',
      code: 'CLIENT_CERT_OK',
      message: expect.stringMatching(/^client certificate CN=ci-runner, O=nx-pypi tests, expires \d{4}-\d\d-\d\d \(in 36[45] days\)$/),
    });
  });

  it('warns within 30 days of expiry and faults once expired or not yet valid', async () => {
    const soon = await createClientCert(pki.intermediate, { cn: 'soon', notAfter: daysFromNow(10) });
    expect(diagnoseClientCertificate(parse(soon), now)[0]).toMatchObject({
      severity: 'warning',
      code: 'CLIENT_CERT_EXPIRES_SOON',
      message: expect.stringMatching(/\(in (9|10) days\)/),
    });
    const expired = await createClientCert(pki.intermediate, { cn: 'old', notBefore: daysFromNow(-30), notAfter: daysFromNow(-1) });
    expect(diagnoseClientCertificate(parse(expired), now)[0]).toMatchObject({ severity: 'fault', code: 'CLIENT_CERT_EXPIRED' });
    const future = await createClientCert(pki.intermediate, { cn: 'new', notBefore: daysFromNow(2) });
    expect(diagnoseClientCertificate(parse(future), now)[0]).toMatchObject({ severity: 'fault', code: 'CLIENT_CERT_NOT_YET_VALID' });
  });

  it('warns about a certificate not issued for client authentication', async () => {
    const server = await createLeaf(pki.intermediate, { cn: 'a server' });
    expect(diagnoseClientCertificate(parse(server), now).map((f) => f.code)).toEqual(['CLIENT_CERT_OK', 'CLIENT_CERT_NOT_FOR_CLIENTS']);
  });
});
