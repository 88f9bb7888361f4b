/**
 * A connection that failed because of client authentication (mutual TLS), told apart from other
 * failures. Error codes alone rarely say it: a TLS 1.3 server that wants a certificate and gets
 * none may send the alert "certificate required" or just close the connection, and a TLS 1.2
 * OpenSSL server sends "handshake failure", which a cipher mismatch sends too. So the codes are
 * read together with what the client saw of the handshake: whether the server sent a
 * CertificateRequest, and whether a certificate went back (io/tls/dispatcher.ts records it).
 */

/** Client authentication as one connection saw it. */
export interface ClientCertificateExchange {
  /** The server sent a CertificateRequest. */
  requested: boolean;
  /** Subject of the certificate sent in reply; undefined when none was (none configured, or none asked for). */
  sent?: string;
}

export type ClientCertificateFailure =
  /** The server asked for a certificate, got none, and ended the connection. */
  | { kind: 'required' }
  /** The server refused the certificate it got, with this TLS alert. */
  | { kind: 'refused'; alert: string; sent: string };

/** Only a server sends it, and only for a missing client certificate (RFC 8446, 4.4.2.4). */
const CERTIFICATE_REQUIRED = 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED';

/** Alerts a server sends about the client's certificate, as Node names them when it receives one. */
const REFUSAL_ALERTS: Record<string, string> = {
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: 'bad certificate',
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: 'unsupported certificate',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_REVOKED: 'certificate revoked',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: 'certificate expired',
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN: 'certificate unknown',
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: 'unknown CA',
  ERR_SSL_TLSV1_ALERT_ACCESS_DENIED: 'access denied',
};

/** How a server that asked for a certificate ends a connection that brought none. */
const ENDED = new Set(['ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED']);

/** `codes`: Node's codes on the error and its causes; `exchange`: the connection's handshake, when known. */
export function classifyClientCertificateFailure(
  codes: readonly string[],
  exchange: ClientCertificateExchange | undefined,
): ClientCertificateFailure | undefined {
  if (codes.includes(CERTIFICATE_REQUIRED)) return { kind: 'required' };
  if (exchange?.requested && exchange.sent === undefined && codes.some((c) => ENDED.has(c))) return { kind: 'required' };
  if (exchange?.sent !== undefined) {
    const alert = codes.find((c) => c in REFUSAL_ALERTS);
    if (alert) return { kind: 'refused', alert: REFUSAL_ALERTS[alert], sent: exchange.sent };
  }
  return undefined;
}

/** A sentence and a fix for a user; `hostPort` is the server as `host:port`. */
export function describeClientCertificateFailure(failure: ClientCertificateFailure, hostPort: string): { message: string; fix: string } {
  if (failure.kind === 'required') {
    return {
      message: `${hostPort} asks for a TLS client certificate (mutual TLS) and ended the connection without one: no clientCert is configured for this repository`,
      fix: 'Set "clientCert" for the repository in nx-pypi.json (or on the publish target) to the PEM file with your client certificate, and "clientKey" to its private key unless that file holds it too; `nx-pypi doctor` checks them.',
    };
  }
  const why: Record<string, string> = {
    'unknown CA': 'it does not trust the CA that issued the certificate: ask its administrator which CA issues client certificates for it',
    'certificate expired': 'the certificate has expired (or the server clock is off): renew it and point clientCert at the new one',
    'certificate revoked': 'the certificate was revoked: get a new one and point clientCert at it',
  };
  return {
    message: `${hostPort} refused the client certificate ${failure.sent} (TLS alert "${failure.alert}")`,
    fix: `${why[failure.alert] ?? 'ask its administrator whether this certificate may connect, or which one to use'}; \`nx-pypi doctor\` shows the certificate nx-pypi sends.`,
  };
}
