/**
 * One HTTP exchange through the caller's undici dispatcher (which owns TLS trust and the
 * keep-alive pool). Answers come back as data; connection failures as a TransportError sorted by
 * classifyTransportError. No redirect is followed here.
 */
import { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import { classifyTransportError } from '../../core/publish/classify-transport-error';
import { TransportError } from '../../core/publish/errors';
import { redactUrl } from '../../core/publish/redact-url';
import { classifyClientCertificateFailure, describeClientCertificateFailure, type ClientCertificateExchange } from '../../core/tls/client-certificate-failure';
import { readPluginVersion } from '../plugin-version';
import { clientCertificateExchange } from '../tls/dispatcher';

export interface HttpAnswer {
  status: number;
  reason: string;
  /** Lowercase names; a repeated header keeps its first value. */
  headers: Record<string, string>;
  /** The body as UTF-8 text, cut at the caller's limit. */
  body: string;
}

export interface SendOptions {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: AsyncIterable<Uint8Array>;
  dispatcher: Dispatcher;
  /** Bytes of body kept; the rest is read and dropped so the connection can be reused. */
  maxBodyBytes: number;
  signal?: AbortSignal;
}

/**
 * Who is asking, as twine (`twine/4.0.2 ... CPython/3.11.2`) and pip say it: repository managers
 * log it per request, and some proxies and firewalls refuse requests without one.
 */
export function userAgent(): string {
  return `nx-pypi/${readPluginVersion()} node/${process.versions.node}`;
}

/** `url` must carry no userinfo (credentials travel in headers only). */
export async function sendRequest(url: string, options: SendOptions): Promise<HttpAnswer> {
  try {
    const response = await request(url, {
      method: options.method,
      headers: { 'user-agent': userAgent(), ...options.headers },
      body: options.body && Readable.from(options.body, { objectMode: false }),
      dispatcher: options.dispatcher,
      signal: options.signal,
    });
    const chunks: Buffer[] = [];
    let kept = 0;
    for await (const chunk of response.body) {
      const bytes = chunk as Buffer;
      if (kept < options.maxBodyBytes) {
        chunks.push(bytes.subarray(0, options.maxBodyBytes - kept));
        kept += Math.min(bytes.length, options.maxBodyBytes - kept);
      }
    }
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(response.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value[0] : value;
    }
    return { status: response.statusCode, reason: response.statusText ?? '', headers, body: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    throw toTransportError(error, url, clientCertificateExchange(options.dispatcher, url));
  }
}

/**
 * Wraps a connection-level failure; certificate problems point at `nx-pypi doctor`. `exchange`:
 * the client authentication the connection saw (io/tls/dispatcher.ts), which names a server that
 * wants a client certificate even when all it did was close the connection.
 */
export function toTransportError(error: unknown, url: string, exchange?: ClientCertificateExchange): TransportError {
  const shown = redactUrl(url);
  const codes = errorCodes(error);
  const what = `${codes[0] ?? 'error'}: ${describe(error)}`;
  const clientCertificate = classifyClientCertificateFailure(codes, exchange);
  if (clientCertificate) {
    // Not retried: the server answers the same certificate (or none) the same way every time.
    const { message, fix } = describeClientCertificateFailure(clientCertificate, new URL(url).host);
    return new TransportError(`${message} (${shown}: ${what})`, shown, 'tls-protocol', {
      code: clientCertificate.kind === 'required' ? 'TLS_CLIENT_CERTIFICATE_REQUIRED' : 'TLS_CLIENT_CERTIFICATE_REFUSED',
      cause: error,
      hint: fix,
    });
  }
  const kind = classifyTransportError(codes);
  if (kind === 'tls-certificate') {
    return new TransportError(`the TLS certificate of ${shown} is not trusted (${what})`, shown, kind, {
      code: 'TLS_CERTIFICATE',
      cause: error,
      hint: 'run `nx-pypi doctor` to check the CA chain configured for this repository (caBundle / ca in nx-pypi.json)',
    });
  }
  if (kind === 'tls-protocol') {
    return new TransportError(`the TLS handshake with ${shown} failed (${what})`, shown, kind, {
      code: 'TLS_HANDSHAKE',
      cause: error,
      hint: 'check the URL scheme (https:// against a plain-HTTP port fails this way) and run `nx-pypi doctor`',
    });
  }
  if (codes.some((code) => TIMEOUT_CODES.has(code))) {
    return new TransportError(`${shown} did not answer in time (${what})`, shown, kind, {
      code: 'NETWORK_TIMEOUT',
      cause: error,
      hint: 'the repository stalled for longer than its timeoutSeconds (default 30): check that it is up, or raise "timeoutSeconds" for the repository in nx-pypi.json',
    });
  }
  return new TransportError(`could not reach ${shown} (${what})`, shown, kind, {
    code: kind === 'retryable' ? 'NETWORK_UNAVAILABLE' : 'NETWORK_ERROR',
    cause: error,
    hint: 'check the URL, the network and that the repository is up',
  });
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

// Codes from the error, its `cause` chain and AggregateError members (undici wraps socket errors).
function errorCodes(error: unknown, seen = new Set<unknown>()): string[] {
  if (error === null || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const own = (error as { code?: unknown }).code;
  const codes = typeof own === 'string' ? [own] : [];
  codes.push(...errorCodes((error as { cause?: unknown }).cause, seen));
  const members = (error as { errors?: unknown }).errors;
  if (Array.isArray(members)) for (const member of members) codes.push(...errorCodes(member, seen));
  return codes;
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : '';
  return redactUrl(cause && cause !== message ? `${message}: ${cause}` : message);
}
