/**
 * The registry's configuration: repositories and users, from a JSON file or an object. Pure: the
 * caller reads the file. Every problem is collected before failing, each with its key path.
 */
import { RegistryError } from '../errors';
import { STORAGE_FLAVOURS, WRITE_POLICIES, type StorageFlavour, type WritePolicy } from '../core/write-policy';
import { locateJsonError } from './locate-json-error';
import { isPasswordHash } from './password-hash';

/** A hosted repository: takes uploads, serves what it stores. */
export interface HostedRepositoryConfig {
  name: string;
  type: 'hosted';
  /** Deployment policy; default `allow-once` (Nexus's "Disable redeploy"). */
  writePolicy: WritePolicy;
  /** Whether anonymous users may read; default true. */
  anonymousRead: boolean;
}

/** A group repository: reads through its members in order, takes no uploads. */
export interface GroupRepositoryConfig {
  name: string;
  type: 'group';
  members: string[];
  anonymousRead: boolean;
}

/**
 * A proxy repository: serves an upstream index (PEP 503 HTML or PEP 691 JSON) through itself,
 * caching its pages and storing the files it downloads (NEXUS-PYPI.md 2.4). Takes no uploads.
 */
export interface ProxyRepositoryConfig {
  name: string;
  type: 'proxy';
  /** The upstream's simple index URL (`https://…/simple/`); always ends with `/` once validated. */
  remoteUrl: string;
  /**
   * Trust for the upstream: a PEM file path, or PEM text. Replaces the default roots for this
   * proxy's requests (like pip's `cert`); absent, Node's default roots apply.
   */
  ca?: string;
  /** Basic credentials sent to the upstream's origin only; never logged, never in server.json. */
  username?: string;
  password?: string;
  /** Nexus "Maximum metadata age": minutes a fetched page is served before it is fetched again; -1 never, 0 always. Default 1440. */
  metadataMaxAgeMinutes: number;
  /** Nexus "Not found cache TTL": minutes an upstream 404 is answered without asking again; 0 disables. Default 1440. */
  negativeCacheMinutes: number;
  anonymousRead: boolean;
}

export type RepositoryConfig = HostedRepositoryConfig | GroupRepositoryConfig | ProxyRepositoryConfig;

/** Nexus's default for both the metadata max age and the negative cache TTL (ProxyFacet.js, NegativeCacheFacet.js). */
export const NEXUS_PROXY_DEFAULT_MINUTES = 1440;

/**
 * Privileges this double enforces: the BREAD actions `read` (GET/HEAD) and `add` (POST) of
 * nx-repository-view-pypi-<repo>-*, and `admin-read`, Nexus's nx-repository-admin-pypi-<repo>-read,
 * which lets the REST API show the repository's settings (a deploy user usually lacks it).
 */
export type RepositoryAction = 'read' | 'add' | 'admin-read';

/** A user. `privileges` maps a repository name, or `*` for all, to the actions allowed there. */
export interface UserConfig {
  username: string;
  /** From `pypi-registry hash-password` (scrypt); never a clear-text password. */
  passwordHash: string;
  privileges: Record<string, RepositoryAction[]>;
}

export interface RegistryConfig {
  /** Wording of redeploy and read-only refusals; default `sql` (Nexus 3.70+). */
  storageFlavour: StorageFlavour;
  repositories: RepositoryConfig[];
  users: UserConfig[];
}

/** Name of the user the registry generates on first start; config files may not define it. */
export const GENERATED_USERNAME = 'publisher';

const ACTIONS: readonly RepositoryAction[] = ['read', 'add', 'admin-read'];
// Nexus repository names: letters, digits, '.', '_', '-', not starting with '_' or '.'.
const REPOSITORY_NAME = /^[A-Za-z0-9-][A-Za-z0-9._-]*$/;

/** The embedded default: hosted `pypi-hosted` inside group `pypi-public`, both anonymously readable. */
export function defaultRegistryConfig(): RegistryConfig {
  return {
    storageFlavour: 'sql',
    repositories: [
      { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
      { name: 'pypi-public', type: 'group', members: ['pypi-hosted'], anonymousRead: true },
    ],
    users: [],
  };
}

/** Parses a config file's text. `source` names the file in errors. */
export function parseRegistryConfig(text: string, source: string): RegistryConfig {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const offset = locateJsonError(text);
    const where = offset >= 0 ? `${source}:${lineColumn(text, offset)}` : source;
    throw new RegistryError('REGISTRY_CONFIG_SYNTAX', `invalid JSON: ${(error as Error).message}`, {
      location: where,
      hint: 'fix the JSON syntax (no comments or trailing commas)',
    });
  }
  return validateRegistryConfig(value, source);
}

