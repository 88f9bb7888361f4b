import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NxPypiError } from '../../errors';
import { readTrustSettings } from './read-trust';

describe('readTrustSettings', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-pypi-trust-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const refusal = (caFiles: string[]): string => {
    try {
      readTrustSettings(dir, { caFiles, publicRoots: false, configuredAt: 'nx.json repositories.nexus.caBundle' });
    } catch (e) {
      return (e as NxPypiError).render();
    }
    throw new Error('expected a refusal');
  };

  it('names a missing CA file with a ca-chain command Nx accepts', () => {
    expect(refusal(['tools/certs/nexus-chain.pem'])).toBe(
      `${join(dir, 'tools/certs/nexus-chain.pem')} cannot read the CA file tools/certs/nexus-chain.pem (configured at nx.json repositories.nexus.caBundle): ENOENT\n` +
        '  Create it with nx g nx-pypi:ca-chain --certs=<intermediate.crt>,<root.crt>, or fix the path (relative to the workspace root).',
    );
  });

  it('reports a text file given as a certificate without suggesting a DER conversion', () => {
    writeFileSync(join(dir, 'readme.crt'), 'Download the root CA from the intranet PKI page.\n');
    const message = refusal(['readme.crt']);
    expect(message).toMatch(/^readme\.crt is text but holds no "-----BEGIN CERTIFICATE-----" block\n {2}Pass the CA certificate itself, exported as PEM/);
    expect(message).not.toContain('-inform der');
  });
});
