import { X509Certificate } from 'node:crypto';
import { NxPypiError } from '../../errors';
import { createTestPki } from '../../test-support/ca';
import { parsePemCertificates } from './pem';

function refusal(content: string | Uint8Array, file: string): string {
  try {
    parsePemCertificates(content, file);
  } catch (e) {
    return (e as NxPypiError).render();
  }
  throw new Error('expected a refusal');
}

describe('parsePemCertificates refusals', () => {
  it('suggests the openssl DER conversion for a binary DER certificate', async () => {
    const pki = await createTestPki('Pem');
    const der = new X509Certificate(pki.root.cert).raw;
    expect(refusal(der, 'root.cer')).toBe(
      'root.cer is binary (DER), not PEM: no "-----BEGIN CERTIFICATE-----" block\n  Convert it to PEM first: openssl x509 -inform der -in root.cer -out root.pem',
    );
  });

  it('never suggests converting a DER file named *.pem onto itself', async () => {
    const pki = await createTestPki('PemSelf');
    const der = new X509Certificate(pki.root.cert).raw;
    expect(refusal(der, 'certs/root.pem')).toContain('openssl x509 -inform der -in certs/root.pem -out certs/root-converted.pem');
  });

  it.each([
    ['a note', 'this is the CA, ask the PKI team\n', 'notes.crt'],
    ['text that starts with a digit', '0 certificates here\n', 'zero.pem'],
    ['a URL saved as a file', 'https://pki.example.com/root.crt\n', 'root.crt'],
  ])('never suggests the DER conversion for a text file (%s)', (_, text, file) => {
    const message = refusal(text, file);
    expect(message).toBe(
      `${file} is text but holds no "-----BEGIN CERTIFICATE-----" block\n  Pass the CA certificate itself, exported as PEM (Base-64 encoded X.509): a text file holding -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.`,
    );
    expect(message).not.toContain('openssl');
  });

  it('says a private key never belongs in a bundle', () => {
    expect(refusal('-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', 'key.pem')).toContain('a private key never belongs in a CA bundle');
  });
});
