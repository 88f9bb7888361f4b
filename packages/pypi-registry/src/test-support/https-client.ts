/**
 * A plain node:https client for the registry's own tests: trusts only the registry's root CA and
 * returns the raw status line, headers and body, so tests can assert what a real client sees.
 */
import { readFileSync } from 'node:fs';
import { request as httpsRequest, type Agent } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { RunningRegistry } from '../start-registry';

export interface HttpResult {
  status: number;
  reason: string;
  headers: IncomingHttpHeaders;
  body: string;
  bytes: Buffer;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** `user:password` for Basic auth. */
  auth?: string;
  /** Default none: one connection per request. A keep-alive agent shows whether a connection stays usable. */
  agent?: Agent;
  /** Fail with `no answer within <ms> ms` instead of waiting for ever (a server that hangs). */
  timeoutMs?: number;
  /** Default: the registry's own client certificate when it requires one; `null` sends none. */
  clientCertificate?: { cert: string; key: string } | null;
}

/** Sends one request to `path` (absolute, starting at `/`) of a running registry. */
export function send(registry: RunningRegistry, path: string, options: RequestOptions = {}): Promise<HttpResult> {
  const ca = readFileSync(registry.certs.root);
  const own = registry.clientCertificates;
  const client =
    options.clientCertificate === undefined
      ? own && { cert: readFileSync(own.cert, 'utf8'), key: readFileSync(own.key, 'utf8') }
      : (options.clientCertificate ?? undefined);
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { ...options.headers };
    if (options.auth !== undefined) headers['Authorization'] = `Basic ${Buffer.from(options.auth).toString('base64')}`;
    const req = httpsRequest(
      {
        host: '127.0.0.1',
        port: registry.port,
        path,
        method: options.method ?? 'GET',
        headers,
        ca,
        agent: options.agent ?? false,
        servername: 'localhost',
        ...client,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const bytes = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, reason: res.statusMessage ?? '', headers: res.headers, body: bytes.toString('utf8'), bytes });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.timeoutMs !== undefined) {
      // The whole exchange, not only idle time: a server that trickles nothing must still fail.
      const timer = setTimeout(() => req.destroy(new Error(`no answer within ${options.timeoutMs} ms`)), options.timeoutMs);
      req.on('close', () => clearTimeout(timer));
    }
    req.end(options.body);
  });
}

/** Basic credentials of the registry's generated user. */
export function publisherAuth(registry: RunningRegistry): string {
  return `${registry.credentials.username}:${registry.credentials.password}`;
}
