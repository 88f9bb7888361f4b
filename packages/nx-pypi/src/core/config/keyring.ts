/**
 * The keyring step of the credential precedence: when neither the environment nor .pypirc gives a
 * password but a user name is known, the password is looked up with the `keyring` command, the
 * way twine (uploads) and pip's subprocess provider (reads) look it up:
 *   - twine asks `keyring.get_password(<repository URL>, <user name>)` (twine/auth.py), the
 *     repository URL being the upload URL as configured;
 *   - pip's subprocess provider runs `keyring get <index URL> <user name>`, then the same with the
 *     index URL's netloc (network/auth.py, `_get_keyring_auth(index_url) or (netloc)`).
 * One set of credentials serves uploads, index reads and pip, so the services are asked in that
 * order and the first password found is used for all of them. The keyring CLI can only answer for
 * a known user name (its `--mode creds`, which would also give the user, came with keyring 25.2),
 * so without one keyring is not asked.
 *
 * This module decides whether and what to ask; io/config/keyring-cli.ts runs the command.
 */
import type { Secret, Sourced } from './credentials';
import { RepositoryConfigError } from './errors';

/** Turns the lookup off (pip's `--keyring-provider` / PIP_KEYRING_PROVIDER, the values nx-pypi can honour). */
export const KEYRING_PROVIDER_ENV = 'NX_PYPI_KEYRING_PROVIDER';

export type KeyringProvider = 'subprocess' | 'disabled';

/** What one `keyring get <service> <user>` said. */
export type KeyringAnswer =
  | { kind: 'found'; password: Secret }
  /** Exit status not 0 (1: nothing stored), or an empty password; `detail`: the last line keyring wrote to stderr. */
  | { kind: 'none'; detail?: string }
  /** No answer at all (no `keyring` command, no answer in time): asking other services is pointless. */
  | { kind: 'unavailable'; reason: string };

/** Runs `keyring get <service> <username>`; the password only ever comes back as a Secret. */
export type AskKeyring = (service: string, username: string) => KeyringAnswer;

export interface KeyringService {
  /** The service name as keyring stores it, without any user:password part. */
  service: string;
}

/**
 * NX_PYPI_KEYRING_PROVIDER, in pip's words: `disabled`, or `subprocess` (the default; `auto` is
 * the same here, as it is in pip when keyring cannot be imported, and nx-pypi imports no Python).
 */
export function readKeyringProvider(env: Readonly<Record<string, string | undefined>>): KeyringProvider {
  const raw = env[KEYRING_PROVIDER_ENV];
  if (raw === undefined || raw === '') return 'subprocess';
  const value = raw.trim().toLowerCase();
  if (value === 'disabled') return 'disabled';
  if (value === 'subprocess' || value === 'auto') return 'subprocess';
  throw new RepositoryConfigError(`env ${KEYRING_PROVIDER_ENV} is "${raw}", which nx-pypi does not know`, {
    code: 'KEYRING_PROVIDER_INVALID',
    hint:
      value === 'import'
        ? `nx-pypi runs the keyring command (no Python is imported into Node.js): set ${KEYRING_PROVIDER_ENV}=subprocess, or disabled to skip keyring`
        : `set ${KEYRING_PROVIDER_ENV} to "disabled" to skip keyring, or to "subprocess" (the default) to ask the keyring command`,
  });
}

/**
 * The services to ask, in order: the upload URL (twine's), the group index URL, then its netloc
 * (pip's). User names and passwords in a URL are dropped, as pip does before it asks keyring: the
 * service goes into keyring's argv, where nothing secret may go.
 */
export function keyringServices(urls: { uploadUrl?: string; indexUrl?: string }): KeyringService[] {
  const services: string[] = [];
  const upload = withoutUserinfo(urls.uploadUrl);
  if (upload) services.push(upload.service);
  const index = withoutUserinfo(urls.indexUrl);
  if (index) services.push(index.service, index.host);
  return [...new Set(services)].map((service) => ({ service }));
}

export interface KeyringLookupInput {
  username: Sourced<string>;
  services: readonly KeyringService[];
  provider: KeyringProvider;
  /** Absent: nothing can run the command here (pure callers); the lookup is skipped. */
  ask?: AskKeyring;
}

export interface KeyringLookup {
  password?: Sourced<Secret>;
  /** Why there is no password from keyring (which services were asked, what keyring said); absent when found or not asked. */
  note?: string;
}

/** Asks each service in turn until one has a password for the user; stops when keyring cannot answer at all. */
export function lookUpKeyringPassword(input: KeyringLookupInput): KeyringLookup {
  const { username, services, ask } = input;
  if (!ask || services.length === 0) return {};
  if (input.provider === 'disabled') return { note: `keyring was not asked (env ${KEYRING_PROVIDER_ENV}=disabled)` };
  const asked: string[] = [];
  const details: string[] = [];
  for (const { service } of services) {
    const answer = ask(service, username.value);
    if (answer.kind === 'found') return { password: { value: answer.password, source: `keyring (service ${service})` } };
    if (answer.kind === 'unavailable') return { note: `keyring was not asked for a password: ${answer.reason}` };
    asked.push(service);
    if (answer.detail) details.push(`${service}: ${answer.detail}`);
  }
  const said = details.length > 0 ? ` (keyring said: ${details.join('; ')})` : '';
  return { note: `keyring has no password for user "${username.value}" under ${listOr(asked)}${said}` };
}

/** The URL as written (twine asks with its repository URL verbatim), unless it holds a user name or password. */
function withoutUserinfo(url: string | undefined): { service: string; host: string } | undefined {
  if (!url) return undefined;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined; // reported by the URL validation, with its location
  }
  if (!parsed.username && !parsed.password) return { service: url, host: parsed.host };
  parsed.username = '';
  parsed.password = '';
  return { service: parsed.href, host: parsed.host };
}

function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
