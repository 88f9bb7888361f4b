import { timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A remote cache server for Nx's self-hosted cache client (`NX_SELF_HOSTED_REMOTE_CACHE_SERVER`),
 * as Nx's OpenAPI specification for one describes it (nx.dev/docs/guides/tasks--caching/self-hosted-caching):
 * `PUT /v1/cache/{hash}` stores a task's outputs (a tar archive, as bytes), `GET /v1/cache/{hash}`
 * returns them; a bearer token on both. PUT answers 200, 401 without a valid token, 403 for a
 * read-only token, 409 when the hash is stored already (a record is never overwritten); GET
 * answers 200 with the bytes, 401, or 404. Blobs live in memory; it listens on 127.0.0.1 only.
 */
export interface CacheRequest {
  method: string;
  hash: string | undefined;
  status: number;
  /** Request body size (PUT) or response body size (GET 200). */
  bytes: number;
}

export interface RemoteCacheServer {
  /** The base URL for `NX_SELF_HOSTED_REMOTE_CACHE_SERVER` (Nx appends `/v1/cache/<hash>`). */
  url: string;
  /** Every request answered so far, in order. */
  requests(): CacheRequest[];
  /** The hashes stored. */
  hashes(): string[];
  /** The archive stored under `hash`, as Nx sent it (a gzipped tar). */
  blob(hash: string): Buffer | undefined;
  close(): Promise<void>;
}

export interface RemoteCacheServerOptions {
  /** Read and write. */
  token: string;
  /** Read only: a PUT with it is refused with 403. */
  readOnlyToken?: string;
}

const CACHE_PATH = /^\/v1\/cache\/([A-Za-z0-9_-]+)$/;

export async function startRemoteCacheServer(options: RemoteCacheServerOptions): Promise<RemoteCacheServer> {
  const blobs = new Map<string, Buffer>();
  const log: CacheRequest[] = [];

  const answer = (res: ServerResponse, record: CacheRequest, status: number, body: string | Buffer = '') => {
    record.status = status;
    if (typeof body === 'string') {
      res.writeHead(status, { 'content-type': 'text/plain' });
    } else {
      record.bytes = body.length;
      res.writeHead(status, { 'content-type': 'application/octet-stream', 'content-length': body.length });
    }
    res.end(body);
    log.push(record);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const match = CACHE_PATH.exec(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    const record: CacheRequest = { method: req.method ?? '', hash: match?.[1], status: 0, bytes: 0 };
    const body = await readBody(req);
    if (!match) return answer(res, record, 404, 'Not found');
    const access = accessOf(req.headers.authorization, options);
    if (access === 'none') return answer(res, record, 401, 'Missing or invalid authentication token.');
    const hash = match[1];
    if (req.method === 'GET') {
      const blob = blobs.get(hash);
      return blob ? answer(res, record, 200, blob) : answer(res, record, 404, 'The record was not found');
    }
    if (req.method === 'PUT') {
      record.bytes = body.length;
      if (access === 'read') return answer(res, record, 403, 'Access forbidden: this token is read-only.');
      const declared = Number(req.headers['content-length']);
      if (!Number.isInteger(declared) || declared !== body.length) return answer(res, record, 400, 'Missing or invalid Content-Length header.');
      if (blobs.has(hash)) return answer(res, record, 409, 'Cannot override an existing record');
      blobs.set(hash, body);
      return answer(res, record, 200);
    }
    res.setHeader('allow', 'GET, PUT');
    return answer(res, record, 405, 'Method not allowed');
  };

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('Internal error');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests: () => log.map((r) => ({ ...r })),
    hashes: () => [...blobs.keys()],
    blob: (hash) => blobs.get(hash),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function accessOf(header: string | undefined, options: RemoteCacheServerOptions): 'write' | 'read' | 'none' {
  const token = /^Bearer (.+)$/.exec(header ?? '')?.[1];
  if (token === undefined) return 'none';
  if (sameText(token, options.token)) return 'write';
  if (options.readOnlyToken !== undefined && sameText(token, options.readOnlyToken)) return 'read';
  return 'none';
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
