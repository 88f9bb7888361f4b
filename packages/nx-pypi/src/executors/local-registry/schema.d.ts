export interface LocalRegistryExecutorSchema {
  /** Registry data directory, workspace-relative or absolute. Default `tmp/local-pypi-registry`. */
  dataDir?: string;
  /** Default 8443; 0 picks a free port. */
  port?: number;
  /** Loopback only. Default `127.0.0.1`. */
  host?: '127.0.0.1' | '::1' | 'localhost';
  /** Default true. */
  strict?: boolean;
  /** Default `sql`. */
  storageFlavour?: 'sql' | 'orient';
  /** A pypi-registry JSON config, workspace-relative or absolute. */
  config?: string;
  /** Wipe the data directory first. Default true. */
  clear?: boolean;
  /** `project` (default): write pip.conf, the chain and `.nx-pypi/local-registry.json` while running (never nx.json); `none`: write nothing. */
  location?: 'project' | 'none';
  /** Require a client certificate from the registry's CA on every connection (mutual TLS). Default false. */
  requireClientCert?: boolean;
  /** Print one line per request. Default true. */
  logRequests?: boolean;
}
