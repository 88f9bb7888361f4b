/**
 * What nx-pypi trusts for one repository: exactly the configured CA files, plus Node's bundled
 * public roots unless `publicRoots: false`. Verification is never turned off; a `ca` list given to
 * tls/undici replaces Node's defaults (and NODE_EXTRA_CA_CERTS), so the public roots are added
 * back explicitly when wanted.
 */
import type { LoadedCertificate } from './pem';

export interface TrustSettings {
  /** Loaded certificates of the configured CA files (caBundle or ca[]), in file order. */
  certificates: readonly LoadedCertificate[];
  /** The files as configured (workspace-relative), for messages. */
  files: readonly string[];
  publicRoots: boolean;
}

/** The `ca` option for tls.connect / undici: configured certificates first, then public roots. */
export function computeCaList(trust: TrustSettings, publicRootPems: readonly string[]): string[] {
  const own = trust.certificates.map((c) => c.pem);
  return trust.publicRoots ? [...own, ...publicRootPems] : own;
}

/** One line naming the trust set, e.g. `tools/certs/chain.pem (2 certificates) + public roots`. */
export function describeTrust(trust: TrustSettings): string {
  const n = trust.certificates.length;
  const files = trust.files.length > 0 ? `${trust.files.join(', ')} (${n} certificate${n === 1 ? '' : 's'})` : 'no CA files';
  return trust.publicRoots ? `${files} + Node's public roots` : `${files} only (publicRoots: false)`;
}
