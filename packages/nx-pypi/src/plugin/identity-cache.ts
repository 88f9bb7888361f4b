/**
 * What createNodes learned from each pyproject.toml, kept in Nx's workspace data folder and keyed
 * by the file's hash as Nx's own workspace context computed it (no extra read of the file). Without
 * the daemon every `nx` command computes the graph again, and reading and parsing a thousand files
 * was most of the plugin's time; with the cache an unchanged file costs a map lookup. A file that is
 * broken is never cached: its located error is reported on every run until it is fixed.
 *
 * Nx's `workspace-context` and `cache-directory` modules are the ones its own plugins use for this
 * (@nx/devkit's calculateHashForCreateNodes); if they cannot be loaded or answer, nothing is cached
 * and every file is read, as before.
 */
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProjectIdentity } from '../core/pyproject/project-identity';
import { readPluginVersion } from '../io/plugin-version';

/** One file's facts: its identity and whether it references workspace projects by path or source. */
export interface FileFacts {
  identity: ProjectIdentity;
  referencesWorkspace: boolean;
}

interface CacheFile {
  /** nx-pypi's version: another version may read files differently. */
  version: string;
  entries: Record<string, { hash: string } & FileFacts>;
}

interface NxWorkspaceApi {
  hash(workspaceRoot: string, files: readonly string[]): Promise<string[]>;
  /** The workspace's data folder (`.nx/workspace-data`, or NX_WORKSPACE_DATA_DIRECTORY). */
  dataDirectory(workspaceRoot: string): string;
}

function loadNxWorkspaceApi(): NxWorkspaceApi | undefined {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const context = require('nx/src/utils/workspace-context') as {
      hashMultiGlobWithWorkspaceContext(root: string, globGroups: string[][]): Promise<string[]>;
    };
    const cache = require('nx/src/utils/cache-directory') as { workspaceDataDirectoryForWorkspace(root: string): string };
    /* eslint-enable @typescript-eslint/no-require-imports */
    return {
      hash: (root, files) =>
        context.hashMultiGlobWithWorkspaceContext(
          root,
          files.map((f) => [f]),
        ),
      dataDirectory: (root) => cache.workspaceDataDirectoryForWorkspace(root),
    };
  } catch {
    return undefined;
  }
}

/**
 * The facts of every file, from the cache where the file's hash is unchanged, else from `compute`.
 * `api` is for tests; by default Nx's own.
 */
export async function readFileFactsCached(
  workspaceRoot: string,
  files: readonly string[],
  compute: (file: string) => FileFacts,
  api: NxWorkspaceApi | undefined = loadNxWorkspaceApi(),
): Promise<Map<string, FileFacts>> {
  const hashes = api ? await api.hash(workspaceRoot, files).catch(() => undefined) : undefined;
  if (!api || !hashes || hashes.length !== files.length) return new Map(files.map((file) => [file, compute(file)]));
  const path = join(api.dataDirectory(workspaceRoot), 'nx-pypi-project-identities.json');
  const version = readPluginVersion();
  const cached = readCache(path, version);
  const next: CacheFile = { version, entries: {} };
  const facts = new Map<string, FileFacts>();
  let changed = Object.keys(cached.entries).length !== files.length;
  files.forEach((file, i) => {
    const hash = hashes[i];
    const hit = cached.entries[file];
    if (hit && hit.hash === hash) {
      facts.set(file, { identity: hit.identity, referencesWorkspace: hit.referencesWorkspace });
      next.entries[file] = hit;
      return;
    }
    changed = true;
    const computed = compute(file);
    facts.set(file, computed);
    if (computed.identity.kind !== 'broken') next.entries[file] = { hash, ...computed };
  });
  if (changed) writeCache(path, next);
  return facts;
}

function readCache(path: string, version: string): CacheFile {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as CacheFile;
    if (parsed.version === version && parsed.entries && typeof parsed.entries === 'object') return parsed;
  } catch {
    // Missing or unreadable: start afresh.
  }
  return { version, entries: {} };
}

/** Written aside and renamed, so a concurrent `nx` never reads half a file. A failure only costs the cache. */
function writeCache(path: string, cache: CacheFile): void {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(temp, JSON.stringify(cache));
    renameSync(temp, path);
  } catch {
    // A read-only workspace data folder: every run computes, as without the cache.
  }
}
