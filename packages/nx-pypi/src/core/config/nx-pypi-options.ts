/**
 * Options of the `nx-pypi` plugin entry in nx.json, and the repository settings of nx-pypi.json.
 * Everything here is committed to git, so it names where secrets live (environment variable
 * names) and never holds one.
 */

/** One PyPI repository pair as Nexus lays it out: a hosted repo to upload to, a group to read from. */
export interface RepositoryConfig {
  /** The hosted repository's upload URL, e.g. `https://nexus.example.com/repository/pypi-hosted/`. */
  uploadUrl?: string;
  /** The group's simple index URL, for reads and installs, e.g. `.../repository/pypi-public/simple/`. */
  indexUrl?: string;
  /** The hosted repository's own simple index; defaults to `<uploadUrl>simple/`. */
  hostedIndexUrl?: string;
  /** A PEM file holding the CA chain (intermediate(s) then root), workspace-relative. */
  caBundle?: string;
  /** PEM certificate files, workspace-relative, used instead of `caBundle`. */
  ca?: string[];
  /** Also trust the public (Mozilla) roots Node ships. Default true. */
  publicRoots?: boolean;
  /**
   * A PEM file with this machine's client certificate for mutual TLS (the certificate first, then
   * any intermediates), workspace-relative or absolute. It may hold the private key too: pip's
   * `--client-cert` takes one file with both, so such a file serves every tool as is.
   */
  clientCert?: string;
  /**
   * The PEM file with clientCert's private key, when the key is in a file of its own. Unencrypted:
   * nothing could ask for a passphrase in CI. The path is committed; the key file never is.
   */
  clientKey?: string;
  /** Name of the environment variable that holds the username, e.g. `NEXUS_USERNAME`. */
  usernameEnv?: string;
  /** Name of the environment variable that holds the password, e.g. `NEXUS_PASSWORD`. */
  passwordEnv?: string;
  /** Permit credentials over plain http to a loopback address (a local test registry). Default false. */
  allowHttpLoopback?: boolean;
  /** Seconds to wait for a connection, and for the server between bytes while reading or sending. Default 30. */
  timeoutSeconds?: number;
}

/** The repository settings: nx-pypi.json's content (see repository-settings-file.ts). */
export interface RepositorySettings {
  repositories?: Record<string, RepositoryConfig>;
  defaultRepository?: string;
}

/**
 * The plugin options. `repositories` and `defaultRepository` are still read here for workspaces
 * configured before nx-pypi.json (see choose-repository-settings.ts), never written.
 */
export interface NxPypiPluginOptions extends RepositorySettings {
  buildTargetName?: string;
  publishTargetName?: string;
  installTargetName?: string;
  /** Workspace-relative globs of pyproject.toml files (or folders) that are not projects. */
  exclude?: string[];
}

export interface NormalizedPluginOptions {
  buildTargetName: string;
  publishTargetName: string;
  installTargetName: string;
  exclude: string[];
}

export function normalizePluginOptions(options: NxPypiPluginOptions | undefined): NormalizedPluginOptions {
  return {
    buildTargetName: options?.buildTargetName ?? 'build',
    publishTargetName: options?.publishTargetName ?? 'publish',
    installTargetName: options?.installTargetName ?? 'install',
    exclude: options?.exclude ?? [],
  };
}
