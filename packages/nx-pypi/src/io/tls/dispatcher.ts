/**
 * The undici dispatcher every nx-pypi HTTP request goes through: it verifies the server against
 * exactly the configured CAs (+ Node's public roots unless `publicRoots: false`). undici passes
 * `connect` to tls.connect, where an explicit `ca` replaces Node's defaults, so the public roots
 * are appended explicitly. Verification is never disabled.
 *
 * With a client certificate configured it is presented to servers that ask for one (mutual TLS).
 * Each TLS connection's client authentication is recorded per origin (did the server send a
 * CertificateRequest, did a certificate go back), because a server that wants a certificate and
 * gets none often just closes the connection, and undici then reports "other side closed":
 * clientCertificateExchange() lets the caller name the real cause.
 */
import type { TLSSocket } from 'node:tls';
import { rootCertificates } from 'node:tls';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { ClientCertificate } from '../../core/tls/client-certificate';
import type { ClientCertificateExchange } from '../../core/tls/client-certificate-failure';
import { formatDn } from '../../core/tls/describe';
import { computeCaList, type TrustSettings } from '../../core/tls/trust';
import { readExchange } from './read-exchange';

export interface DispatcherOptions {
  /**
   * The repository's `timeoutSeconds` in ms: for the connection, and for silence from the server
   * while a request is sent or an answer awaited (undici refreshes its headers timer on every
   * body chunk written) and while a body is read. undici's defaults, 10 s to connect and 300 s of
   * silence, made a stalled server cost about 25 minutes per file with retries.
   */
  timeoutMs?: number;
  /** The repository's client certificate and key (clientCert / clientKey), for servers that ask for one. */
  clientCertificate?: ClientCertificate;
}

/** Per dispatcher: origin -> client authentication of its latest TLS connection. */
const exchanges = new WeakMap<Dispatcher, Map<string, ClientCertificateExchange>>();

export function createDispatcher(trust: TrustSettings, options: DispatcherOptions = {}): Agent {
  const client = options.clientCertificate;
  const connect = buildConnector({
    ca: computeCaList(trust, rootCertificates),
    rejectUnauthorized: true,
    timeout: options.timeoutMs,
    ...(client && { cert: client.certPem, key: client.key.reveal() }),
  });
  const seen = new Map<string, ClientCertificateExchange>();
  const sent = client && formatDn(client.leaf.subject);
  const agent = new Agent({
    connect: (opts, callback) => {
      // buildConnector returns the socket it opens (undici lib/core/connect.js), though its type says void:
      // a failed handshake reaches the callback without it, and the handshake is read from the socket.
      const socket = (connect as unknown as (...args: Parameters<typeof connect>) => TLSSocket)(opts, (...args) => {
        if (opts.protocol === 'https:') seen.set(`${opts.protocol}//${opts.host}`, readExchange(socket, sent));
        callback(...args);
      });
    },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
  exchanges.set(agent, seen);
  return agent;
}

/** Client authentication on the latest TLS connection `dispatcher` opened to `url`'s origin; undefined when unknown. */
export function clientCertificateExchange(dispatcher: Dispatcher, url: string): ClientCertificateExchange | undefined {
  return exchanges.get(dispatcher)?.get(new URL(url).origin);
}
