/** One GET through the verifying dispatcher; the outcome or the transport error's code. */
import { request, type Dispatcher } from 'undici';
import type { HttpOutcome } from '../../core/config/classify-responses';
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

/** `POST` sends an empty body: it asks only whether the URL has an upload route. */
export async function fetchStatus(url: string, dispatcher: Dispatcher, timeoutMs: number, auth?: BasicAuth, method: 'GET' | 'POST' = 'GET'): Promise<HttpOutcome | HttpFailure> {
  const headers: Record<string, string> = { 'user-agent': `${userAgent()} doctor`, accept: 'text/html' };
  if (auth) headers.authorization = `Basic ${Buffer.from(`${auth.username}:${auth.password.reveal()}`).toString('base64')}`;
  try {
    const res = await request(url, { method, dispatcher, headers, headersTimeout: timeoutMs, bodyTimeout: timeoutMs, body: method === 'POST' ? '' : undefined });
    await res.body.dump();
    const location = res.headers.location;
    return { url, status: res.statusCode, location: Array.isArray(location) ? location[0] : location };
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { url, code: err.code ?? 'ERROR', message: err.message };
  }
}

export function isFailure(r: HttpOutcome | HttpFailure): r is HttpFailure {
  return 'code' in r;
}
