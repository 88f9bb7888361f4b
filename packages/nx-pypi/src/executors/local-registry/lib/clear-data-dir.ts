/**
 * `clear`: a fresh registry per run (new CA, new password, no packages), like @nx/js:verdaccio's
 * `clear`. It deletes a directory tree, so it refuses anything that does not look like a registry
 * data directory, and a directory a live registry is serving.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { LocalRegistryError } from './errors';

/** Files pypi-registry writes on its first start; one of them marks a data directory. */
const REGISTRY_MARKERS = ['credentials', 'certs', 'server.json', 'repositories', 'admin-token'];

export function clearDataDir(dataDir: string): void {
  if (!existsSync(dataDir)) return;
  const entries = readdirSync(dataDir);
  if (entries.length === 0) return;
  if (!entries.some((e) => REGISTRY_MARKERS.includes(e))) {
    throw new LocalRegistryError(`${dataDir} is not empty and does not look like a registry data directory, so it is not cleared`, {
      code: 'LOCAL_REGISTRY_DATA_DIR_FOREIGN',
      location: { file: dataDir },
      hint: 'Choose another --dataDir (default tmp/local-pypi-registry), or pass --clear=false to serve it as it is.',
    });
  }
  const pid = servingPid(dataDir);
  if (pid !== undefined && pid !== process.pid) {
    throw new LocalRegistryError(`a registry (pid ${pid}) is serving ${dataDir}; it is not cleared under it`, {
      code: 'LOCAL_REGISTRY_DATA_DIR_IN_USE',
      location: { file: join(dataDir, 'server.json') },
      hint: `Stop that registry (kill ${pid}), or use another --dataDir.`,
    });
  }
  rmSync(dataDir, { recursive: true, force: true });
}

/** The pid in server.json when that process is alive; a file left by a killed registry is stale. */
function servingPid(dataDir: string): number | undefined {
  let pid: unknown;
  try {
    pid = (JSON.parse(readFileSync(join(dataDir, 'server.json'), 'utf8')) as { pid?: unknown }).pid;
  } catch {
    return undefined;
  }
  if (typeof pid !== 'number') return undefined;
  try {
    process.kill(pid, 0);
    return pid;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM' ? pid : undefined;
  }
}
