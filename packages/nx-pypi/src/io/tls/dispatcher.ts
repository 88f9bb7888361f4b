/**
 * The undici dispatcher every nx-pypi HTTP request goes through: it verifies the server against
 * exactly the configured CAs (+ Node's public roots unless `publicRoots: false`). undici passes
 * `connect` to tls.connect, where an explicit `ca` replaces Node's defaults, so the public roots
 * are appended explicitly. Verification is never disabled.
 */
import { rootCertificates } from 'node:tls';
import { Agent } from 'undici';
import { computeCaList, type TrustSettings } from '../../core/tls/trust';

export interface DispatcherOptions {
  /** Socket connect timeout; undici's default is 10 s. */
  connectTimeoutMs?: number;
}

export function createDispatcher(trust: TrustSettings, options: DispatcherOptions = {}): Agent {
  return new Agent({
    connect: { ca: computeCaList(trust, rootCertificates), rejectUnauthorized: true, timeout: options.connectTimeoutMs },
  });
}
