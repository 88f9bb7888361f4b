/**
 * The lines a user reads once the registry is up: where to upload, where to install from, which
 * CA to trust, and how to get the credentials. The password itself is never printed: the lines
 * show a command that reads it from the credentials file.
 */
import { PASSWORD_ENV, USERNAME_ENV } from './normalize-options';

export interface BannerInput {
  origin: string;
  dataDir: string;
  uploadUrl: string;
  indexUrl: string;
  /** Absolute path of the chain file clients should trust. */
  chainPath: string;
  /** Absolute path of the client certificate and key in one file, when the registry requires one. */
  clientCert?: string;
  credentialsFile: string;
  username: string;
  /** Absolute path of the workspace pip.conf, when one was written. */
  pipConf?: string;
  notes: string[];
  /** CA or index variables set in this environment that would override pip.conf. */
  overridingEnv: string[];
}

/** Variables that beat pip.conf's `cert`/`index-url` for pip (and twine's --cert for requests). */
export const PIP_OVERRIDE_VARIABLES = ['PIP_CERT', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'PIP_INDEX_URL', 'PIP_CONFIG_FILE'];

export function renderBanner(b: BannerInput): string[] {
  const lines = [
    `nx-pypi local registry listening on ${b.origin} (data: ${b.dataDir})`,
    `  upload URL: ${b.uploadUrl}`,
    `  index URL:  ${b.indexUrl}`,
    `  CA chain:   ${b.chainPath}`,
    ...(b.clientCert ? [`  client certificate required: ${b.clientCert} (certificate and key; the "local" repository and pip.conf name it)`] : []),
    `  credentials: ${b.credentialsFile} (user "${b.username}"); for nx-pypi:publish run:`,
    `    export ${USERNAME_ENV}=${b.username}`,
    `    export ${PASSWORD_ENV}="$(sed -n 's/^password = //p' ${shellQuote(b.credentialsFile)})"`,
  ];
  if (b.pipConf) {
    lines.push(`  pip.conf:   ${b.pipConf} (pip reads it with: export PIP_CONFIG_FILE=${shellQuote(b.pipConf)})`);
  }
  for (const note of b.notes) lines.push(`  note: ${note}`);
  if (b.overridingEnv.length > 0) {
    lines.push(
      `  note: ${b.overridingEnv.join(', ')} ${b.overridingEnv.length === 1 ? 'is' : 'are'} set and override${b.overridingEnv.length === 1 ? 's' : ''} pip.conf for pip; unset them (or point them at the CA chain) in the shell that installs`,
    );
  }
  lines.push(
    b.pipConf ? 'Stop with Ctrl+C (or SIGTERM): pip.conf and the chain are restored and the local repository removed then.' : 'Stop with Ctrl+C (or SIGTERM).',
  );
  return lines;
}

/** POSIX single quotes, only when the path needs them. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}
