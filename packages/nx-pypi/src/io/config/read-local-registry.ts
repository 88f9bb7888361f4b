/**
 * Reads the repository a running `nx-pypi:local-registry` describes in its gitignored file. A file
 * whose process is gone was left by a registry that was killed: it is ignored (the next start of
 * the executor removes it), so nothing points at a dead registry.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOCAL_REGISTRY_FILE, LOCAL_REGISTRY_LOCATION, parseLocalRegistryFile } from '../../core/config/local-registry-file';
import type { RepositoryConfig } from '../../core/config/nx-pypi-options';
import type { SourceLocation } from '../../errors';
import { isProcessAlive } from '../process/is-alive';

export function readRunningLocalRegistry(workspaceRoot: string): { repository: RepositoryConfig; location: SourceLocation } | undefined {
  let text: string;
  try {
    text = readFileSync(join(workspaceRoot, LOCAL_REGISTRY_FILE), 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  const record = parseLocalRegistryFile(text);
  if (!isProcessAlive(record.pid)) return undefined;
  return { repository: record.repository, location: LOCAL_REGISTRY_LOCATION };
}
