/**
 * What the doctor's HTTP answers mean for a Nexus PyPI setup (pure: statuses in, findings out).
 * Nexus facts used (NEXUS-PYPI.md sections 1.5, 2.1, 2.4): a Basic header with a wrong password
 * gets 401 even where anonymous reads are allowed; a hosted repository answers 404 for a project
 * it does not have, while a group renders an empty page (200); a group has no POST route, so an
 * upload to it gets 404. Other indexes differ (pypiserver ignores logins on reads, pypiserver and
 * devpi serve the index under the upload URL), so every verdict rests on answers, not on names.
 */
import { computeForbiddenHint } from '../publish/forbidden-hint';
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

export interface HttpOutcome {
  url: string;
  status: number;
  /** Location header for 3xx. */
  location?: string;
}

/**
 * A GET of a project that cannot exist, under the hosted index: a Nexus hosted repository answers
 * 404, a Nexus group 200 (an empty page). A 200 alone is not proof: `post` is the answer to an
 * empty POST without credentials to uploadUrl, asked only then. A group has no upload route (404;
 * 405 elsewhere); an index that serves its own pages under the upload URL (pypiserver, devpi)
 * answers it (401, 400 ...) and is no fault.
 */
export function classifyUnknownProjectProbe(o: HttpOutcome, post?: HttpOutcome): Finding {
  if (o.status === 404)
    return { severity: 'ok', code: 'UPLOAD_URL_HOSTED', message: 'uploadUrl behaves like a hosted repository (404 for an unknown project)' };
  if (o.status === 200 && post && (post.status === 404 || post.status === 405)) {
    return {
      severity: 'fault',
      code: 'UPLOAD_URL_IS_GROUP',
      message: `uploadUrl behaves like a Nexus group: it lists a project that does not exist (${o.url} answered 200) and has no upload route (POST ${post.url} answered ${post.status}), so uploads there fail`,
      fix: 'Set uploadUrl to the hosted repository that the group contains, e.g. https://<host>/repository/pypi-hosted/, and keep indexUrl on the group.',
    };
  }
  if (o.status === 200 && post) {
    return {
      severity: 'ok',
      code: 'UPLOAD_URL_ACCEPTS_UPLOADS',
      message: `uploadUrl has an upload route (POST ${post.url} without credentials answered ${post.status}) and serves the index itself`,
    };
  }
  return { severity: 'info', code: 'UPLOAD_URL_KIND_UNKNOWN', message: `cannot tell whether uploadUrl is hosted or a group: ${o.url} answered ${o.status}` };
}

/**
 * What proves a login on a read that succeeded with it: the same read without credentials
 * (`anonymous`) and, when that works too, with a login that cannot exist (`wrongLogin`).
 */
export interface LoginProof {
  anonymous?: number;
  wrongLogin?: number;
}

/**
 * The authenticated GET of the hosted simple index. A 2xx proves the password only when the server
 * refuses the read without it or with a wrong one (`proof`): where reads are anonymous, a server
 * that ignores logins on reads (pypiserver) answers 200 to any password.
 */
export function classifyHostedIndex(
  o: HttpOutcome,
  creds: ResolvedCredentials,
  hints: { usernameEnv?: string; passwordEnv?: string },
  proof: LoginProof = {},
): Finding {
  const who = describeCredentials(creds);
  const hasCreds = !!(creds.username && creds.password);
  if (o.status >= 200 && o.status < 300) {
    return hasCreds
      ? classifyLoginProof(o.url, creds, proof)
      : {
          severity: 'warning',
          code: 'NO_CREDENTIALS',
          message: `no credentials found; reads of ${o.url} work anonymously, but uploads need a login`,
          fix: credentialFix(hints),
        };
  }
  if (o.status === 401) {
    if (!hasCreds) {
      return {
        severity: 'fault',
        code: 'NO_CREDENTIALS',
        message: `${o.url} requires a login, and no credentials were found (${who})`,
        fix: credentialFix(hints),
      };
    }
    return {
      severity: 'fault',
      code: 'WRONG_PASSWORD',
      message: `${o.url} refused the login (401): ${who}`,
      fix: `Check the user name and the password in ${creds.password?.source}; a Nexus user token is used as user name (name code) + password (pass code).`,
    };
  }
  if (o.status === 403) {
    const hint = computeForbiddenHint({
      username: creds.username?.value,
      passwordSource: creds.password?.source,
      repository: parseNexusRepositoryName(o.url),
      action: 'read',
    });
    return {
      severity: 'fault',
      code: 'FORBIDDEN',
      message: `${who}: ${o.url} refused the read (403)`,
      fix: `${hint[0].toUpperCase()}${hint.slice(1)}; uploads need the -add privilege as well.`,
    };
  }
  if (o.status === 404) {
    return {
      severity: 'fault',
      code: 'NOT_A_PYPI_REPOSITORY',
      message: `${o.url} answered 404: no PyPI repository there`,
      fix: 'Check uploadUrl (https://<host>/repository/<hosted-repo>/) and hostedIndexUrl.',
    };
  }
  return classifyOther(o, 'the hosted index');
}

function classifyLoginProof(url: string, creds: ResolvedCredentials, proof: LoginProof): Finding {
  const who = describeCredentials(creds);
  const refused = (status: number | undefined): boolean => status === 401 || status === 403;
  if (refused(proof.anonymous)) return { severity: 'ok', code: 'LOGIN_OK', message: `${who}: accepted by ${url}, which refuses anonymous reads` };
  if (refused(proof.wrongLogin)) return { severity: 'ok', code: 'LOGIN_OK', message: `${who}: accepted by ${url}, which refuses a wrong login` };
  return {
    severity: 'warning',
    code: 'LOGIN_NOT_VERIFIED',
    message: `${who}: not verified, because reads of ${url} are anonymous and the server does not check a login on them (a made-up login may read it too)`,
    fix: `The first upload checks it: a wrong password is then refused, naming ${creds.password?.source}.`,
  };
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
  if (o.status === 404)
    return {
      severity: 'fault',
      code: 'INDEX_NOT_FOUND',
      message: `${o.url} answered 404`,
      fix: 'indexUrl must end in /simple/ under the group: https://<host>/repository/<group>/simple/.',
    };
  return classifyOther(o, 'the group index');
}

function classifyOther(o: HttpOutcome, what: string): Finding {
  if (o.status >= 300 && o.status < 400) {
    return {
      severity: 'fault',
      code: 'UNEXPECTED_REDIRECT',
      message: `${what} ${o.url} redirects (${o.status}) to ${o.location ?? '?'}; Nexus itself never redirects`,
      fix: 'Use the final URL (check https vs http, host and trailing slash).',
    };
  }
  return {
    severity: 'fault',
    code: 'HTTP_ERROR',
    message: `${what} ${o.url} answered ${o.status}`,
    fix: o.status === 503 ? 'The repository is offline or Nexus is read-only; ask the administrator.' : 'Check the URL and the server logs.',
  };
}

function credentialFix(h: { usernameEnv?: string; passwordEnv?: string }): string {
  const u = h.usernameEnv ?? 'TWINE_USERNAME';
  const p = h.passwordEnv ?? 'TWINE_PASSWORD';
  return `Export ${u} and ${p} (or set usernameEnv/passwordEnv in nx-pypi.json to the variables your CI provides).`;
}
