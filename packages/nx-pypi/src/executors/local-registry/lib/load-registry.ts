/**
 * The registry is the `pypi-registry` package installed in the user's workspace, not a
 * dependency of the plugin: a test server has no place in the install of everyone who publishes.
 * Only the part of its API the executor uses is described here.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { LocalRegistryError } from './errors';

export interface RunningLocalRegistry {
  port: number;
  origin: string;
  uploadUrl(repository?: string): string;
  indexUrl(repository?: string): string;
  dataDir: string;
  certs: { root: string; intermediate: string; chain: string };
  /** Present when it was started with requireClientCert (pypi-registry 0.1.0 with mutual TLS). */
  clientCertificates?: { cert: string; key: string; combined: string };
  credentials: { username: string; password: string };
  close(): Promise<void>;
}

export interface LocalRegistryStartOptions {
  dataDir: string;
  port: number;
  host: string;
  strict: boolean;
  storageFlavour: 'sql' | 'orient';
  config?: string;
  requireClientCert?: boolean;
  logRequest?: (line: string) => void;
  logError?: (line: string) => void;
}

export interface PypiRegistryModule {
  startRegistry(options: LocalRegistryStartOptions): Promise<RunningLocalRegistry>;
  /** Renders the registry's own errors (bad config, port in use) as the registry's CLI would. */
  renderRegistryError?: (error: unknown) => string;
}

export const REGISTRY_PACKAGE = 'pypi-registry';

/**
 * Node's lookup for a bare name, done by hand from the workspace root: `<dir>/node_modules/<name>`
 * in the root and then each parent. By hand because `require.resolve(name, { paths })` falls back
 * to the plugin's own location in some module systems (Jest's among them), which would find a
 * registry the workspace never installed.
 */
export function findRegistryPackage(workspaceRoot: string): string | undefined {
  for (let dir = resolve(workspaceRoot); ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', REGISTRY_PACKAGE);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function loadRegistryModule(workspaceRoot: string): PypiRegistryModule {
  const hint = `Install it as a dev dependency: npm install -D ${REGISTRY_PACKAGE} (or its tarball: npm install -D ./pypi-registry-<version>.tgz), then run the target again.`;
  const packageDir = findRegistryPackage(workspaceRoot);
  if (packageDir === undefined) {
    throw new LocalRegistryError(`the ${REGISTRY_PACKAGE} package is not installed in this workspace (${workspaceRoot})`, {
      code: 'LOCAL_REGISTRY_NOT_INSTALLED',
      hint,
    });
  }
  let loaded: Partial<PypiRegistryModule>;
  try {
    // A directory require reads the package's "main": the module is the workspace's, not bundled with the plugin.
    loaded = require(packageDir) as Partial<PypiRegistryModule>;
  } catch (e) {
    throw new LocalRegistryError(`the ${REGISTRY_PACKAGE} package in ${packageDir} cannot be loaded: ${(e as Error).message.split('\n')[0]}`, {
      code: 'LOCAL_REGISTRY_NOT_LOADABLE',
      hint: `Reinstall it (npm install -D ${REGISTRY_PACKAGE}); a package linked from a source checkout must be built first.`,
      cause: e,
    });
  }
  if (typeof loaded.startRegistry !== 'function') {
    throw new LocalRegistryError(`${packageDir} does not export startRegistry()`, {
      code: 'LOCAL_REGISTRY_INCOMPATIBLE',
      hint: `Install a ${REGISTRY_PACKAGE} version that provides startRegistry (0.1.0 or later).`,
    });
  }
  return loaded as PypiRegistryModule;
}
