/**
 * Sorts connection-level failures by their error codes (Node's `code` on the error or on its
 * `cause` chain): certificate problems are never retried (the same chain fails the same way
 * every time), transient network trouble is.
 */

export type TransportFailureKind = 'tls-certificate' | 'tls-protocol' | 'retryable' | 'fatal';

// OpenSSL verify results as Node reports them, plus Node's own hostname check.
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CERT_REVOKED',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_CHAIN_TOO_LONG',
  'INVALID_CA',
  'INVALID_PURPOSE',
  'PATH_LENGTH_EXCEEDED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const RETRYABLE_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Classifies by the codes found on an error and its causes, outermost first. */
export function classifyTransportError(codes: readonly string[]): TransportFailureKind {
  if (codes.some((code) => CERTIFICATE_CODES.has(code))) return 'tls-certificate';
  // A TLS handshake failure that is not about the certificate (wrong protocol, http:// port
  // answered with TLS or the reverse) is a configuration problem: retrying cannot fix it.
  if (codes.some((code) => code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_'))) return 'tls-protocol';
  if (codes.some((code) => RETRYABLE_CODES.has(code))) return 'retryable';
  return 'fatal';
}
