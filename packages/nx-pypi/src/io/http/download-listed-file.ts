/**
 * Downloads a file an index lists into a local path: streamed to disk with a size cap, and hashed
 * on the way so the bytes kept are the bytes the index lists (not a file another run put there
 * after the page was read). Credentials go to the index's origin only, as for page reads
 * (fetch-project-index.ts); a file served from another origin, or a redirect to one (a CDN, the
 * blob store behind a repository manager), is fetched without them, as pip does. At most 5
 * redirects are followed.
 */
import { open } from 'node:fs/promises';
import { request, type Dispatcher } from 'undici';
import { computeBasicAuthorization, type Credentials } from '../../core/publish/credentials';
import { IndexReadError } from '../../core/publish/errors';
import { NxPypiError } from '../../errors';
import { redactUrl } from '../../core/publish/redact-url';
import { isRetryableStatus, parseRetryAfter } from '../../core/publish/retry-policy';
import { createDigest } from '../artifact/hash-file';
import { toTransportError, userAgent } from './send-request';
import { clientCertificateExchange } from '../tls/dispatcher';

export interface DownloadOptions {
  dispatcher: Dispatcher;
  credentials?: Credentials;
  /** The origin the index page was read from: the only one credentials are sent to. */
  credentialsOrigin: string;
  /** Bytes past which the download stops with DOWNLOAD_TOO_LARGE. */
  maxBytes: number;
  /** The digest the index lists for the file, in the index's spelling (`sha256`, `md5`, `blake2b_256`). */
  expected: { algorithm: string; digest: string };
  signal?: AbortSignal;
  /** For Retry-After dates; default Date.now. */
  now?: () => number;
}

const MAX_REDIRECTS = 5;

/** Writes the file at `url` to `destination` (created or truncated). Throws IndexReadError or TransportError. */
export async function downloadListedFile(url: string, destination: string, options: DownloadOptions): Promise<void> {
  let current = url;
  for (let redirects = 0; ; redirects++) {
    const sameOrigin = new URL(current).origin === options.credentialsOrigin;
    const headers: Record<string, string> = { 'user-agent': userAgent() };
    if (options.credentials && sameOrigin) headers.authorization = computeBasicAuthorization(options.credentials);
    let response: Dispatcher.ResponseData;
    try {
      response = await request(current, { method: 'GET', headers, dispatcher: options.dispatcher, signal: options.signal });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      // The same clientCert diagnosis as every other request through this dispatcher.
      throw toTransportError(error, current, clientCertificateExchange(options.dispatcher, current));
    }
    const shown = redactUrl(current);
    const location = header(response.headers.location);
    if (response.statusCode >= 300 && response.statusCode < 400 && location) {
      await response.body.dump();
      if (redirects >= MAX_REDIRECTS) {
        throw new IndexReadError(`${redactUrl(url)} redirects more than ${MAX_REDIRECTS} times`, shown, {
          code: 'DOWNLOAD_TOO_MANY_REDIRECTS',
          hint: 'the repository redirects in a loop; check it serves the files its index lists',
        });
      }
      current = new URL(location, current).toString();
      continue;
    }
    if (response.statusCode !== 200) {
      await response.body.dump();
      throw statusError(response.statusCode, shown, sameOrigin, options, header(response.headers['retry-after']));
    }
    const declared = Number(header(response.headers['content-length']));
    if (Number.isFinite(declared) && declared > options.maxBytes) {
      response.body.destroy();
      throw tooLarge(shown, options.maxBytes);
    }
    await saveBody(response.body, destination, shown, options);
    return;
  }
}

async function saveBody(body: Dispatcher.ResponseData['body'], destination: string, shown: string, options: DownloadOptions): Promise<void> {
  const digest = await createDigest(options.expected.algorithm);
  if (!digest) {
    body.destroy();
    throw new IndexReadError(`cannot compute ${options.expected.algorithm}, the hash the index lists for ${shown}`, shown, {
      code: 'INDEX_NO_HASH',
      hint: "point hostedIndexUrl at the hosted repository's own /simple/ index, which lists sha256",
    });
  }
  const file = await open(destination, 'w').catch((error: unknown) => {
    throw writeFailed(destination, error);
  });
  let received = 0;
  try {
    for await (const chunk of body) {
      const bytes = chunk as Buffer;
      received += bytes.length;
      if (received > options.maxBytes) {
        body.destroy();
        throw tooLarge(shown, options.maxBytes);
      }
      digest.update(bytes);
      await file.write(bytes).catch((error: unknown) => {
        throw writeFailed(destination, error);
      });
    }
  } catch (error) {
    // Ours pass; anything else while reading the body is the connection failing (reset, timeout).
    if (error instanceof NxPypiError || options.signal?.aborted) throw error;
    throw toTransportError(error, shown);
  } finally {
    await file.close();
  }
  const actual = digest.digest();
  if (actual !== options.expected.digest) {
    throw new IndexReadError(`${shown} sent a file with ${options.expected.algorithm}=${actual}, not the ${options.expected.digest} its index lists`, shown, {
      code: 'DOWNLOAD_DIGEST_MISMATCH',
      hint: 'the file was replaced after the index was read (another run publishing the same version?), or something between here and the repository altered it; publish again',
    });
  }
}

function writeFailed(destination: string, error: unknown): NxPypiError {
  return new NxPypiError(`could not write a download to ${destination}: ${(error as Error).message}`, {
    code: 'DOWNLOAD_WRITE_FAILED',
    location: { file: destination },
    hint: 'the temporary directory (TMPDIR) must be writable, with room for the file',
    cause: error,
  });
}

function tooLarge(shown: string, maxBytes: number): IndexReadError {
  return new IndexReadError(`${shown} is larger than ${maxBytes} bytes, the most read of it`, shown, { code: 'DOWNLOAD_TOO_LARGE' });
}

function statusError(status: number, shown: string, sameOrigin: boolean, options: DownloadOptions, retryAfter: string | undefined): IndexReadError {
  if (status === 401 || status === 403) {
    const who = !options.credentials
      ? 'no credentials were sent'
      : sameOrigin
        ? `user "${options.credentials.username}" with the password from ${options.credentials.source}`
        : `no credentials were sent: they go only to ${options.credentialsOrigin}, where the index is`;
    return new IndexReadError(`${shown} refused the download (${status}): ${who}`, shown, {
      code: status === 401 ? 'DOWNLOAD_UNAUTHORIZED' : 'DOWNLOAD_FORBIDDEN',
      hint: sameOrigin
        ? 'the user needs read access to the hosted repository (nx-repository-view-pypi-<hosted>-read on Nexus)'
        : 'the index lists its files on another server, which asks for a login; point hostedIndexUrl at the repository that serves its own files',
    });
  }
  const retryable = isRetryableStatus(status);
  return new IndexReadError(`${shown} answered ${status} to the download of a file its index lists`, shown, {
    code: status === 404 ? 'DOWNLOAD_NOT_FOUND' : 'DOWNLOAD_HTTP_ERROR',
    hint: retryable
      ? 'the repository is failing or busy; try again later'
      : status === 404
        ? 'the file was removed after the index was read, or the index lists a wrong URL; publish again'
        : "check that hostedIndexUrl is the hosted repository's /simple/ index",
    retryable,
    retryAfterMs: parseRetryAfter(retryAfter, (options.now ?? Date.now)()),
  });
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
