/**
 * Upload URL, CA files, username and password for a publish, each with where it came from.
 * Precedence, per value (documented; the first source that has the value wins):
 *   1. nx-pypi configuration: uploadUrl / caBundle|ca from nx-pypi.json or the project, and the
 *      variables named by `usernameEnv` / `passwordEnv`;
 *   2. twine's environment: TWINE_REPOSITORY_URL, TWINE_CERT, TWINE_CLIENT_CERT, TWINE_USERNAME, TWINE_PASSWORD
 *      (and user:password in TWINE_REPOSITORY_URL, as twine accepts), so a pipeline written for
 *      twine switches without edits;
 *   3. the .pypirc section named like the repository (or TWINE_REPOSITORY), visible only if
 *      listed in `[distutils] index-servers`, exactly as twine reads it;
 *   4. the password only, for a user name found above: keyring, as twine and pip ask it (the
 *      upload URL, then the index URL and its host; keyring.ts), unless
 *      NX_PYPI_KEYRING_PROVIDER=disabled.
 * The password is wrapped in Secret so that logging the result cannot print it.
 */
import { RepositoryConfigError } from './errors';
import { keyringServices, lookUpKeyringPassword, readKeyringProvider, type AskKeyring } from './keyring';
import type { ResolvedRepository } from './resolve-repository';
import type { Pypirc, PypircServer } from './pypirc';

/** A value that prints as `***` through toString, JSON and util.inspect. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  /** The secret itself: only for the Authorization header or a child process's environment. */
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '***';
  }
  toJSON(): string {
    return '***';
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return 'Secret(***)';
  }
}

export interface Sourced<T> {
  value: T;
  /** E.g. `env NEXUS_PASSWORD`, `~/.pypirc [nexus] password`. */
  source: string;
}

export interface ResolvedCredentials {
  uploadUrl?: Sourced<string>;
  caFiles?: Sourced<string[]>;
  /**
   * twine's client certificate (TWINE_CLIENT_CERT, .pypirc `client_cert`: one PEM file with the
   * certificate and its key), when the settings name no clientCert.
   */
  clientCert?: Sourced<string>;
  username?: Sourced<string>;
  password?: Sourced<Secret>;
  /** Fallbacks worth telling the user about (a configured variable that is unset, an unlisted .pypirc section). */
  notes: string[];
}

export interface ResolveCredentialsInput {
  repository: ResolvedRepository;
  env: Readonly<Record<string, string | undefined>>;
  /** The parsed .pypirc, when the file exists. */
  pypirc?: Pypirc;
  /** Runs `keyring get` (io/config/keyring-cli.ts); absent, keyring is not consulted. */
  keyring?: AskKeyring;
}

export function resolveCredentials(input: ResolveCredentialsInput): ResolvedCredentials {
  const { repository: repo, env } = input;
  const notes: string[] = [];
  // Read first: a mistyped value is an error even on runs that find a password elsewhere.
  const keyringProvider = readKeyringProvider(env);
  const fromEnv = (name: string | undefined): Sourced<string> | undefined =>
    name && env[name] ? { value: env[name] as string, source: `env ${name}` } : undefined;
  const twineUrl = parseTwineUrl(env.TWINE_REPOSITORY_URL);
  const server = pickPypircServer(input, notes);
  const where = (key: string): string => `${input.pypirc?.file} [${server?.name}] ${key}`;
  const fromPypirc = (key: 'repository' | 'username' | 'password' | 'caCert' | 'clientCert', label: string): Sourced<string> | undefined =>
    server?.[key] ? { value: server[key] as string, source: where(label) } : undefined;

  for (const [configured, what] of [
    [repo.usernameEnv, 'usernameEnv'],
    [repo.passwordEnv, 'passwordEnv'],
  ] as const) {
    const keyring = what === 'passwordEnv' && input.keyring && keyringProvider !== 'disabled' ? ', .pypirc and keyring' : ' and .pypirc';
    if (configured && !env[configured]) notes.push(`${configured} (${what}) is not set; looking in TWINE_*${keyring} instead`);
  }

  const uploadUrl =
    (repo.uploadUrl ? { value: repo.uploadUrl, source: repo.sources.uploadUrl ?? 'configuration' } : undefined) ??
    (twineUrl ? { value: twineUrl.url, source: 'env TWINE_REPOSITORY_URL' } : undefined) ??
    checkPypircUrl(fromPypirc('repository', 'repository'), server, input.pypirc?.file);
  const caFile =
    (repo.caFiles.length > 0 ? { value: repo.caFiles, source: repo.sources.ca ?? 'configuration' } : undefined) ??
    wrap(fromEnv('TWINE_CERT')) ??
    wrap(fromPypirc('caCert', 'ca_cert'));
  const clientCert = repo.clientCert === undefined ? (fromEnv('TWINE_CLIENT_CERT') ?? fromPypirc('clientCert', 'client_cert')) : undefined;
  const username =
    fromEnv(repo.usernameEnv) ??
    fromEnv('TWINE_USERNAME') ??
    (twineUrl?.username ? { value: twineUrl.username, source: 'user name in env TWINE_REPOSITORY_URL' } : undefined) ??
    fromPypirc('username', 'username');
  const password =
    fromEnv(repo.passwordEnv) ??
    fromEnv('TWINE_PASSWORD') ??
    (twineUrl?.password ? { value: twineUrl.password, source: 'password in env TWINE_REPOSITORY_URL' } : undefined) ??
    fromPypirc('password', 'password');
  let secret: Sourced<Secret> | undefined = password && { value: new Secret(password.value), source: password.source };
  if (username && !secret) {
    const services = keyringServices({ uploadUrl: uploadUrl?.value, indexUrl: repo.indexUrl });
    const lookup = lookUpKeyringPassword({ username, services, provider: keyringProvider, ask: input.keyring });
    secret = lookup.password;
    if (!secret) {
      const keyringFix =
        input.keyring && keyringProvider !== 'disabled' && services.length > 0
          ? `, or store it with \`keyring set ${services[0].service} ${username.value}\``
          : '';
      // twine would prompt for it; a run without a terminal must not silently go anonymous instead.
      notes.push(
        `a user name is configured (${username.source}) but no password, so requests go without credentials; set the variable named by passwordEnv${repo.passwordEnv ? ` (${repo.passwordEnv})` : ''} or TWINE_PASSWORD${keyringFix}`,
      );
      if (lookup.note) notes.push(lookup.note);
    }
  }
  return { uploadUrl, caFiles: caFile, clientCert, username, password: secret, notes };
}

