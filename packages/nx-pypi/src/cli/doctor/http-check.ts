/** One request through the verifying dispatcher; the outcome or the transport error's code. */
import { request, type Dispatcher } from 'undici';
import type { HttpOutcome } from '../../core/config/classify-responses';
import type { HttpTextOutcome } from '../../core/config/classify-write-policy';
import type { Secret } from '../../core/config/credentials';
import { userAgent } from '../../io/http/send-request';

export interface HttpFailure {
  url: string;
  /** E.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE, ERR_TLS_CERT_ALTNAME_INVALID, ECONNREFUSED. */
  code: string;
  message: string;
}

export interface BasicAuth {
  username: string;
  password: Secret;
}

/** Larger answers are not what the doctor asks for (Nexus's repository settings are well under 2 KiB). */
const MAX_TEXT_BYTES = 64 * 1024;

/** `POST` sends an empty body: it asks only whether the URL has an upload route. */
export async function fetchStatus(
  url: string,
  dispatcher: Dispatcher,
  timeoutMs: number,
  auth?: BasicAuth,
  method: 'GET' | 'POST' = 'GET',
): Promise<HttpOutcome | HttpFailure> {
  return send(url, { dispatcher, timeoutMs, auth, method, accept: 'text/html', readBody: false });
}

/** A GET of a JSON API (Nexus's REST API), keeping the body (cut at 64 KiB). */
export async function fetchJsonText(url: string, dispatcher: Dispatcher, timeoutMs: number, auth?: BasicAuth): Promise<HttpTextOutcome | HttpFailure> {
  const r = await send(url, { dispatcher, timeoutMs, auth, method: 'GET', accept: 'application/json', readBody: true });
  return isFailure(r) ? r : { ...r, body: r.body ?? '' };
}

interface SendOptions {
  dispatcher: Dispatcher;
  timeoutMs: number;
  auth?: BasicAuth;
  method: 'GET' | 'POST';
  accept: string;
  readBody: boolean;
}

async function send(url: string, o: SendOptions): Promise<(HttpOutcome & { body?: string }) | HttpFailure> {
  const headers: Record<string, string> = { 'user-agent': `${userAgent()} doctor`, accept: o.accept };
  if (o.auth) headers.authorization = `Basic ${Buffer.from(`${o.auth.username}:${o.auth.password.reveal()}`).toString('base64')}`;
  try {
    const res = await request(url, {
      method: o.method,
      dispatcher: o.dispatcher,
      headers,
      headersTimeout: o.timeoutMs,
      bodyTimeout: o.timeoutMs,
      body: o.method === 'POST' ? '' : undefined,
    });
    const body = o.readBody ? await readText(res.body) : (await res.body.dump(), undefined);
    const location = res.headers.location;
    return { url, status: res.statusCode, location: Array.isArray(location) ? location[0] : location, ...(body === undefined ? {} : { body }) };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { url, code: err.code ?? 'ERROR', message: err.message };
  }
}

async function readText(body: Dispatcher.ResponseData['body']): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size >= MAX_TEXT_BYTES) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_TEXT_BYTES).toString('utf8');
}

export function isFailure(r: HttpOutcome | HttpFailure): r is HttpFailure {
  return 'code' in r;
}
