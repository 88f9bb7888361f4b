/**
 * Where a password may travel. HTTP Basic sends it with every request, base64 but readable to
 * anyone on the path, so a repository URL that will carry credentials must be https://. A local
 * test registry on this machine's loopback interface is the one place plain http cannot be read
 * by others, and even there it takes an explicit `allowHttpLoopback: true`.
 */
import { RepositoryConfigError } from './errors';

/** A URL that will receive the credentials, and where it was configured (for the message). */
export interface CredentialDestination {
  url: string;
  /** E.g. `nx.json [plugins[0].options.repositories.nexus.uploadUrl]` or `env TWINE_REPOSITORY_URL`. */
  source: string;
}

export interface CredentialTransportInput {
  destinations: readonly CredentialDestination[];
  /** `allowHttpLoopback` as resolved for this repository. */
  allowHttpLoopback: boolean;
  /** Where the password comes from, e.g. `env NEXUS_PASSWORD`. */
  passwordSource: string;
}

/** 127.0.0.0/8, ::1 and `localhost` (which resolves to loopback only, RFC 6761). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (host === '::1' || host === '0:0:0:0:0:0:0:1') return true;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(host.replace(/^::ffff:/, ''));
  return v4 !== null && Number(v4[1]) === 127;
}

/** The first destination the password must not be sent to, as an error naming the key to fix; else undefined. */
export function checkCredentialTransport(input: CredentialTransportInput): RepositoryConfigError | undefined {
  for (const { url, source } of input.destinations) {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      continue; // not a URL: reported by the URL validation with its own location
    }
    if (parsed.protocol !== 'http:') continue;
    const loopback = isLoopbackHost(parsed.hostname);
    if (loopback && input.allowHttpLoopback) continue;
    const shown = `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
    return new RepositoryConfigError(
      `refusing to send the password (${input.passwordSource}) over plain http to ${shown}: anyone on the network path could read it`,
      {
        code: 'CREDENTIALS_OVER_HTTP',
        hint: loopback
          ? `Use https:// in ${source}. For a local test registry on this machine, "allowHttpLoopback": true in the repository's settings permits http on loopback addresses only.`
          : `Use the https:// URL of the repository in ${source} (Nexus serves https on its own port or behind a TLS proxy); credentials never go out over plain http.`,
      },
    );
  }
  return undefined;
}
