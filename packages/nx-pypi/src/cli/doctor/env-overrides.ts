/**
 * Variables that make Python tools run beside nx-pypi ignore the workspace chain: a check of each
 * set variable's bundle against the chain the server really sends.
 */
import { readFileSync } from 'node:fs';
import type { X509Certificate } from 'node:crypto';
import type { Finding } from '../../core/config/classify-responses';
import { diagnoseTrustPath } from '../../core/tls/diagnose-chain';
import { parsePemCertificates } from '../../core/tls/pem';

const AFFECTS: Record<string, string> = {
  PIP_CERT: 'pip (it overrides the pip.conf cert)',
  REQUESTS_CA_BUNDLE: 'twine, pip and poetry (requests uses it even over twine --cert)',
  CURL_CA_BUNDLE: 'twine, pip and poetry (requests falls back to it)',
  SSL_CERT_FILE: "uv (it replaces uv's roots) and Python's default SSL context",
};

export interface ServerChain {
  origin: string;
  presented: readonly X509Certificate[];
}

export function checkEnvOverrides(
  env: Readonly<Record<string, string | undefined>>,
  chains: readonly ServerChain[],
  chainFile: string | undefined,
  now: Date,
): Finding[] {
  const out: Finding[] = [];
  for (const name of Object.keys(AFFECTS)) {
    const path = env[name];
    if (!path) continue;
    const fix = `unset ${name}, or point it at ${chainFile ?? 'a bundle that holds the CA chain'}`;
    let certs: X509Certificate[];
    try {
      certs = parsePemCertificates(readFileSync(path), path).map((c) => c.cert);
    } catch (e) {
      out.push({
        severity: 'warning',
        code: 'ENV_CA_UNUSABLE',
        message: `${name}=${path} cannot be used (${(e as Error).message}); it affects ${AFFECTS[name]}`,
        fix,
      });
      continue;
    }
    for (const chain of chains) {
      const verdict = diagnoseTrustPath({ presented: chain.presented, bundle: certs, publicRoots: [], now, bundleLabel: `${name}=${path}` });
      if (verdict.severity !== 'fault') continue;
      out.push({
        severity: 'warning',
        code: 'ENV_CA_OVERRIDE',
        message: `${name} points at a bundle that cannot verify ${chain.origin}, so ${AFFECTS[name]} would fail there: ${verdict.message}`,
        fix,
      });
    }
  }
  return out;
}
