/**
 * The running local registry's repository, kept out of nx.json. `nx run <p>:local-registry`
 * writes `.nx-pypi/local-registry.json` (gitignored, never an Nx input) while it runs and removes it
 * when it stops; the repository session reads it as a repository named `local`. nx.json stays
 * byte-identical, so builds keep their cache and `nx affected` sees no change (issue 14, item 16).
 * Pure: the text is an input. The file holds no secret: the password stays in an environment
 * variable named here, as in nx.json.
 */
import type { SourceLocation } from '../../errors';
import { RepositoryConfigError } from './errors';
import type { RepositoryConfig } from './nx-pypi-options';
import { REPOSITORY_KEYS } from './validate-repository';

/** Workspace-relative, under the `.nx-pypi/` folder `nx g nx-pypi:init` gitignores. */
export const LOCAL_REGISTRY_FILE = '.nx-pypi/local-registry.json';
export const LOCAL_REPOSITORY_NAME = 'local';

export interface LocalRegistryRecord {
  /** The executor's process; a record whose process is gone is stale and ignored. */
  pid: number;
  repository: RepositoryConfig;
}

export function renderLocalRegistryFile(record: LocalRegistryRecord): string {
  return `${JSON.stringify({ version: 1, pid: record.pid, repositories: { [LOCAL_REPOSITORY_NAME]: record.repository } }, null, 2)}\n`;
}

/** Where values of the record come from, for messages (`.nx-pypi/local-registry.json [repositories.local.uploadUrl]`). */
export const LOCAL_REGISTRY_LOCATION: SourceLocation = { file: LOCAL_REGISTRY_FILE, keyPath: `repositories.${LOCAL_REPOSITORY_NAME}` };

export function parseLocalRegistryFile(text: string): LocalRegistryRecord {
  const fail = (what: string): never => {
    throw new RepositoryConfigError(`the local registry's repository file cannot be read: ${what}`, {
      code: 'LOCAL_REGISTRY_FILE',
      location: { file: LOCAL_REGISTRY_FILE },
      hint: 'Stop the local registry and start it again (it rewrites the file), or delete the file if no local registry runs.',
    });
  };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return fail((e as Error).message);
  }
  const value = raw as { version?: unknown; pid?: unknown; repositories?: Record<string, unknown> } | null;
  if (value?.version !== 1) return fail('unknown version');
  if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return fail('"pid" is not a process id');
  const repository = value.repositories?.[LOCAL_REPOSITORY_NAME];
  if (repository === null || typeof repository !== 'object' || Array.isArray(repository))
    return fail(`"repositories.${LOCAL_REPOSITORY_NAME}" is not an object`);
  const unknown = Object.keys(repository).filter((k) => !(REPOSITORY_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) return fail(`unknown keys in "repositories.${LOCAL_REPOSITORY_NAME}": ${unknown.join(', ')}`);
  return { pid: value.pid, repository: repository as RepositoryConfig };
}
