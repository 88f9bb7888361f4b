/**
 * Reading PEM certificate text into X509Certificate objects. Parsing only, no I/O: callers pass
 * the bytes they read. node:crypto's X509Certificate is pure computation, so it is allowed here.
 */
import { X509Certificate } from 'node:crypto';
import { CertificateError } from './errors';

/** One certificate taken from a PEM file, with where it came from (for messages). */
export interface LoadedCertificate {
  cert: X509Certificate;
  /** The file as the user named it. */
  file: string;
  /** 1-based line of the BEGIN marker. */
  line: number;
  /** The PEM block, normalized to `-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----\n`. */
  pem: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/**
 * Every CERTIFICATE block of a PEM file. Refuses a file with none (DER, a key, an empty file)
 * and a block whose contents are not a certificate, naming the file and line.
 */
export function parsePemCertificates(content: string | Uint8Array, file: string): LoadedCertificate[] {
  const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : Buffer.from(content);
  const text = bytes.toString('latin1');
  const out: LoadedCertificate[] = [];
  const otherKinds: string[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const line = text.slice(0, m.index).split('\n').length;
    if (m[1] !== 'CERTIFICATE') {
      otherKinds.push(m[1]);
      continue;
    }
    const body = m[2].replace(/\s+/g, '');
    const pem = `-----BEGIN CERTIFICATE-----\n${body.replace(/(.{64})/g, '$1\n').trimEnd()}\n-----END CERTIFICATE-----\n`;
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(pem);
    } catch (cause) {
      throw new CertificateError('the CERTIFICATE block is not a valid X.509 certificate (damaged base64 or truncated file)', {
        code: 'CERT_UNPARSABLE',
        location: { file, line },
        hint: 'Export the certificate again as PEM (Base-64 encoded X.509) and retry.',
        cause,
      });
    }
    out.push({ cert, file, line, pem });
  }
  if (out.length > 0) return out;
  throw new CertificateError(describeNonPem(bytes, otherKinds), { code: 'CERT_NOT_PEM', location: { file }, hint: computeNonPemHint(bytes, otherKinds, file) });
}

// 0x30 is an ASN.1 SEQUENCE: the usual first byte of a DER-encoded certificate ("0" in a text file).
const looksLikeDer = (bytes: Buffer): boolean => bytes[0] === 0x30 && !isText(bytes);

function describeNonPem(bytes: Buffer, otherKinds: string[]): string {
  if (otherKinds.length > 0) return `holds no certificate, only ${otherKinds.join(', ')} block(s)`;
  if (bytes.length === 0) return 'is empty, not a PEM certificate';
  if (looksLikeDer(bytes)) return 'is binary (DER), not PEM: no "-----BEGIN CERTIFICATE-----" block';
  if (isText(bytes)) return 'is text but holds no "-----BEGIN CERTIFICATE-----" block';
  return 'is not a PEM certificate: no "-----BEGIN CERTIFICATE-----" block';
}

/** The DER conversion is suggested only for a file that looks like DER: openssl fails on text. */
function computeNonPemHint(bytes: Buffer, otherKinds: string[], file: string): string {
  if (otherKinds.some((k) => k.includes('KEY'))) return 'Pass certificate files only; a private key never belongs in a CA bundle.';
  // A DER file already named *.pem must not be told to convert onto itself.
  if (looksLikeDer(bytes))
    return `Convert it to PEM first: openssl x509 -inform der -in ${file} -out ${file.replace(/\.[^./]+$/, '')}${/\.pem$/i.test(file) ? '-converted' : ''}.pem`;
  return 'Pass the CA certificate itself, exported as PEM (Base-64 encoded X.509): a text file holding -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.';
}

/** No NUL and no control characters other than tab, CR, LF, FF: a text file, whatever it says. */
function isText(bytes: Buffer): boolean {
  return !bytes.subarray(0, 4096).some((b) => b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c);
}