/** Validates a config object (parsed JSON or given programmatically), filling in defaults. */
export function validateRegistryConfig(value: unknown, source: string): RegistryConfig {
  const problems: string[] = [];
  const root = asObject(value, '(root)', problems);
  checkKeys(root, ['storageFlavour', 'repositories', 'users'], '', problems);
  const storageFlavour = oneOf(root['storageFlavour'] ?? 'sql', STORAGE_FLAVOURS, 'storageFlavour', problems);
  // Without "repositories" the embedded default applies, so a config may only add users or a flavour.
  const repositories =
    root['repositories'] === undefined
      ? defaultRegistryConfig().repositories
      : asArray(root['repositories'], 'repositories', problems).map((item, i) => readRepository(item, `repositories[${i}]`, problems));
  const users = asArray(root['users'] ?? [], 'users', problems).map((item, i) => readUser(item, `users[${i}]`, problems));
  checkReferences(repositories, users, problems);
  if (problems.length > 0) {
    throw new RegistryError('REGISTRY_CONFIG_INVALID', `invalid registry configuration:\n  - ${problems.join('\n  - ')}`, {
      location: source,
      hint: 'see the "Configuration" section of the pypi-registry README',
    });
  }
  return { storageFlavour, repositories, users };
}

function readRepository(value: unknown, at: string, problems: string[]): RepositoryConfig {
  const item = asObject(value, at, problems);
  const name = asString(item['name'], `${at}.name`, problems);
  if (name && !REPOSITORY_NAME.test(name)) problems.push(`${at}.name: "${name}" is not a valid repository name`);
  const anonymousRead = asBoolean(item['anonymousRead'] ?? true, `${at}.anonymousRead`, problems);
  if (item['type'] === 'group') {
    checkKeys(item, ['name', 'type', 'members', 'anonymousRead'], at, problems);
    const members = asArray(item['members'], `${at}.members`, problems).map((m, i) => asString(m, `${at}.members[${i}]`, problems));
    return { name, type: 'group', members, anonymousRead };
  }
  if (item['type'] === 'proxy') return readProxy(item, name, anonymousRead, at, problems);
  if (item['type'] !== 'hosted') problems.push(`${at}.type: must be "hosted", "group" or "proxy"`);
  checkKeys(item, ['name', 'type', 'writePolicy', 'anonymousRead'], at, problems);
  const writePolicy = oneOf(item['writePolicy'] ?? 'allow-once', WRITE_POLICIES, `${at}.writePolicy`, problems);
  return { name, type: 'hosted', writePolicy, anonymousRead };
}

function readProxy(item: Record<string, unknown>, name: string, anonymousRead: boolean, at: string, problems: string[]): ProxyRepositoryConfig {
  const keys = ['name', 'type', 'remoteUrl', 'ca', 'username', 'password', 'metadataMaxAgeMinutes', 'negativeCacheMinutes', 'anonymousRead'];
  checkKeys(item, keys, at, problems);
  const remoteUrl = readRemoteUrl(item['remoteUrl'], `${at}.remoteUrl`, problems);
  const ca = item['ca'] === undefined ? undefined : asString(item['ca'], `${at}.ca`, problems);
  const username = item['username'] === undefined ? undefined : asString(item['username'], `${at}.username`, problems);
  // The value is never echoed: a problem names the key only.
  const password = item['password'] === undefined ? undefined : typeof item['password'] === 'string' ? item['password'] : undefined;
  if (item['password'] !== undefined && typeof item['password'] !== 'string') problems.push(`${at}.password: must be a string`);
  if (username !== undefined && username.includes(':')) problems.push(`${at}.username: must not contain ':' (HTTP Basic separator)`);
  if ((username === undefined) !== (password === undefined)) problems.push(`${at}: give both username and password, or neither`);
  const metadataMaxAgeMinutes = asMinutes(item['metadataMaxAgeMinutes'] ?? NEXUS_PROXY_DEFAULT_MINUTES, -1, `${at}.metadataMaxAgeMinutes`, problems);
  const negativeCacheMinutes = asMinutes(item['negativeCacheMinutes'] ?? NEXUS_PROXY_DEFAULT_MINUTES, 0, `${at}.negativeCacheMinutes`, problems);
  return {
    name,
    type: 'proxy',
    remoteUrl,
    ...(ca !== undefined && { ca }),
    ...(username !== undefined && { username }),
    ...(password !== undefined && { password }),
    metadataMaxAgeMinutes,
    negativeCacheMinutes,
    anonymousRead,
  };
}

