/**
 * What the doctor's HTTP answers mean for a Nexus PyPI setup (pure: statuses in, findings out).
 * Nexus facts used (NEXUS-PYPI.md sections 1.5, 2.1, 2.4): a Basic header with a wrong password
 * gets 401 even where anonymous reads are allowed; a hosted repository answers 404 for a project
 * it does not have, while a group renders an empty page (200); a group has no POST route, so an
 * upload to it gets 404.
 */
import { describeCredentials, type ResolvedCredentials } from './credentials';

export interface Finding {
  severity: 'ok' | 'info' | 'warning' | 'fault';
  code: string;
  message: string;
  fix?: string;
}

/** `https://h/repository/<name>/...` -> `<name>`; undefined for other layouts. */
export function parseNexusRepositoryName(url: string): string | undefined {
  try {
    return /^\/repository\/([^/]+)\//.exec(new URL(url).pathname)?.[1];
  } catch {
    return undefined;
  }
}

/** Compares the repository names in uploadUrl and indexUrl: the same name means uploads go to the group. */
export function classifyUploadUrlByName(uploadUrl: string, indexUrl: string | undefined): Finding | undefined {
  const up = parseNexusRepositoryName(uploadUrl);
  const group = indexUrl && parseNexusRepositoryName(indexUrl);
  if (!up || !group || up !== group) return undefined;
  return {
    severity: 'fault',
    code: 'UPLOAD_URL_IS_GROUP',
    message: `uploadUrl and indexUrl name the same repository "${up}"; indexUrl is meant to be the group, and Nexus answers 404 to uploads to a group`,
    fix: 'Set uploadUrl to the hosted repository, e.g. https://<host>/repository/pypi-hosted/, and keep indexUrl on the group.',
  };
}

export interface HttpOutcome {
  url: string;
  status: number;
  /** Location header for 3xx. */
  location?: string;
}

/** A GET of a project that cannot exist, under `<uploadUrl>simple/`: hosted says 404, a group 200. */
export function classifyUnknownProjectProbe(o: HttpOutcome): Finding {
  if (o.status === 404) return { severity: 'ok', code: 'UPLOAD_URL_HOSTED', message: 'uploadUrl behaves like a hosted repository (404 for an unknown project)' };
  if (o.status === 200) {
    return {
      severity: 'fault',
      code: 'UPLOAD_URL_IS_GROUP',
      message: `uploadUrl answers 200 for a project that does not exist (${o.url}), as a Nexus group does; a hosted repository answers 404, and uploads to a group fail with 404`,
      fix: 'Set uploadUrl to the hosted repository that the group contains.',
    };
  }
  return { severity: 'info', code: 'UPLOAD_URL_KIND_UNKNOWN', message: `cannot tell whether uploadUrl is hosted or a group: ${o.url} answered ${o.status}` };
}

/** The authenticated GET of the hosted simple index. */
export function classifyHostedIndex(o: HttpOutcome, creds: ResolvedCredentials, hints: { usernameEnv?: string; passwordEnv?: string }): Finding {
  const who = describeCredentials(creds);
  const hasCreds = !!(creds.username && creds.password);
  if (o.status >= 200 && o.status < 300) {
    return hasCreds
      ? { severity: 'ok', code: 'LOGIN_OK', message: `${who}: accepted by ${o.url}` }
      : { severity: 'warning', code: 'NO_CREDENTIALS', message: `no credentials found; reads of ${o.url} work anonymously, but uploads need a login`, fix: credentialFix(hints) };
  }
  if (o.status === 401) {
    if (!hasCreds) {
      return { severity: 'fault', code: 'NO_CREDENTIALS', message: `${o.url} requires a login, and no credentials were found (${who})`, fix: credentialFix(hints) };
    }
    return {
      severity: 'fault',
      code: 'WRONG_PASSWORD',
      message: `${o.url} refused the login (401): ${who}`,
      fix: `Check the user name and the password in ${creds.password?.source}; a Nexus user token is used as user name (name code) + password (pass code).`,
    };
  }
  if (o.status === 403) {
    return { severity: 'fault', code: 'FORBIDDEN', message: `${who} logged in but may not read ${o.url} (403)`, fix: 'Ask the Nexus administrator for the nx-repository-view-pypi-<repo>-read and -add privileges.' };
  }
  if (o.status === 404) {
    return { severity: 'fault', code: 'NOT_A_PYPI_REPOSITORY', message: `${o.url} answered 404: no PyPI repository there`, fix: 'Check uploadUrl (https://<host>/repository/<hosted-repo>/) and hostedIndexUrl.' };
  }
  return classifyOther(o, 'the hosted index');
}

/** The anonymous GET of the group index pip reads. */
export function classifyGroupIndex(o: HttpOutcome): Finding {
  if (o.status >= 200 && o.status < 300) return { severity: 'ok', code: 'INDEX_OK', message: `${o.url} serves the simple index` };
  if (o.status === 401) {
    return {
      severity: 'warning',
      code: 'INDEX_NEEDS_LOGIN',
      message: `${o.url} requires a login for reads; pip will need credentials`,
      fix: 'Give pip credentials through ~/.netrc or keyring (never in a committed pip.conf), or allow anonymous read on the group.',
    };
  }
  if (o.status === 404) return { severity: 'fault', code: 'INDEX_NOT_FOUND', message: `${o.url} answered 404`, fix: 'indexUrl must end in /simple/ under the group: https://<host>/repository/<group>/simple/.' };
  return classifyOther(o, 'the group index');
}

function classifyOther(o: HttpOutcome, what: string): Finding {
  if (o.status >= 300 && o.status < 400) {
    return { severity: 'fault', code: 'UNEXPECTED_REDIRECT', message: `${what} ${o.url} redirects (${o.status}) to ${o.location ?? '?'}; Nexus itself never redirects`, fix: 'Use the final URL (check https vs http, host and trailing slash).' };
  }
  return { severity: 'fault', code: 'HTTP_ERROR', message: `${what} ${o.url} answered ${o.status}`, fix: o.status === 503 ? 'The repository is offline or Nexus is read-only; ask the administrator.' : 'Check the URL and the server logs.' };
}

function credentialFix(h: { usernameEnv?: string; passwordEnv?: string }): string {
  const u = h.usernameEnv ?? 'TWINE_USERNAME';
  const p = h.passwordEnv ?? 'TWINE_PASSWORD';
  return `Export ${u} and ${p} (or set usernameEnv/passwordEnv in nx.json to the variables your CI provides).`;
}
