/**
 * Ordering and validating a CA bundle given as loose files: intermediates first (deepest first),
 * roots last, every link checked by name (checkIssued) and by signature (verify). OpenSSL-based
 * clients (twine, pip, Node) need the chain to end at a self-signed root in the bundle, so an
 * incomplete chain is refused here rather than failing later on the first upload.
 */
import { AggregateNxPypiError, NxPypiError } from '../../errors';
import { daysUntil, formatDn, isSelfSigned, renderCertificateLine, safeVerify, summarizeCertificate } from './describe';
import { CertificateError } from './errors';
import type { LoadedCertificate } from './pem';

/** Below this many days to expiry a CA is reported, so the rotation is planned, not discovered. */
export const EXPIRY_WARNING_DAYS = 30;

export interface OrderedCaChain {
  /** Deepest intermediate first, roots last. */
  ordered: LoadedCertificate[];
  /** Non-fatal findings: near expiry, duplicates dropped. */
  warnings: string[];
}

/**
 * Orders the given CA certificates and checks that each one is a CA, is within its validity
 * period, and links by name and signature to a self-signed root that is also given.
 * Collects every problem, then throws one AggregateNxPypiError.
 */
export function orderCaChain(certs: readonly LoadedCertificate[], now: Date): OrderedCaChain {
  const warnings: string[] = [];
  const unique = dropDuplicates(certs, warnings);
  const problems: NxPypiError[] = [];
  for (const c of unique) problems.push(...checkCertificateItself(c, now, warnings));
  const parents = new Map<LoadedCertificate, LoadedCertificate | null>();
  for (const c of unique) {
    const link = findIssuer(c, unique);
    if (link instanceof NxPypiError) problems.push(link);
    else parents.set(c, link);
  }
  if (problems.length > 0) throw new AggregateNxPypiError('The CA chain cannot be used', problems, 'CA_CHAIN_INVALID');
  const depth = (c: LoadedCertificate): number => {
    let d = 0;
    for (let p = parents.get(c); p; p = parents.get(p)) {
      // Cross-signed CAs can sign each other; without a self-signed end the walk would not stop.
      if (++d > unique.length) throw loopError(c);
    }
    return d;
  };
  // Stable sort: deeper (further from a root) first, input order among equals.
  const ordered = unique
    .map((c, i) => ({ c, i, d: depth(c) }))
    .sort((a, b) => b.d - a.d || a.i - b.i)
    .map((x) => x.c);
  return { ordered, warnings };
}

function dropDuplicates(certs: readonly LoadedCertificate[], warnings: string[]): LoadedCertificate[] {
  const seen = new Map<string, LoadedCertificate>();
  for (const c of certs) {
    const first = seen.get(c.cert.fingerprint256);
    if (first) warnings.push(`${formatDn(c.cert.subject)} is given twice (${where(first)} and ${where(c)}); kept once`);
    else seen.set(c.cert.fingerprint256, c);
  }
  return [...seen.values()];
}

function checkCertificateItself(c: LoadedCertificate, now: Date, warnings: string[]): NxPypiError[] {
  const subject = formatDn(c.cert.subject);
  const out: NxPypiError[] = [];
  if (!c.cert.ca) {
    out.push(
      new CertificateError(`${subject} is not a CA certificate (no basicConstraints CA:true): it looks like a server certificate`, {
        code: 'CA_CHAIN_NOT_A_CA',
        location: { file: c.file, line: c.line },
        hint: `Pass the CAs that issued it instead: its issuer is ${formatDn(c.cert.issuer)}, and that CA's own issuer up to the root.`,
      }),
    );
  }
  const validTo = new Date(c.cert.validTo);
  const validFrom = new Date(c.cert.validFrom);
  if (validTo.getTime() < now.getTime()) {
    out.push(
      new CertificateError(`${subject} expired on ${validTo.toISOString().slice(0, 10)}`, {
        code: 'CA_CHAIN_EXPIRED',
        location: { file: c.file, line: c.line },
        hint: 'Ask your PKI team for the renewed CA certificate and pass that instead.',
      }),
    );
  } else if (validFrom.getTime() > now.getTime()) {
    out.push(
      new CertificateError(`${subject} is not valid before ${validFrom.toISOString()}`, {
        code: 'CA_CHAIN_NOT_YET_VALID',
        location: { file: c.file, line: c.line },
        hint: "Check this machine's clock, or wait until the certificate becomes valid.",
      }),
    );
  } else if (daysUntil(validTo, now) < EXPIRY_WARNING_DAYS) {
    warnings.push(`${renderCertificateLine(summarizeCertificate(c.cert), now)} (${where(c)}): plan the renewal`);
  }
  return out;
}

