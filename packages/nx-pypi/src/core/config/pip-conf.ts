/**
 * pip.conf text: `[global] index-url` (the group's simple index), `cert` (the CA chain) and, for
 * mutual TLS, `client-cert` (one file holding the client certificate and its key, as pip takes it).
 * Edits an existing file in place so the user's other settings and comments survive. Never writes
 * `trusted-host` (it turns verification off for that host) nor `break-system-packages`.
 * Keys: pip normalizes `_` to `-`, so `index_url` is the same key as `index-url`.
 */

export interface PipConfSettings {
  indexUrl: string;
  /** Absolute path of the CA chain file. */
  cert: string;
  /** Absolute path of one PEM file with the client certificate and its private key. */
  clientCert?: string;
}

export interface PipConfEdit {
  text: string;
  /** Settings found in the file that undermine the chain, worth a warning. */
  warnings: string[];
}

const HEADER = '# Written by `nx g nx-pypi:pip-config`: the Nexus group index and the workspace CA chain.\n';

/** A new file; `header` is its first comment line(s), naming what wrote it. */
export function renderPipConf(s: PipConfSettings, header: string = HEADER): string {
  return `${header}[global]\n${[...settingsOf(s)].map(([k, v]) => `${k} = ${v}\n`).join('')}`;
}

/** The keys written, in order; client-cert only when one is configured (else a client-cert already in the file stays). */
function settingsOf(s: PipConfSettings): Map<string, string> {
  const out = new Map([
    ['index-url', s.indexUrl],
    ['cert', s.cert],
  ]);
  if (s.clientCert !== undefined) out.set('client-cert', s.clientCert);
  return out;
}

/** Sets index-url, cert (and client-cert) in `[global]` of an existing pip.conf, keeping every other line. */
export function updatePipConf(existing: string, s: PipConfSettings): PipConfEdit {
  if (existing.trim() === '') return { text: renderPipConf(s), warnings: [] };
  const want = settingsOf(s);
  const lines = existing.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  const out: string[] = [];
  const warnings: string[] = [];
  let section = '';
  let globalEnd = -1;
  let skippingContinuation = false;
  for (const line of lines) {
    const header = /^\[([^\]]+)\]\s*$/.exec(line);
    if (header) {
      if (section === 'global') globalEnd = out.length;
      section = header[1];
      skippingContinuation = false;
      out.push(line);
      continue;
    }
    if (skippingContinuation && /^\s+\S/.test(line)) continue;
    skippingContinuation = false;
    const kv = /^([^=:#;\s][^=:]*?)\s*[=:]/.exec(line);
    const key = kv?.[1].trim().toLowerCase().replace(/_/g, '-');
    if (key === 'trusted-host') warnings.push(`[${section}] trusted-host disables certificate verification for those hosts; remove it`);
    if (key === 'break-system-packages')
      warnings.push(`[${section}] break-system-packages lets pip overwrite the OS's Python packages; nx-pypi does not need it`);
    if (section === 'global' && key && want.has(key)) {
      out.push(`${key} = ${want.get(key)}`);
      want.delete(key);
      skippingContinuation = true;
      continue;
    }
    if (section !== 'global' && key && (key === 'index-url' || key === 'cert' || key === 'client-cert')) {
      warnings.push(`[${section}] ${key} overrides [global] for that command`);
    }
    out.push(line);
  }
  if (section === 'global') globalEnd = out.length;
  const missing = [...want].map(([k, v]) => `${k} = ${v}`);
  if (globalEnd < 0) {
    out.push('', '[global]', ...missing);
  } else {
    // Insert right after the last key line of [global], before trailing blank lines.
    let at = globalEnd;
    while (at > 0 && out[at - 1].trim() === '') at--;
    out.splice(at, 0, ...missing);
  }
  return { text: `${out.join('\n')}\n`, warnings };
}

export interface UserPipConfInput {
  platform: string;
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  /** macOS only: whether ~/Library/Application Support/pip exists (pip prefers it then). */
  macAppSupportPipExists?: boolean;
}

/** pip's per-user config file (pip docs "Configuration", user level). */
export function computeUserPipConfPath(i: UserPipConfInput): string {
  const join = (...p: string[]): string => p.join(i.platform === 'win32' ? '\\' : '/');
  if (i.platform === 'win32') return join(i.env.APPDATA ?? join(i.homedir, 'AppData', 'Roaming'), 'pip', 'pip.ini');
  if (i.platform === 'darwin' && i.macAppSupportPipExists) return join(i.homedir, 'Library', 'Application Support', 'pip', 'pip.conf');
  const xdg = i.env.XDG_CONFIG_HOME && i.env.XDG_CONFIG_HOME.startsWith('/') ? i.env.XDG_CONFIG_HOME : join(i.homedir, '.config');
  return join(xdg, 'pip', 'pip.conf');
}
