/**
 * .pypirc as twine reads it (twine/utils.py get_config): a section is visible only when listed in
 * `[distutils] index-servers` (whitespace-separated; default `pypi testpypi`), and it offers
 * `repository`, `username`, `password`, `ca_cert` and `client_cert`. nx-pypi reads it so a pipeline that already
 * works with twine keeps working without edits.
 */
import { parseIni, type IniSection } from './ini';

export interface PypircServer {
  name: string;
  /** 1-based line of the `[name]` header. */
  line: number;
  repository?: string;
  username?: string;
  password?: string;
  caCert?: string;
  /** twine's `client_cert`: one PEM file holding the client certificate and its key. */
  clientCert?: string;
}

export interface Pypirc {
  file: string;
  /** Names listed in `[distutils] index-servers`, in order. */
  indexServers: string[];
  /** Only the listed sections, as twine sees them. */
  servers: Map<string, PypircServer>;
  /** Sections present in the file but not listed: twine ignores them, and says so only on use. */
  unlisted: string[];
}

/** Parses .pypirc text; throws RepositoryConfigError on a syntax error with file:line. */
export function parsePypirc(text: string, file: string): Pypirc {
  const ini = parseIni(text, file);
  const listed = ini.get('distutils')?.entries.get('index-servers')?.value;
  const indexServers = listed === undefined ? ['pypi', 'testpypi'] : listed.split(/\s+/).filter(Boolean);
  const servers = new Map<string, PypircServer>();
  for (const name of indexServers) {
    const s = ini.get(name);
    if (s) servers.set(name, toServer(s));
  }
  const unlisted = [...ini.keys()].filter((n) => n !== 'distutils' && n !== 'server-login' && !indexServers.includes(n));
  return { file, indexServers, servers, unlisted };
}

function toServer(s: IniSection): PypircServer {
  const get = (k: string): string | undefined => s.entries.get(k)?.value || undefined;
  return {
    name: s.name,
    line: s.line,
    repository: get('repository'),
    username: get('username'),
    password: get('password'),
    caCert: get('ca_cert'),
    clientCert: get('client_cert'),
  };
}

export interface PypircPermissionWarning {
  file: string;
  message: string;
  fix: string;
}

/**
 * A .pypirc holding a password must not be readable by group or others (the ssh/netrc rule).
 * `mode` is the st_mode from a stat; null on platforms without POSIX modes (Windows).
 */
export function classifyPypircPermissions(pypirc: Pypirc, mode: number | null): PypircPermissionWarning | undefined {
  if (mode === null || (mode & 0o077) === 0) return undefined;
  const withPassword = [...pypirc.servers.values()].filter((s) => s.password !== undefined).map((s) => `[${s.name}]`);
  if (withPassword.length === 0) return undefined;
  const perms = (mode & 0o777).toString(8).padStart(3, '0');
  return {
    file: pypirc.file,
    message: `${pypirc.file} holds a password (${withPassword.join(', ')}) and is readable by ${mode & 0o007 ? 'every user' : 'its group'} (mode ${perms})`,
    fix: `Run: chmod 600 ${pypirc.file}`,
  };
}