/** The certificate's issuer among `pool`: null for a self-signed root, an error for a missing or wrong link. */
function findIssuer(c: LoadedCertificate, pool: readonly LoadedCertificate[]): LoadedCertificate | null | NxPypiError {
  const subject = formatDn(c.cert.subject);
  const issuer = formatDn(c.cert.issuer);
  if (c.cert.subject === c.cert.issuer) {
    if (isSelfSigned(c.cert)) return null;
    return new CertificateError(`${subject} names itself as issuer but its self-signature does not verify`, {
      code: 'CA_CHAIN_BAD_SIGNATURE',
      location: { file: c.file, line: c.line },
      hint: 'The file is damaged or not a real root; export the root CA again.',
    });
  }
  // Candidates by name only, so a same-named CA with another key is reported as such;
  // the signer must also match key identifiers (checkIssued) and the signature.
  const named = pool.filter((p) => p !== c && p.cert.subject === c.cert.issuer);
  const signer = named.find((p) => c.cert.checkIssued(p.cert) && safeVerify(c.cert, p.cert));
  if (signer) return signer;
  if (named.length > 0) {
    return new CertificateError(`${subject} names ${issuer} as its issuer, but the ${issuer} given (${named.map(where).join(', ')}) did not sign it`, {
      code: 'CA_CHAIN_WRONG_SIGNER',
      location: { file: c.file, line: c.line },
      hint: `Those are two different CAs with the same name (e.g. a re-keyed root). Pass the ${issuer} certificate that issued ${subject}.`,
    });
  }
  return new CertificateError(`the chain is incomplete: ${subject} was issued by ${issuer}, which is not among the files given`, {
    code: 'CA_CHAIN_MISSING_LINK',
    location: { file: c.file, line: c.line },
    hint: `Add the certificate of ${issuer} (ask your PKI team, or export it from a browser's certificate viewer) and run again.`,
  });
}

function loopError(c: LoadedCertificate): NxPypiError {
  return new CertificateError(`the certificates above ${formatDn(c.cert.subject)} sign each other in a loop and never reach a self-signed root`, {
    code: 'CA_CHAIN_LOOP',
    location: { file: c.file, line: c.line },
    hint: 'Cross-signed CAs: pass the chain that ends at your self-signed root, without the cross-certificates.',
  });
}

function where(c: LoadedCertificate): string {
  return `${c.file}:${c.line}`;
}

/** The bundle file text: each certificate preceded by `# subject / issuer / expiry` comments. */
export function renderCaBundle(chain: readonly LoadedCertificate[]): string {
  const parts = chain.map((c) => {
    const s = summarizeCertificate(c.cert);
    return [
      `# Subject: ${s.subject}`,
      `# Issuer:  ${s.issuer}`,
      `# Expires: ${s.validTo.toISOString()}`,
      `# SHA256:  ${s.fingerprint256}`,
      c.pem.trimEnd(),
    ].join('\n');
  });
  return `# CA chain written by nx-pypi ca-chain: intermediates first, root last.\n${parts.join('\n\n')}\n`;
}
