/**
 * What `location: project` writes, computed as data from the files' current text: a workspace
 * pip.conf (group index + chain), the chain itself, and a `local` repository in nx.json. Pure:
 * the caller reads the files before and applies the result after, and keeps `before` to restore.
 */
import { parseJson } from '@nx/devkit';
import { PLUGIN_NAME } from '../../../core/config/plugin-options';
import { updatePipConf } from '../../../core/config/pip-conf';
import type { NxPypiPluginOptions, RepositoryConfig } from '../../../core/config/nx-pypi-options';
import { LocalRegistryError } from './errors';
import { PASSWORD_ENV, REPOSITORY_NAME, USERNAME_ENV, WORKSPACE_FILES } from './normalize-options';

/** Current text of each managed file; undefined when it does not exist. */
export interface WorkspaceSnapshot {
  nxJson: string | undefined;
  pipConf: string | undefined;
  chain: string | undefined;
}

export interface RegistryEndpoints {
  uploadUrl: string;
  indexUrl: string;
  /** PEM text of the registry's CA chain (intermediate then root). */
  chainPem: string;
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

export function computeWorkspaceEdits(snapshot: WorkspaceSnapshot, endpoints: RegistryEndpoints, workspaceRoot: string): WorkspaceEdits {
  const notes: string[] = [];
  const chainAbsolute = `${workspaceRoot.replace(/[\\/]+$/, '')}/${WORKSPACE_FILES.chain}`;
  const pip = computePipConf(snapshot.pipConf, endpoints.indexUrl, chainAbsolute);
  notes.push(...pip.warnings.map((w) => `${WORKSPACE_FILES.pipConf}: ${w}`));
  const nx = computeNxJsonEdit(snapshot.nxJson, endpoints);
  notes.push(...nx.notes);
  const changes: FileChange[] = [
    { path: WORKSPACE_FILES.chain, before: snapshot.chain, after: endpoints.chainPem },
    { path: WORKSPACE_FILES.pipConf, before: snapshot.pipConf, after: pip.text },
    { path: WORKSPACE_FILES.nxJson, before: snapshot.nxJson, after: nx.text },
  ];
  return { changes: changes.filter((c) => c.before !== c.after), notes };
}

const PIP_CONF_HEADER = '# Written by nx-pypi:local-registry while it runs; removed (or restored) when it stops.\n';

function computePipConf(existing: string | undefined, indexUrl: string, cert: string): { text: string; warnings: string[] } {
  if (existing === undefined || existing.trim() === '') {
    return { text: `${PIP_CONF_HEADER}[global]\nindex-url = ${indexUrl}\ncert = ${cert}\n`, warnings: [] };
  }
  return updatePipConf(existing, { indexUrl, cert });
}

type PluginEntry = string | { plugin: string; options?: NxPypiPluginOptions; [key: string]: unknown };

/** The `local` repository the publish executor and pip-config generator read while the registry runs. */
export function computeLocalRepository(endpoints: Pick<RegistryEndpoints, 'uploadUrl' | 'indexUrl'>): RepositoryConfig {
  return {
    uploadUrl: endpoints.uploadUrl,
    indexUrl: endpoints.indexUrl,
    caBundle: WORKSPACE_FILES.chain,
    // Only the local CA signs this server; public roots would let nothing more through, only hide a wrong chain.
    publicRoots: false,
    usernameEnv: USERNAME_ENV,
    passwordEnv: PASSWORD_ENV,
  };
}

/**
 * Adds `repositories.local` to the nx-pypi plugin entry (registering the plugin when absent) and
 * makes it the defaultRepository only when none is set. Comments in nx.json are dropped from the
 * temporary text; the original text is restored byte for byte on exit.
 */
export function computeNxJsonEdit(text: string | undefined, endpoints: Pick<RegistryEndpoints, 'uploadUrl' | 'indexUrl'>): { text: string; notes: string[] } {
  const notes: string[] = [];
  const nxJson = text === undefined ? {} : parseNxJson(text);
  const plugins: PluginEntry[] = Array.isArray(nxJson.plugins) ? [...(nxJson.plugins as PluginEntry[])] : [];
  let index = plugins.findIndex((p) => (typeof p === 'string' ? p : p?.plugin) === PLUGIN_NAME);
  if (index < 0) {
    notes.push(`nx.json: registered the ${PLUGIN_NAME} plugin for the run (it infers targets from pyproject.toml files)`);
    plugins.push({ plugin: PLUGIN_NAME, options: {} });
    index = plugins.length - 1;
  }
  const entry = plugins[index];
  const current = typeof entry === 'string' ? { plugin: entry } : entry;
  const options: NxPypiPluginOptions = { ...(current.options ?? {}) };
  if (options.repositories?.[REPOSITORY_NAME]) {
    notes.push(`nx.json: repository "${REPOSITORY_NAME}" already existed; it points at the local registry until it stops`);
  }
  options.repositories = { ...(options.repositories ?? {}), [REPOSITORY_NAME]: computeLocalRepository(endpoints) };
  if (options.defaultRepository === undefined) {
    options.defaultRepository = REPOSITORY_NAME;
    notes.push(`nx.json: "${REPOSITORY_NAME}" is the defaultRepository until the registry stops`);
  } else if (options.defaultRepository !== REPOSITORY_NAME) {
    notes.push(`nx.json: defaultRepository stays "${options.defaultRepository}"; publish here with --repository=${REPOSITORY_NAME}`);
  }
  plugins[index] = { ...current, options };
  const edited = { ...nxJson, plugins };
  return { text: `${JSON.stringify(edited, null, detectIndent(text))}\n`, notes };
}

function parseNxJson(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = parseJson(text);
  } catch (e) {
    throw new LocalRegistryError(`nx.json is not valid JSON: ${(e as Error).message.split('\n')[0]}`, {
      code: 'LOCAL_REGISTRY_NX_JSON',
      location: { file: WORKSPACE_FILES.nxJson },
      hint: 'Fix nx.json, or run the target with --location=none to leave workspace files alone.',
    });
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new LocalRegistryError('nx.json does not hold a JSON object', {
      code: 'LOCAL_REGISTRY_NX_JSON',
      location: { file: WORKSPACE_FILES.nxJson },
      hint: 'Fix nx.json, or run the target with --location=none to leave workspace files alone.',
    });
  }
  const plugins = (parsed as Record<string, unknown>).plugins;
  if (plugins !== undefined && !Array.isArray(plugins)) {
    throw new LocalRegistryError('"plugins" is not an array', {
      code: 'LOCAL_REGISTRY_NX_JSON',
      location: { file: WORKSPACE_FILES.nxJson, keyPath: 'plugins' },
      hint: 'Make "plugins" an array of plugin names or { "plugin": ..., "options": ... } objects.',
    });
  }
  return parsed as Record<string, unknown>;
}

/** Keeps the file's own indentation while the edited text is in place (a tab or the first indent width). */
function detectIndent(text: string | undefined): string | number {
  const match = text ? /^([ \t]+)\S/m.exec(text) : null;
  return match ? match[1] : 2;
}
