/**
 * Reads one project's page from a simple index: `<indexUrl><normalized-name>/`, JSON if the
 * server offers it, else HTML. 404 means "no such project here". Redirects are followed by hand,
 * only within the same origin (credentials never go elsewhere), at most 5.
 */
import type { Dispatcher } from 'undici';
import { normalizeName } from '../../core/names';
import { computeBasicAuthorization, type Credentials } from '../../core/publish/credentials';
import { IndexReadError } from '../../core/publish/errors';
import { computeForbiddenHint, describeForbiddenUser } from '../../core/publish/forbidden-hint';
import { parseSimpleIndex, SIMPLE_ACCEPT, type ProjectIndex } from '../../core/publish/parse-simple-index';
import { redactUrl } from '../../core/publish/redact-url';
import { isRetryableStatus, parseRetryAfter } from '../../core/publish/retry-policy';
import { sendRequest } from './send-request';

export interface IndexReadOptions {
  dispatcher: Dispatcher;
  /** Sent when reading needs a login (anonymous read disabled). */
  credentials?: Credentials;
  signal?: AbortSignal;
  /** For Retry-After dates; default Date.now. */
  now?: () => number;
}

export type ProjectIndexResult = { found: false; url: string } | { found: true; url: string; files: ProjectIndex };

const MAX_REDIRECTS = 5;
// A project page lists every file of every version; thousands of files are still a few MiB.
const MAX_PAGE_BYTES = 64 * 1024 * 1024;

/** The project page URL: `indexUrl` (a `/simple/` URL; a missing final slash is added) + normalized name + `/`. */
export function projectPageUrl(indexUrl: string, project: string): string {
  const base = indexUrl.endsWith('/') ? indexUrl : `${indexUrl}/`;
  return new URL(`${encodeURIComponent(normalizeName(project))}/`, base).toString();
}

export async function fetchProjectIndex(indexUrl: string, project: string, options: IndexReadOptions): Promise<ProjectIndexResult> {
  const start = projectPageUrl(indexUrl, project);
  const origin = new URL(start).origin;
  const headers: Record<string, string> = { accept: SIMPLE_ACCEPT };
  if (options.credentials) headers.authorization = computeBasicAuthorization(options.credentials);
  let url = start;
  for (let redirects = 0; ; redirects++) {
    const answer = await sendRequest(url, { method: 'GET', headers, dispatcher: options.dispatcher, maxBodyBytes: MAX_PAGE_BYTES, signal: options.signal });
    const shown = redactUrl(url);
    if (answer.status >= 300 && answer.status < 400 && answer.headers.location) {
      const target = new URL(answer.headers.location, url);
      if (target.origin !== origin) {
        throw new IndexReadError(`${shown} redirects to another origin (${redactUrl(target)}); not followed`, shown, {
          code: 'INDEX_CROSS_ORIGIN_REDIRECT',
          hint: 'set the index URL to where the repository really serves it',
        });
      }
      if (redirects >= MAX_REDIRECTS) {
        throw new IndexReadError(`${redactUrl(start)} redirects more than ${MAX_REDIRECTS} times`, shown, {
          code: 'INDEX_TOO_MANY_REDIRECTS',
          hint: 'check the index URL; the server redirects in a loop',
        });
      }
      url = target.toString();
      continue;
    }
    if (answer.status === 404) return { found: false, url };
    if (answer.status === 200) return { found: true, url, files: parseSimpleIndex(answer.headers['content-type'], answer.body, url) };
    throw statusError(answer.status, shown, options, answer.headers['retry-after']);
  }
}

function statusError(status: number, shown: string, options: IndexReadOptions, retryAfter: string | undefined): IndexReadError {
  const credentials = options.credentials;
  if (status === 401) {
    const who = credentials ? `user "${credentials.username}" with the password from ${credentials.source}` : 'no credentials were sent';
    return new IndexReadError(`${shown} refused to list the project (401): ${who}`, shown, {
      code: 'INDEX_UNAUTHORIZED',
      hint: credentials
        ? `check the username and the password in ${credentials.source}`
        : 'this repository does not allow anonymous reads: configure usernameEnv/passwordEnv',
    });
  }
  if (status === 403) {
    const who = describeForbiddenUser({ username: credentials?.username, passwordSource: credentials?.source });
    return new IndexReadError(`${shown} refused to list the project to ${who} (403)`, shown, {
      code: 'INDEX_FORBIDDEN',
      hint: computeForbiddenHint({
        username: credentials?.username,
        passwordSource: credentials?.source,
        repository: /\/repository\/([^/]+)/.exec(shown)?.[1],
        action: 'read',
      }),
    });
  }
  const retryable = isRetryableStatus(status);
  return new IndexReadError(`${shown} answered ${status} while listing the project`, shown, {
    code: 'INDEX_HTTP_ERROR',
    hint: retryable ? 'the repository is failing or busy; try again later' : 'check that this is a PyPI simple index URL (…/repository/<name>/simple/)',
    retryable,
    retryAfterMs: parseRetryAfter(retryAfter, (options.now ?? Date.now)()),
  });
}
