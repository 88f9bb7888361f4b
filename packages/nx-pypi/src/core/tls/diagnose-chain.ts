/**
 * Why a server's certificate chain does (not) verify against a trust set, in words a user can act
 * on. Models OpenSSL's default behaviour (what Node, twine and pip use): the path is built from
 * the certificates the server sends plus the trusted ones, and must end at a self-signed root that
 * is trusted; an intermediate in the bundle does not end the path (no X509_V_FLAG_PARTIAL_CHAIN).
 */
import type { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { CA_CHAIN_COMMAND } from './ca-chain-command';
import { daysUntil, formatDn, isSelfSigned, safeVerify } from './describe';
import { EXPIRY_WARNING_DAYS } from './chain-order';

export type ChainFaultCode =
  'MISSING_INTERMEDIATE' | 'UNKNOWN_ROOT' | 'CERT_EXPIRED' | 'CERT_NOT_YET_VALID' | 'HOSTNAME_MISMATCH' | 'SELF_SIGNED_LEAF' | 'NO_CERTIFICATE';

export interface ChainFinding {
  severity: 'ok' | 'warning' | 'fault';
  code: ChainFaultCode | 'CHAIN_OK' | 'CERT_EXPIRES_SOON';
  message: string;
  /** What to do; absent for `ok`. */
  fix?: string;
}

export interface DiagnoseChainInput {
  /** As the server sent it, leaf first. */
  presented: readonly X509Certificate[];
  /** Certificates from the configured bundle (trusted). */
  bundle: readonly X509Certificate[];
  /** Public roots when they are trusted too (empty with `publicRoots: false`). */
  publicRoots: readonly X509Certificate[];
  /** The host name or IP the client connects to. */
  host: string;
  now: Date;
  /** How to name the bundle in messages, e.g. `tools/certs/nexus-chain.pem`. */
  bundleLabel: string;
}

/** Every finding about the chain: faults first-class, expiry warnings, or one CHAIN_OK. */
export function diagnoseChain(input: DiagnoseChainInput): ChainFinding[] {
  const [leaf] = input.presented;
  if (!leaf) {
    return [
      {
        severity: 'fault',
        code: 'NO_CERTIFICATE',
        message: 'the server sent no certificate',
        fix: 'Check that the URL is the HTTPS port of Nexus or of its proxy.',
      },
    ];
  }
  const findings = [...checkValidity(input), ...checkHostname(leaf, input.host)];
  findings.push(checkPath(leaf, input));
  return findings;
}

/** Only the trust-path part: does `bundle` (alone) let a client verify this chain? */
export function diagnoseTrustPath(input: Omit<DiagnoseChainInput, 'host'>): ChainFinding {
  const [leaf] = input.presented;
  if (!leaf) return { severity: 'fault', code: 'NO_CERTIFICATE', message: 'the server sent no certificate' };
  return checkPath(leaf, input);
}

function checkValidity(input: DiagnoseChainInput): ChainFinding[] {
  const out: ChainFinding[] = [];
  input.presented.forEach((c, i) => {
    const role = i === 0 ? 'server certificate' : 'certificate';
    const subject = formatDn(c.subject);
    const to = new Date(c.validTo);
    const from = new Date(c.validFrom);
    if (to.getTime() < input.now.getTime()) {
      out.push({
        severity: 'fault',
        code: 'CERT_EXPIRED',
        message: `the ${role} ${subject} expired on ${to.toISOString().slice(0, 10)}`,
        fix: 'Ask the Nexus administrator to install a renewed certificate.',
      });
    } else if (from.getTime() > input.now.getTime()) {
      out.push({
        severity: 'fault',
        code: 'CERT_NOT_YET_VALID',
        message: `the ${role} ${subject} is not valid before ${from.toISOString()}`,
        fix: "Check this machine's clock (and the server's); otherwise wait until the certificate is valid.",
      });
    } else if (daysUntil(to, input.now) < EXPIRY_WARNING_DAYS) {
      out.push({
        severity: 'warning',
        code: 'CERT_EXPIRES_SOON',
        message: `the ${role} ${subject} expires on ${to.toISOString().slice(0, 10)} (in ${daysUntil(to, input.now)} days)`,
        fix: 'Tell the Nexus administrator to renew it before then.',
      });
    }
  });
  return out;
}

function checkHostname(leaf: X509Certificate, host: string): ChainFinding[] {
  const ok = isIP(host) ? leaf.checkIP(host) : leaf.checkHost(host);
  if (ok !== undefined) return [];
  const names = leaf.subjectAltName ?? '(none)';
  return [
    {
      severity: 'fault',
      code: 'HOSTNAME_MISMATCH',
      message: `the server certificate ${formatDn(leaf.subject)} is not valid for "${host}": it names ${names}`,
      fix: `Use a URL whose host is one of those names, or have the certificate reissued with "${host}" in its subjectAltName.`,
    },
  ];
}

function checkPath(leaf: X509Certificate, input: Omit<DiagnoseChainInput, 'host'>): ChainFinding {
  const trusted = [...input.bundle, ...input.publicRoots];
  const isTrusted = (c: X509Certificate): boolean => trusted.some((t) => t.fingerprint256 === c.fingerprint256);
  const sentOnlyLeaf = input.presented.length === 1;
  if (isSelfSigned(leaf)) {
    if (isTrusted(leaf)) return ok(`the self-signed server certificate is itself in ${input.bundleLabel}`);
    return {
      severity: 'fault',
      code: 'SELF_SIGNED_LEAF',
      message: `the server certificate ${formatDn(leaf.subject)} is self-signed: no CA vouches for it`,
      fix: 'Have Nexus (or its proxy) serve a certificate issued by your CA, then record that CA chain with `nx g nx-pypi:ca-chain`.',
    };
  }
  const sent = input.presented.slice(1);
  let current = leaf;
  const seen = new Set<string>([leaf.fingerprint256]);
  for (;;) {
    // By name first, so a same-named CA with another key can be called out in the message.
    const candidates = [...sent, ...trusted].filter((c) => !seen.has(c.fingerprint256) && c.subject === current.issuer);
    const issuer = candidates.find((c) => current.checkIssued(c) && safeVerify(current, c));
    const issuerName = formatDn(current.issuer);
    if (!issuer) {
      const sameName =
        candidates.length > 0
          ? ` (${input.bundleLabel} holds a certificate named ${issuerName}, but it is a different CA: its key did not sign ${formatDn(current.subject)})`
          : '';
      if (current === leaf && sentOnlyLeaf) {
        return {
          severity: 'fault',
          code: 'MISSING_INTERMEDIATE',
          message: `the server sends only its own certificate, and ${input.bundleLabel} lacks its issuer ${issuerName}${sameName}`,
          fix: `Add the intermediate ${issuerName} (and its root) to the bundle: ${CA_CHAIN_COMMAND}; and ask the Nexus administrator to serve the full chain.`,
        };
      }
      return unknownRoot(issuerName, input.bundleLabel, sameName);
    }
    if (isSelfSigned(issuer)) {
      if (isTrusted(issuer)) return ok(`the chain verifies up to ${formatDn(issuer.subject)}, trusted from ${input.bundleLabel}`);
      return unknownRoot(formatDn(issuer.subject), input.bundleLabel, '');
    }
    seen.add(issuer.fingerprint256);
    current = issuer;
  }
}

function unknownRoot(root: string, bundleLabel: string, detail: string): ChainFinding {
  return {
    severity: 'fault',
    code: 'UNKNOWN_ROOT',
    message: `the chain leads to the root ${root}, which ${bundleLabel} does not hold${detail}`,
    fix: `Get the ${root} certificate from your PKI team and record it: ${CA_CHAIN_COMMAND}.`,
  };
}

function ok(message: string): ChainFinding {
  return { severity: 'ok', code: 'CHAIN_OK', message };
}