function wrap(v: Sourced<string> | undefined): Sourced<string[]> | undefined {
  return v && { value: [v.value], source: v.source };
}

function parseTwineUrl(raw: string | undefined): { url: string; username?: string; password?: string } | undefined {
  if (!raw) return undefined;
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    // Never echo the value: it may hold a password.
    throw new RepositoryConfigError('env TWINE_REPOSITORY_URL is not a URL', {
      code: 'TWINE_REPOSITORY_URL_INVALID',
      hint: 'set it to the absolute https:// URL of the hosted repository (e.g. https://nexus.example.com/repository/pypi-hosted/), or unset it and configure uploadUrl in nx-pypi.json',
    });
  }
  const decode = (part: string, what: string): string | undefined => {
    try {
      return decodeURIComponent(part) || undefined;
    } catch {
      throw new RepositoryConfigError(`the ${what} in env TWINE_REPOSITORY_URL has a "%" that is not followed by two hex digits`, {
        code: 'TWINE_REPOSITORY_URL_INVALID',
        hint: `write a literal "%" as %25 there, or better, take the credentials out of the URL into TWINE_USERNAME / TWINE_PASSWORD`,
      });
    }
  };
  if (u.protocol !== 'https:' && u.protocol !== 'http:') {
    throw new RepositoryConfigError(`env TWINE_REPOSITORY_URL is a ${u.protocol.replace(/:$/, '')}: URL, not an http(s) one`, {
      code: 'TWINE_REPOSITORY_URL_INVALID',
      hint: 'set it to the https:// URL of the hosted repository (e.g. https://nexus.example.com/repository/pypi-hosted/), or unset it and configure uploadUrl in nx-pypi.json',
    });
  }
  const username = decode(u.username, 'user name');
  const password = decode(u.password, 'password');
  u.username = '';
  u.password = '';
  return { url: u.toString(), username, password };
}

function pickPypircServer(input: ResolveCredentialsInput, notes: string[]): PypircServer | undefined {
  const rc = input.pypirc;
  if (!rc) return undefined;
  const names = [input.repository.name, input.env.TWINE_REPOSITORY].filter((n): n is string => !!n);
  for (const n of names) {
    const s = rc.servers.get(n);
    if (s) return s;
    if (rc.unlisted.includes(n))
      notes.push(`${rc.file} has a [${n}] section, but it is not listed in [distutils] index-servers, so twine and nx-pypi ignore it`);
  }
  const asked = input.env.TWINE_REPOSITORY;
  if (asked && !rc.servers.has(asked) && !rc.unlisted.includes(asked)) {
    // twine stops here ("Missing '<name>' section"); a typo must not quietly mean "no .pypirc settings".
    const sections = [...rc.servers.keys()];
    notes.push(
      `env TWINE_REPOSITORY names [${asked}], but ${rc.file} has no such section (${sections.length ? `it has ${sections.map((n) => `[${n}]`).join(', ')}` : 'it lists none'}); fix TWINE_REPOSITORY or add the section`,
    );
  }
  return undefined;
}

/** A .pypirc `repository` is used as the upload URL: it must be an absolute http(s) URL. */
function checkPypircUrl(url: Sourced<string> | undefined, server: PypircServer | undefined, file: string | undefined): Sourced<string> | undefined {
  if (!url || !server || !file) return url;
  let protocol: string | undefined;
  try {
    protocol = new URL(url.value).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === 'https:' || protocol === 'http:') return url;
  throw new RepositoryConfigError(`the repository of [${server.name}] is not an http(s) URL`, {
    code: 'PYPIRC_BAD_URL',
    location: { file, line: server.line, keyPath: `${server.name}.repository` },
    hint: `write the absolute URL of the hosted repository, e.g. repository = https://nexus.example.com/repository/pypi-hosted/ (${url.source})`,
  });
}

/** `user "deployer" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD`: never the password. */
export function describeCredentials(c: ResolvedCredentials): string {
  const user = c.username ? `user "${c.username.value}" (${c.username.source})` : 'no user name';
  const pass = c.password ? `password from ${c.password.source}` : 'no password';
  return `${user}, ${pass}`;
}
