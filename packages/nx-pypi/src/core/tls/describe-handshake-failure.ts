/**
 * A TLS handshake answered by something that is not TLS. OpenSSL reports it as "wrong version
 * number" (or "packet length too long", "unknown protocol"): the bytes it read were an HTTP
 * response, not a TLS record. That wording names no cause a user can act on, so the doctor says
 * what it means instead (issue 14, item 12).
 */
import type { Finding } from '../config/classify-responses';

const NOT_TLS_CODES = new Set(['ERR_SSL_WRONG_VERSION_NUMBER', 'ERR_SSL_PACKET_LENGTH_TOO_LONG', 'ERR_SSL_UNKNOWN_PROTOCOL', 'ERR_SSL_HTTP_REQUEST']);
const NOT_TLS_TEXT = /wrong version number|packet length too long|unknown protocol|http request/i;

/** A finding for a handshake that met plain HTTP; undefined for other connection failures. */
export function describeHandshakeFailure(hostPort: string, code: string | undefined, message: string): Finding | undefined {
  if (!(code && NOT_TLS_CODES.has(code)) && !NOT_TLS_TEXT.test(message)) return undefined;
  return {
    severity: 'fault',
    code: 'NOT_TLS',
    message: `${hostPort} does not speak TLS: the URL says https://, but the server answered the handshake with something else, most likely plain HTTP`,
    fix: "Use the port where Nexus or its reverse proxy serves HTTPS (Nexus's own port 8081 is plain HTTP), or ask the administrator which one it is; http:// is refused for credentials except on a loopback test registry with allowHttpLoopback.",
  };
}
