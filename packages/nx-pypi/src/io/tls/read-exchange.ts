/** What one TLS connection saw of client authentication (mutual TLS). */
import type { TLSSocket } from 'node:tls';
import type { ClientCertificateExchange } from '../../core/tls/client-certificate-failure';

/**
 * On a client, OpenSSL fills the shared signature algorithms from the server's CertificateRequest
 * (its signature_algorithms) and from nothing else: a non-empty list means one was sent, in TLS
 * 1.2 and 1.3 alike, also when the handshake then failed. OpenSSL answers a request with the
 * configured certificate whenever there is one, so `sent` is its subject then.
 */
export function readExchange(socket: TLSSocket, sent: string | undefined): ClientCertificateExchange {
  let requested = false;
  try {
    requested = socket.getSharedSigalgs().length > 0;
  } catch {
    // A connection that never got to TLS has no handshake to read.
  }
  return { requested, sent: requested ? sent : undefined };
}
