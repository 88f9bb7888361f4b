/**
 * GETs from a proxy's upstream with node:https and that proxy's own trust: no global TLS setting
 * is read or changed. Credentials go to the upstream's origin only, never to a host a redirect or a
 * file link points at, and never into a message. Redirects are followed (PyPI redirects
 * unnormalized project names), but never from https to anything else.
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { request } from 'node:https';
import { pipeline } from 'node:stream/promises';

export interface UpstreamConnection {
  /** `https://host:port` of the configured remote URL: the only origin that receives credentials. */
  origin: string;
  /** `Basic …`, when the proxy has credentials. */
  authorization?: string;
  /** PEM certificates replacing the default roots; undefined: Node's defaults. */
  ca?: string;
  /** No answer, or no data for this long, fails the request. */
  timeoutMs: number;
}

/** The upstream could not be asked, or answered something unusable: the proxy's 502. */
export class UpstreamError extends Error {}

export interface UpstreamPage {
  status: number;
  /** The URL that answered, after redirects: links on the page are relative to it. */
  url: string;
  contentType?: string;
  body: string;
}

export interface UpstreamDownload {
  status: number;
  url: string;
  size: number;
  /** Hex digests of the bytes written, by algorithm. */
  digests: Record<string, string>;
}

const MAX_REDIRECTS = 5;
/** Index pages are held in memory: PyPI's root page is tens of MB, anything past this is not a page. */
const MAX_PAGE_BYTES = 256 * 1024 * 1024;
/** Algorithms node computes that an index may name (PEP 503 allows any hashlib guaranteed one). */
export const DIGEST_ALGORITHMS = ['sha256', 'md5', 'sha1', 'sha224', 'sha384', 'sha512'] as const;

/** GETs a page; the body of a non-200 answer is not kept. */
export async function fetchPage(connection: UpstreamConnection, url: string, accept: string): Promise<UpstreamPage> {
  const { response, url: finalUrl } = await get(connection, url, accept);
  if (response.statusCode !== 200) {
    response.resume();
    return { status: response.statusCode ?? 0, url: finalUrl, body: '' };
  }
  const chunks: Buffer[] = [];
  let length = 0;
  try {
    for await (const chunk of response as AsyncIterable<Buffer>) {
      length += chunk.length;
      if (length > MAX_PAGE_BYTES) {
        response.destroy();
        throw new UpstreamError(`${finalUrl} answered a page larger than ${MAX_PAGE_BYTES} bytes`);
      }
      chunks.push(chunk);
    }
  } catch (error) {
    throw error instanceof UpstreamError ? error : new UpstreamError(`reading ${finalUrl} failed: ${describe(error)}`);
  }
  return { status: 200, url: finalUrl, contentType: response.headers['content-type'], body: Buffer.concat(chunks).toString('utf8') };
}

/** GETs a file into `path`, hashing it on the way; nothing is left at `path` unless the answer is a complete 200. */
export async function downloadFile(connection: UpstreamConnection, url: string, path: string): Promise<UpstreamDownload> {
  const { response, url: finalUrl } = await get(connection, url, '*/*');
  if (response.statusCode !== 200) {
    response.resume();
    return { status: response.statusCode ?? 0, url: finalUrl, size: 0, digests: {} };
  }
  const hashes = new Map<string, Hash>(DIGEST_ALGORITHMS.map((algorithm) => [algorithm, createHash(algorithm)]));
  let size = 0;
  response.on('data', (chunk: Buffer) => {
    size += chunk.length;
    for (const hash of hashes.values()) hash.update(chunk);
  });
  try {
    await pipeline(response, createWriteStream(path));
  } catch (error) {
    await rm(path, { force: true });
    throw new UpstreamError(`downloading ${finalUrl} failed: ${describe(error)}`);
  }
  const expected = Number(response.headers['content-length']);
  if (Number.isInteger(expected) && expected !== size) {
    await rm(path, { force: true });
    throw new UpstreamError(`downloading ${finalUrl} failed: ${size} bytes received, Content-Length said ${expected}`);
  }
  const digests = Object.fromEntries([...hashes].map(([algorithm, hash]) => [algorithm, hash.digest('hex')]));
  return { status: 200, url: finalUrl, size, digests };
}

async function get(connection: UpstreamConnection, url: string, accept: string): Promise<{ response: IncomingMessage; url: string }> {
  let current = url;
  for (let hop = 0; ; hop++) {
    const response = await getOnce(connection, current, accept);
    const location = response.headers.location;
    if (![301, 302, 303, 307, 308].includes(response.statusCode ?? 0) || location === undefined) return { response, url: current };
    response.resume();
    if (hop === MAX_REDIRECTS) throw new UpstreamError(`${url} redirected more than ${MAX_REDIRECTS} times`);
    const next = new URL(location, current);
    if (next.protocol !== 'https:') throw new UpstreamError(`${current} redirected to a non-https URL (${next.protocol}//${next.host})`);
    current = next.href;
  }
}

function getOnce(connection: UpstreamConnection, url: string, accept: string): Promise<IncomingMessage> {
  const target = new URL(url);
  const headers: Record<string, string> = { Accept: accept, 'User-Agent': 'pypi-registry-proxy' };
  if (connection.authorization && target.origin === connection.origin) headers['Authorization'] = connection.authorization;
  return new Promise((resolve, reject) => {
    const req = request(target, { method: 'GET', headers, agent: false, ...(connection.ca !== undefined && { ca: connection.ca }) }, (response) => {
      // From here on the caller owns the response; a stall while it reads still ends it.
      response.setTimeout(connection.timeoutMs, () => response.destroy(new Error(`no data for ${connection.timeoutMs} ms`)));
      resolve(response);
    });
    req.setTimeout(connection.timeoutMs, () => req.destroy(new Error(`no answer within ${connection.timeoutMs} ms`)));
    req.on('error', (error) => reject(new UpstreamError(`cannot GET ${url}: ${describe(error)}`)));
    req.end();
  });
}

/** The error's message with its code (ECONNREFUSED, UNABLE_TO_VERIFY_LEAF_SIGNATURE …) when that adds something. */
function describe(error: unknown): string {
  const { message, code } = error as NodeJS.ErrnoException;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}
