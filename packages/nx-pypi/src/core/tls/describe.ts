/** Human-readable summaries of certificates, for generator and doctor output. */
import type { X509Certificate } from 'node:crypto';

const DAY = 24 * 60 * 60 * 1000;

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: Date;
  validTo: Date;
  isCa: boolean;
  /** Subject equals issuer and the certificate verifies with its own key. */
  selfSigned: boolean;
  fingerprint256: string;
}

/** `CN=a\nO=b` (Node's form) -> `CN=a, O=b`. */
export function formatDn(dn: string): string {
  return dn.split('\n').filter(Boolean).join(', ');
}

/**
 * Subject equals issuer and the signature verifies with the certificate's own key. Not
 * checkIssued(): OpenSSL's check also demands keyCertSign, which a self-signed server cert lacks.
 */
export function isSelfSigned(cert: X509Certificate): boolean {
  return cert.subject === cert.issuer && safeVerify(cert, cert);
}

/** `child` carries a signature made by `issuer`'s key. False rather than throwing on odd keys. */
export function safeVerify(child: X509Certificate, issuer: X509Certificate): boolean {
  try {
    return child.verify(issuer.publicKey);
  } catch {
    return false;
  }
}

export function summarizeCertificate(cert: X509Certificate): CertificateSummary {
  return {
    subject: formatDn(cert.subject),
    issuer: formatDn(cert.issuer),
    validFrom: new Date(cert.validFrom),
    validTo: new Date(cert.validTo),
    isCa: cert.ca,
    selfSigned: isSelfSigned(cert),
    fingerprint256: cert.fingerprint256,
  };
}

/** Whole days from `now` to `date` (negative when past). */
export function daysUntil(date: Date, now: Date): number {
  return Math.floor((date.getTime() - now.getTime()) / DAY);
}

/** `subject <- issuer, expires 2027-01-01 (in 400 days)` on one line. */
export function renderCertificateLine(s: CertificateSummary, now: Date): string {
  const days = daysUntil(s.validTo, now);
  const when = days < 0 ? `EXPIRED ${-days} days ago` : `in ${days} days`;
  const issuer = s.selfSigned ? 'self-signed' : `issued by ${s.issuer}`;
  return `${s.subject} (${issuer}; expires ${s.validTo.toISOString().slice(0, 10)}, ${when})`;
}
