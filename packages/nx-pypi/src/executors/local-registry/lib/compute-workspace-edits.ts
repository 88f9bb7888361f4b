/**
 * What `location: project` writes, computed as data from the files' current text: a workspace
 * pip.conf (group index + chain, and the client certificate when the registry requires one), the
 * chain itself, and the `local` repository in a gitignored file the repository session reads. nx.json is never written: editing it made every Python build
 * miss the cache and `nx affected` list every project (issue 14, item 16). Pure: the caller reads
 * the files before and applies the result after, and keeps `before` to restore.
 */
import { LOCAL_REPOSITORY_NAME, renderLocalRegistryFile } from '../../../core/config/local-registry-file';
import type { ChosenRepositorySettings } from '../../../core/config/choose-repository-settings';
import type { RepositoryConfig } from '../../../core/config/nx-pypi-options';
import { renderPipConf, updatePipConf, type PipConfSettings } from '../../../core/config/pip-conf';
import { PASSWORD_ENV, USERNAME_ENV, WORKSPACE_FILES } from './normalize-options';

/** Current text of each managed file; undefined when it does not exist. */
export interface WorkspaceSnapshot {
  pipConf: string | undefined;
  chain: string | undefined;
  localRegistry: string | undefined;
}

export interface RegistryEndpoints {
  uploadUrl: string;
  indexUrl: string;
  /** PEM text of the registry's CA chain (intermediate then root). */
  chainPem: string;
  /**
   * Absolute path of the registry's client certificate and key in one file, when it requires
   * client certificates. Named, never copied: the key stays in the registry's data directory.
   */
  clientCert?: string;
}

export interface WorkspaceEditsInput {
  endpoints: RegistryEndpoints;
  workspaceRoot: string;
  /** The executor's process: a file whose process is gone is ignored by readers. */
  pid: number;
  /** The workspace's repository settings and their file (only for notes: nothing is written there). */
  settings: Pick<ChosenRepositorySettings, 'settings' | 'location'> | undefined;
}

/** One file the executor writes; `before` undefined means it did not exist and is removed on exit. */
export interface FileChange {
  /** Workspace-relative, `/`-separated. */
  path: string;
  before: string | undefined;
  after: string;
}

export interface WorkspaceEdits {
  changes: FileChange[];
  /** Things the user should know about the edits (printed once). */
  notes: string[];
}

export function computeWorkspaceEdits(snapshot: WorkspaceSnapshot, input: WorkspaceEditsInput): WorkspaceEdits {
  const { endpoints } = input;
  const chainAbsolute = `${input.workspaceRoot.replace(/[\\/]+$/, '')}/${WORKSPACE_FILES.chain}`;
  const pip = computePipConf(snapshot.pipConf, { indexUrl: endpoints.indexUrl, cert: chainAbsolute, clientCert: endpoints.clientCert });
  const notes = [...pip.warnings.map((w) => `${WORKSPACE_FILES.pipConf}: ${w}`), ...computeRepositoryNotes(input.settings)];
  const changes: FileChange[] = [
    { path: WORKSPACE_FILES.chain, before: snapshot.chain, after: endpoints.chainPem },
    { path: WORKSPACE_FILES.pipConf, before: snapshot.pipConf, after: pip.text },
    {
      path: WORKSPACE_FILES.localRegistry,
      before: snapshot.localRegistry,
      after: renderLocalRegistryFile({ pid: input.pid, repository: computeLocalRepository(endpoints) }),
    },
  ];
  return { changes: changes.filter((c) => c.before !== c.after), notes };
}

const PIP_CONF_HEADER = '# Written by nx-pypi:local-registry while it runs; removed (or restored) when it stops.\n';

function computePipConf(existing: string | undefined, settings: PipConfSettings): { text: string; warnings: string[] } {
  if (existing === undefined || existing.trim() === '') {
    return { text: renderPipConf(settings, PIP_CONF_HEADER), warnings: [] };
  }
  return updatePipConf(existing, settings);
}

/** The `local` repository publish, install, doctor and release use while the registry runs. */
export function computeLocalRepository(endpoints: Pick<RegistryEndpoints, 'uploadUrl' | 'indexUrl' | 'clientCert'>): RepositoryConfig {
  return {
    uploadUrl: endpoints.uploadUrl,
    indexUrl: endpoints.indexUrl,
    caBundle: WORKSPACE_FILES.chain,
    // Only the local CA signs this server; public roots would let nothing more through, only hide a wrong chain.
    publicRoots: false,
    ...(endpoints.clientCert !== undefined && { clientCert: endpoints.clientCert }),
    usernameEnv: USERNAME_ENV,
    passwordEnv: PASSWORD_ENV,
  };
}

/** Which repository nx-pypi commands use while the registry runs (see resolve-repository.ts for the order). */
function computeRepositoryNotes(found: WorkspaceEditsInput['settings']): string[] {
  const usual = found?.settings.defaultRepository;
  const notes = [
    `"${LOCAL_REPOSITORY_NAME}" is the default repository of every nx-pypi command while the registry runs (nx.json is not changed)` +
      (usual && usual !== LOCAL_REPOSITORY_NAME ? `; use NX_PYPI_REPOSITORY=${usual} or --repository=${usual} for "${usual}"` : ''),
  ];
  if (found?.settings.repositories?.[LOCAL_REPOSITORY_NAME]) {
    notes.push(`${found.location.file} defines a repository "${LOCAL_REPOSITORY_NAME}" too; the running registry's replaces it until it stops`);
  }
  return notes;
}
