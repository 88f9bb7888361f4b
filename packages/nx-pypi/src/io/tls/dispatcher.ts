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
  /**
   * The repository's `timeoutSeconds` in ms: for the connection, and for silence from the server
   * while a request is sent or an answer awaited (undici refreshes its headers timer on every
   * body chunk written) and while a body is read. undici's defaults, 10 s to connect and 300 s of
   * silence, made a stalled server cost about 25 minutes per file with retries.
   */
  timeoutMs?: number;
}

export function createDispatcher(trust: TrustSettings, options: DispatcherOptions = {}): Agent {
  return new Agent({
    connect: { ca: computeCaList(trust, rootCertificates), rejectUnauthorized: true, timeout: options.timeoutMs },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}
