/**
 * What an upload's HTTP answer means. The Nexus redeploy refusal and 409 are not trusted as text:
 * they send the caller back to the index, which decides between "already there, identical" and an
 * immutability error. Messages name the user and where the password came from, never the password.
 * Status catalogue: NEXUS-PYPI.md section 1.5.
 */
import { UploadRejectedError } from './errors';
import { computeForbiddenHint, describeForbiddenUser } from './forbidden-hint';
import { isRetryableStatus, parseRetryAfter } from './retry-policy';

/** The parts of an HTTP response the classification reads. `body` may be truncated. */
export interface UploadResponse {
  status: number;
  /** The HTTP/1.1 reason phrase; Nexus puts its message here, HTTP/2 and proxies drop it. */
  reason: string;
  body: string;
  location?: string;
  retryAfter?: string;
}

export interface UploadContext {
  filename: string;
  /** The upload URL, already redacted. */
  url: string;
  username?: string;
  /** Where the password came from, e.g. `environment variable NEXUS_PASSWORD`. Never the password. */
  passwordSource?: string;
}

export type UploadVerdict =
  | { kind: 'stored' }
  /** 409 or a redeploy refusal: re-check the index to decide. */
  | { kind: 'check-index'; detail: string }
  | { kind: 'retry'; detail: string; retryAfterMs?: number }
  | { kind: 'rejected'; error: UploadRejectedError };

const REDEPLOY_REFUSAL = /does not allow updating assets|cannot be updated|already exists?/i;

export function classifyUploadResponse(response: UploadResponse, context: UploadContext, nowMs: number): UploadVerdict {
  const { status } = response;
  if (status >= 200 && status < 300) return { kind: 'stored' };
  const detail = `${status} ${extractServerMessage(response)}`.trim();
  if (status === 409 || (status === 400 && REDEPLOY_REFUSAL.test(`${response.reason}\n${response.body}`))) {
    return { kind: 'check-index', detail };
  }
  if (isRetryableStatus(status)) return { kind: 'retry', detail, retryAfterMs: parseRetryAfter(response.retryAfter, nowMs) };
  return { kind: 'rejected', error: describeUploadFailure(response, context) };
}

/**
 * The error for a failed upload response, with the next step for each known cause. `stoppedBecause`
 * says why retries ended early (a Retry-After longer than maxDelayMs), shown after the status.
 */
