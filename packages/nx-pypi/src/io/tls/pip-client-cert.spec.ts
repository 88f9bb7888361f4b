import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseClientCertificate, type ClientCertificate } from '../../core/tls/client-certificate';
import { createClientCert, createTestPki, type TestCert } from '../../test-support/ca';
import { preparePipClientCert } from './pip-client-cert';

describe('preparePipClientCert', () => {
  let client: TestCert;
  let root: string;
  beforeAll(async () => {
    const pki = await createTestPki('Pip');
    client = await createClientCert(pki.intermediate, { cn: 'pip-user' });
  });
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-pipcc-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const parse = (files: Array<[string, string]>): ClientCertificate => {
    const [cert, key] = files.map(([shown, text]) => ({ shown, path: join(root, 'ws', shown), content: Buffer.from(text), configuredAt: 'test' }));
    return parseClientCertificate(cert, key);
  };

  it('passes a configured file that holds both as it is, and removes nothing', () => {
    const cert = parse([['client.pem', client.cert + client.key]]);
    const pip = preparePipClientCert(cert, join(root, 'ws'), join(root, 'tmp'));
    expect(pip).toMatchObject({ path: join(root, 'ws', 'client.pem'), temporary: false });
    pip.dispose();
  });

  it('joins two files into a 600 file in a private 700 folder outside the workspace, removed by dispose', () => {
    const cert = parse([
      ['client.crt', client.cert],
      ['client.key', client.key],
    ]);
    const pip = preparePipClientCert(cert, join(root, 'ws'), root);
    expect(pip.temporary).toBe(true);
    expect(dirname(dirname(pip.path))).toBe(root);
    expect(statSync(pip.path).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(pip.path)).mode & 0o777).toBe(0o700);
    expect(readFileSync(pip.path, 'utf8')).toBe(client.cert + client.key);
    pip.dispose();
    expect(existsSync(dirname(pip.path))).toBe(false);
    pip.dispose();
  });

  it('refuses a temporary folder inside the workspace, saying how to make the one file instead', () => {
    const cert = parse([
      ['client.crt', client.cert],
      ['client.key', client.key],
    ]);
    expect(() => preparePipClientCert(cert, root, join(root, 'tmp'))).toThrow(
      expect.objectContaining({ code: 'CLIENT_CERT_TEMP_IN_WORKSPACE', hint: expect.stringContaining('cat client.crt client.key > client.pem') }),
    );
  });
});
