/**
 * The doctor's view of the configured client certificate: what it is, how long it is valid, and
 * whether it may authenticate a client at all. Servers check the same before accepting it, and a
 * refusal in the handshake names none of this.
 */
import type { Finding } from '../config/classify-responses';
import { EXPIRY_WARNING_DAYS } from './chain-order';
import type { ClientCertificate } from './client-certificate';
import { daysUntil, formatDn } from './describe';

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

export function diagnoseClientCertificate(c: ClientCertificate, now: Date): Finding[] {
  const subject = formatDn(c.leaf.subject);
  const to = new Date(c.leaf.validTo);
  const from = new Date(c.leaf.validFrom);
  const expires = to.toISOString().slice(0, 10);
  const renew = `Get it renewed by whoever issued it (${formatDn(c.leaf.issuer)}) and point clientCert at the new one.`;
  const findings: Finding[] = [];
  if (to.getTime() < now.getTime()) {
    findings.push({ severity: 'fault', code: 'CLIENT_CERT_EXPIRED', message: `client certificate ${subject} expired on ${expires}`, fix: renew });
  } else if (from.getTime() > now.getTime()) {
    findings.push({
      severity: 'fault',
      code: 'CLIENT_CERT_NOT_YET_VALID',
      message: `client certificate ${subject} is not valid before ${from.toISOString()}`,
      fix: "Check this machine's clock; otherwise wait until the certificate is valid.",
    });
  } else if (daysUntil(to, now) < EXPIRY_WARNING_DAYS) {
    findings.push({
      severity: 'warning',
      code: 'CLIENT_CERT_EXPIRES_SOON',
      message: `client certificate ${subject}, expires ${expires} (in ${daysUntil(to, now)} days)`,
      fix: renew,
    });
  } else {
    findings.push({ severity: 'ok', code: 'CLIENT_CERT_OK', message: `client certificate ${subject}, expires ${expires} (in ${daysUntil(to, now)} days)` });
  }
  // Node names the extended key usages `keyUsage`; undefined when the extension is absent (any use allowed).
  const usages = c.leaf.keyUsage;
  if (usages && !usages.includes(CLIENT_AUTH) && !usages.includes(ANY_EXTENDED_KEY_USAGE)) {
    findings.push({
      severity: 'warning',
      code: 'CLIENT_CERT_NOT_FOR_CLIENTS',
      message: `client certificate ${subject} is not issued for client authentication (its extended key usage lacks clientAuth), so servers that check it refuse it`,
      fix: 'Ask for a certificate with extendedKeyUsage clientAuth (a server certificate does not serve as a client certificate).',
    });
  }
  return findings;
}