/** An https URL without credentials, query or fragment, given a trailing slash (project pages are `<remoteUrl><name>/`). */
function readRemoteUrl(value: unknown, at: string, problems: string[]): string {
  const text = asString(value, at, problems);
  if (!text) return '';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    problems.push(`${at}: "${text}" is not a URL`);
    return '';
  }
  // Userinfo is refused without echoing the URL, which would print the password.
  if (url.username || url.password) {
    problems.push(`${at}: must not carry credentials; use "username" and "password"`);
    return '';
  }
  if (url.protocol !== 'https:') problems.push(`${at}: must be an https:// URL (the upstream is read over TLS)`);
  if (url.search || url.hash) problems.push(`${at}: must have no query or fragment`);
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function asMinutes(value: unknown, min: number, at: string, problems: string[]): number {
  if (Number.isInteger(value) && (value as number) >= min) return value as number;
  problems.push(`${at}: must be an integer of minutes, at least ${min}`);
  return NEXUS_PROXY_DEFAULT_MINUTES;
}

function readUser(value: unknown, at: string, problems: string[]): UserConfig {
  const item = asObject(value, at, problems);
  checkKeys(item, ['username', 'passwordHash', 'privileges'], at, problems);
  const username = asString(item['username'], `${at}.username`, problems);
  if (username.includes(':')) problems.push(`${at}.username: must not contain ':' (HTTP Basic separator)`);
  if (username === GENERATED_USERNAME) problems.push(`${at}.username: "${GENERATED_USERNAME}" is reserved for the generated user`);
  const passwordHash = asString(item['passwordHash'], `${at}.passwordHash`, problems);
  if (passwordHash && !isPasswordHash(passwordHash)) {
    problems.push(`${at}.passwordHash: not a scrypt hash; create one with "pypi-registry hash-password"`);
  }
  const privileges: Record<string, RepositoryAction[]> = {};
  const raw = asObject(item['privileges'] ?? {}, `${at}.privileges`, problems);
  for (const [repository, actions] of Object.entries(raw)) {
    privileges[repository] = asArray(actions, `${at}.privileges.${repository}`, problems).map((action, i) =>
      oneOf(action, ACTIONS, `${at}.privileges.${repository}[${i}]`, problems),
    );
  }
  return { username, passwordHash, privileges };
}

function checkReferences(repositories: RepositoryConfig[], users: UserConfig[], problems: string[]): void {
  const byName = new Map<string, RepositoryConfig>();
  repositories.forEach((repository, i) => {
    if (byName.has(repository.name)) problems.push(`repositories[${i}].name: duplicate repository "${repository.name}"`);
    byName.set(repository.name, repository);
  });
  repositories.forEach((repository, i) => {
    if (repository.type !== 'group') return;
    repository.members.forEach((member, j) => {
      if (!byName.has(member)) problems.push(`repositories[${i}].members[${j}]: no repository named "${member}"`);
    });
    if (reachesItself(repository.name, byName)) problems.push(`repositories[${i}].members: group "${repository.name}" contains itself`);
  });
  const seen = new Set<string>();
  users.forEach((user, i) => {
    if (seen.has(user.username)) problems.push(`users[${i}].username: duplicate user "${user.username}"`);
    seen.add(user.username);
    for (const repository of Object.keys(user.privileges)) {
      if (repository !== '*' && !byName.has(repository)) problems.push(`users[${i}].privileges.${repository}: no such repository`);
    }
  });
}

function reachesItself(start: string, byName: Map<string, RepositoryConfig>): boolean {
  const stack = [...memberNames(byName.get(start))];
  const visited = new Set<string>();
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (name === start) return true;
    if (visited.has(name)) continue;
    visited.add(name);
    stack.push(...memberNames(byName.get(name)));
  }
  return false;
}

function memberNames(repository: RepositoryConfig | undefined): string[] {
  return repository?.type === 'group' ? repository.members : [];
}

function asObject(value: unknown, at: string, problems: string[]): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  problems.push(`${at}: must be an object`);
  return {};
}

function asArray(value: unknown, at: string, problems: string[]): unknown[] {
  if (Array.isArray(value)) return value;
  problems.push(`${at}: must be an array`);
  return [];
}

function asString(value: unknown, at: string, problems: string[]): string {
  if (typeof value === 'string' && value !== '') return value;
  problems.push(`${at}: must be a non-empty string`);
  return '';
}

function asBoolean(value: unknown, at: string, problems: string[]): boolean {
  if (typeof value === 'boolean') return value;
  problems.push(`${at}: must be true or false`);
  return false;
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], at: string, problems: string[]): T {
  if (allowed.includes(value as T)) return value as T;
  problems.push(`${at}: must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return allowed[0]!;
}

/** Unknown keys are errors: a misspelt option must not be silently ignored. */
function checkKeys(item: Record<string, unknown>, known: string[], at: string, problems: string[]): void {
  for (const key of Object.keys(item)) {
    if (!known.includes(key)) problems.push(`${at ? `${at}.` : ''}${key}: unknown key (expected one of ${known.join(', ')})`);
  }
}

function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1]!.length + 1}`;
}
