/**
 * Options with defaults applied and paths made absolute. Pure: the workspace root is an input.
 */
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { LOCAL_REGISTRY_FILE } from '../../../core/config/local-registry-file';
import type { LocalRegistryExecutorSchema } from '../schema';
import { LocalRegistryError } from './errors';

export const DEFAULT_DATA_DIR = 'tmp/local-pypi-registry';
export const DEFAULT_PORT = 8443;
/** The certificate the registry generates names exactly these, and nothing off-machine may reach a test registry. */
export const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'] as const;

export interface NormalizedLocalRegistryOptions {
  workspaceRoot: string;
  dataDir: string;
  port: number;
  host: (typeof LOOPBACK_HOSTS)[number];
  strict: boolean;
  storageFlavour: 'sql' | 'orient';
  config?: string;
  clear: boolean;
  location: 'project' | 'none';
  requireClientCert: boolean;
  logRequests: boolean;
}

export function normalizeOptions(options: LocalRegistryExecutorSchema, workspaceRoot: string): NormalizedLocalRegistryOptions {
  const problems: string[] = [];
  const host = options.host ?? '127.0.0.1';
  if (!(LOOPBACK_HOSTS as readonly string[]).includes(host)) problems.push(`host "${host}" is not a loopback address (${LOOPBACK_HOSTS.join(', ')})`);
  const port = options.port ?? DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) problems.push(`port ${port} is not an integer from 0 to 65535`);
  const storageFlavour = options.storageFlavour ?? 'sql';
  if (storageFlavour !== 'sql' && storageFlavour !== 'orient') problems.push(`storageFlavour "${String(storageFlavour)}" is neither "sql" nor "orient"`);
  const location = options.location ?? 'project';
  if (location !== 'project' && location !== 'none') problems.push(`location "${String(location)}" is neither "project" nor "none"`);
  const dataDir = resolve(workspaceRoot, options.dataDir ?? DEFAULT_DATA_DIR);
  const clear = options.clear ?? true;
  if (clear && contains(dataDir, workspaceRoot)) problems.push(`dataDir ${dataDir} is the workspace root or one of its parents, and clear would delete it`);
  if (problems.length > 0) {
    throw new LocalRegistryError(`invalid local-registry options: ${problems.join('; ')}`, {
      code: 'LOCAL_REGISTRY_OPTIONS',
      location: { file: 'project.json', keyPath: 'targets.<local-registry>.options' },
      hint: 'Fix the target options (see the executor schema), or pass them on the command line, e.g. --port=0.',
    });
  }
  return {
    workspaceRoot,
    dataDir,
    port,
    host: host as NormalizedLocalRegistryOptions['host'],
    strict: options.strict ?? true,
    storageFlavour,
    config: options.config === undefined ? undefined : resolve(workspaceRoot, options.config),
    clear,
    location,
    requireClientCert: options.requireClientCert ?? false,
    logRequests: options.logRequests ?? true,
  };
}

/** Whether `outer` is `inner` or one of its ancestors. */
function contains(outer: string, inner: string): boolean {
  const rel = relative(outer, inner);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

/** Workspace-relative paths (with `/`) of the files `location: project` manages, all under gitignored names. */
export const WORKSPACE_FILES = {
  pipConf: 'pip.conf',
  chain: '.nx-pypi/local-registry-chain.pem',
  /** The `local` repository the repository session reads while the registry runs. */
  localRegistry: LOCAL_REGISTRY_FILE,
  state: '.nx-pypi/local-registry-state.json',
  stateDir: '.nx-pypi',
  /** Written only by versions before issue 14 item 16; still undone when such a run was killed. */
  nxJson: 'nx.json',
} as const;
export const USERNAME_ENV = 'NX_PYPI_LOCAL_USERNAME';
export const PASSWORD_ENV = 'NX_PYPI_LOCAL_PASSWORD';
