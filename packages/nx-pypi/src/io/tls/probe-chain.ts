/**
 * Captures the certificate chain a server sends, for `nx-pypi doctor`. The probe trusts nothing
 * (`ca: []`) and does not reject, because it must see a broken chain to explain it; it sends no
 * application data (no request, no credentials) and closes right after the handshake. Whether the
 * chain is acceptable is decided by core/tls/diagnose-chain and by the verifying request that
 * follows through createDispatcher. An empty `ca` also keeps Node from appending issuers from its
 * store to getPeerCertificate(true), so the list is what the server really sent.
 *
 * A configured client certificate is presented when the server asks for one, as every later
 * request does: a TLS 1.2 server that requires one ends the handshake before anything can be seen
 * otherwise. Only the certificate travels (it is public); the key signs this handshake and no more.
 * Whether the server asked is part of the result, also of a failure.
 */
import { X509Certificate } from 'node:crypto';
import { isIP } from 'node:net';
import { connect, type DetailedPeerCertificate } from 'node:tls';
import type { ClientCertificate } from '../../core/tls/client-certificate';
import type { ClientCertificateExchange } from '../../core/tls/client-certificate-failure';
import { formatDn } from '../../core/tls/describe';
import { readExchange } from './read-exchange';

export interface ProbedChain {
  host: string;
  port: number;
  /** As sent by the server, leaf first. */
  presented: X509Certificate[];
  /** Negotiated protocol, e.g. `TLSv1.3`. */
  protocol: string | null;
  /** Whether the server asked for a client certificate, and which one went back. */
  clientCertificate: ClientCertificateExchange;
}

export class ProbeError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** Client authentication as far as the handshake got. */
    readonly clientCertificate?: ClientCertificateExchange,
  ) {
    super(message);
  }
}

export function probeChain(url: URL, timeoutMs = 10_000, clientCertificate?: ClientCertificate): Promise<ProbedChain> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port || 443);
  const sent = clientCertificate && formatDn(clientCertificate.leaf.subject);
  return new Promise((resolve, reject) => {
    const socket = connect({
      host,
      port,
      servername: isIP(host) ? undefined : host,
      ca: [],
      rejectUnauthorized: false,
      ALPNProtocols: ['http/1.1'],
      ...(clientCertificate && { cert: clientCertificate.certPem, key: clientCertificate.key.reveal() }),
    });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new ProbeError(`no TLS handshake with ${host}:${port} within ${timeoutMs} ms`, 'ETIMEDOUT'));
    }, timeoutMs);
    socket.once('secureConnect', () => {
      clearTimeout(timer);
      const presented = collectChain(socket.getPeerCertificate(true));
      const protocol = socket.getProtocol();
      const exchange = readExchange(socket, sent);
      socket.end();
      socket.destroy();
      resolve({ host, port, presented, protocol, clientCertificate: exchange });
    });
    socket.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const exchange = readExchange(socket, sent);
      socket.destroy();
      reject(new ProbeError(`cannot open a TLS connection to ${host}:${port}: ${err.message}`, err.code, exchange));
    });
  });
}

function collectChain(peer: DetailedPeerCertificate): X509Certificate[] {
  const out: X509Certificate[] = [];
  const seen = new Set<string>();
  for (let c: DetailedPeerCertificate | undefined = peer; c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256);
    out.push(new X509Certificate(c.raw));
  }
  return out;
}