export function describeUploadFailure(response: UploadResponse, context: UploadContext, attempts = 1, stoppedBecause?: string): UploadRejectedError {
  const { status } = response;
  const { filename, url } = context;
  const server = extractServerMessage(response);
  const said = server ? `: ${server}` : '';
  const tries = attempts > 1 ? `, after ${attempts} attempts` : '';
  const fail = (code: string, message: string, hint: string): UploadRejectedError => new UploadRejectedError(message, url, status, { code, hint });

  if (status >= 300 && status < 400) {
    const to = response.location ? ` to ${redactLocation(response.location)}` : '';
    return fail(
      'UPLOAD_REDIRECTED',
      `${url} answered the upload of ${filename} with a redirect (${status}${to})`,
      'uploads are never redirected: the URL probably lacks its trailing slash; use the hosted repository URL ending in "/" (…/repository/<hosted>/)',
    );
  }
  if (status === 401) {
    const message = context.username
      ? `${url} refused the credentials for ${filename} (401): user "${context.username}" with the password from ${context.passwordSource ?? 'the configuration'}`
      : `${url} requires a login to upload ${filename} (401): no credentials were sent`;
    return fail(
      'UPLOAD_UNAUTHORIZED',
      message,
      context.username
        ? `check the username and the password in ${context.passwordSource ?? 'the configuration'}; a Nexus user token is sent as username and password`
        : 'set usernameEnv and passwordEnv for this repository in nx-pypi.json and export those variables',
    );
  }
  if (status === 403) {
    return fail(
      'UPLOAD_FORBIDDEN',
      `${describeForbiddenUser(context)} may not upload ${filename} to ${url} (403)${said}`,
      computeForbiddenHint({ ...context, repository: repositoryName(url), action: 'add' }),
    );
  }
  if (status === 429) {
    const stopped = stoppedBecause ? `; ${stoppedBecause}` : '';
    return fail(
      'UPLOAD_RATE_LIMITED',
      `${url} refused ${filename}: too many requests (429${tries})${stopped}`,
      'the repository or a proxy in front of it limits the request rate: publish again later (files already uploaded are skipped), or raise retry.maxDelayMs in the publish target options to wait as long as the server asks',
    );
  }
  if (status === 404 && /Detected content type|Content type could not be determined/i.test(server)) {
    return fail(
      'UPLOAD_CONTENT_INVALID',
      `${url} refused ${filename}: its bytes are not what its name says (404)${said}`,
      'rebuild the artifact: Nexus strict content validation checks that a .whl is a zip and a .tar.gz is gzip',
    );
  }
  if (status === 404) {
    return fail(
      'UPLOAD_NOT_FOUND',
      `${url} has no upload endpoint for ${filename} (404)${said}`,
      'upload to uploadUrl, the hosted one (…/repository/<hosted>/): group and proxy repositories, /simple/ URLs and unknown repository names answer 404',
    );
  }
  if (status === 405) {
    return fail(
      'UPLOAD_METHOD_NOT_ALLOWED',
      `${url} does not accept uploads (405)${said}`,
      'is this the simple index URL instead of the upload URL? Set uploadUrl to the hosted repository URL',
    );
  }
  if (status === 413) {
    return fail(
      'UPLOAD_TOO_LARGE',
      `${url} refused ${filename} as too large (413)${said}`,
      'a proxy in front of the repository limits the body size (e.g. nginx client_max_body_size); raise that limit',
    );
  }
  if (status === 400 && /must have another '\/'/.test(server)) {
    return fail('UPLOAD_URL_NO_SLASH', `${url} refused ${filename} (400)${said}`, 'end uploadUrl with "/" (…/repository/<hosted>/)');
  }
  if (status === 400 && /read.only/i.test(server)) {
    return fail(
      'UPLOAD_READ_ONLY',
      `${url} is read-only and refused ${filename} (400)${said}`,
      'set the hosted repository\'s deployment policy to "Disable redeploy", or upload to another repository',
    );
  }
  if (status === 400 && /Digests do not match/i.test(server)) {
    return fail(
      'UPLOAD_DIGEST_MISMATCH',
      `${url} received other bytes than ${filename} (400)${said}`,
      'the file changed while it was uploaded, or a proxy altered the body; rebuild and publish again',
    );
  }
  if (status >= 500) {
    return fail(
      'UPLOAD_SERVER_ERROR',
      `${url} failed to store ${filename} (${status}${tries})${said}`,
      'the repository is failing or offline; check its status and logs, then publish again (files already uploaded are skipped)',
    );
  }
  return fail(
    'UPLOAD_REJECTED',
    `${url} refused ${filename} (${status}${tries})${said}`,
    "read the server's message above; files already uploaded are skipped when you publish again",
  );
}

/**
 * The server's own words: Nexus's error page puts them in `<div class="content-section">` and
 * in the reason phrase; anything else gets its body's text, shortened.
 */
export function extractServerMessage(response: Pick<UploadResponse, 'reason' | 'body'>): string {
  const section = /<div class="content-section">([\s\S]*?)<\/div>/i.exec(response.body);
  if (section) return collapse(decodeBasicEntities(section[1]));
  const reason = response.reason.trim();
  if (reason && !GENERIC_REASONS.has(reason.toLowerCase())) return reason;
  const text = collapse(decodeBasicEntities(response.body.replace(/<(script|style)[\s\S]*?<\/\1>/gi, '').replace(/<[^>]*>/g, ' ')));
  if (text) return text.length > 300 ? `${text.slice(0, 300)}…` : text;
  return reason;
}

// Standard reason phrases: they repeat the status code and say nothing of the server's own.
const GENERIC_REASONS = new Set([
  'ok',
  'bad request',
  'unauthorized',
  'forbidden',
  'not found',
  'method not allowed',
  'conflict',
  'payload too large',
  'request entity too large',
  'too many requests',
  'internal server error',
  'not implemented',
  'bad gateway',
  'service unavailable',
  'gateway timeout',
]);

function repositoryName(url: string): string | undefined {
  return /\/repository\/([^/]+)/.exec(url)?.[1];
}

function redactLocation(location: string): string {
  return location.replace(/\/\/[^/@]*@/, '//');
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function decodeBasicEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&#x27;/gi, "'")
    .replace(/&amp;/g, '&');
}
