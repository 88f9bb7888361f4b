/**
 * The one place a repository's settings are read and resolved for every caller (publish, install,
 * the PEP 517 fallback, doctor, nx release's registry reader, the generators that edit them): the
 * settings file (nx-pypi.json, or nx.json's plugin options in older workspaces, never both),
 * which repository, its URLs, the
 * credentials (found with twine's precedence, then keyring for the password, the password kept a
 * Secret until the Authorization header or a child's environment), the TLS trust, the timeouts,
 * the client certificate for mutual TLS, and whether the password may go to those URLs at all. Callers differ only in what they pass in: the options Nx handed their
 * executor (project.json options, a configuration and command-line flags, already merged) and
 * where a .pypirc is.
 */
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { chooseRepositorySettings, type ChosenRepositorySettings } from '../../core/config/choose-repository-settings';
import { checkCredentialTransport, type CredentialDestination } from '../../core/config/credential-transport';
import { describeCredentials, resolveCredentials, type ResolvedCredentials, type Sourced } from '../../core/config/credentials';
import { RepositoryConfigError } from '../../core/config/errors';
import { findPluginOptions } from '../../core/config/plugin-options';
import type { PypircPermissionWarning } from '../../core/config/pypirc';
import { parseRepositorySettingsFile, REPOSITORY_SETTINGS_FILE } from '../../core/config/repository-settings-file';
import { resolveRepository, type ProjectRepositoryOverrides, type ResolvedRepository } from '../../core/config/resolve-repository';
import type { Credentials } from '../../core/publish/credentials';
import type { ClientCertificate } from '../../core/tls/client-certificate';
import type { TrustSettings } from '../../core/tls/trust';
import { readClientCertificate } from '../tls/read-client-certificate';
import { readTrustSettings } from '../tls/read-trust';
import { askKeyringCli } from './keyring-cli';
import { readRunningLocalRegistry } from './read-local-registry';
import { readPypirc } from './read-pypirc';

export interface RepositorySessionInput {
  workspaceRoot: string;
  /**
   * nx.json as Nx read it (ExecutorContext.nxJsonConfiguration) or as a file parsed: its plugin
   * options hold the repository settings of workspaces that have no nx-pypi.json yet.
   */
  nxJson: unknown;
  /** The executor's options as Nx handed them, and where the target is defined (for messages). */
  targetOptions?: ProjectRepositoryOverrides;
  /** `--repository <name>` when it is not among targetOptions. */
  repositoryFlag?: string;
  /** A .pypirc named explicitly (it must exist); default `~/.pypirc` when present. */
  pypirc?: { path: string; option: string };
  env: Readonly<NodeJS.ProcessEnv>;
  /** Replaces the repository's group index (nx release's currentVersionResolverMetadata.indexUrl). */
  indexUrlOverride?: { url: string; source: string };
  /** Replaces the configured CA files (doctor's --ca). */
  caFilesOverride?: { files: string[]; source: string };
  /** Read the CA files into trust settings and the client certificate (doctor diagnoses them itself). Default true. */
  readTrust?: boolean;
}

export interface RepositorySession {
  /** Where the settings came from; its `warning` says when that is nx.json (doctor prints it). */
  settings: ChosenRepositorySettings;
  repository: ResolvedRepository;
  /** Every value with where it came from (doctor and messages). */
  resolved: ResolvedCredentials;
  uploadUrl?: Sourced<string>;
  hostedIndexUrl?: string;
  /** The group's simple index. */
  indexUrl?: string;
  /** Present when both a user name and a password were found. */
  credentials?: Credentials;
  /** `user "x" (env A), password from env B`: safe to print. */
  credentialsLine: string;
  /** Empty trust (no files, public roots as configured) when readTrust is false. */
  trust: TrustSettings;
  /** clientCert / clientKey read and checked; undefined when none is configured, or readTrust is false. */
  clientCertificate?: ClientCertificate;
  timeoutMs: number;
  /** Lines worth printing: fallbacks taken, unset variables. */
  notes: string[];
  pypircWarning?: PypircPermissionWarning;
}

/** A workspace file's text, or undefined when it does not exist: the disk, or a generator's Tree. */
export type ReadWorkspaceFile = (workspaceRelativePath: string) => string | undefined;

/**
 * The workspace's repository settings: nx-pypi.json, else the plugin options of nx.json (as Nx
 * read it, or as a generator's Tree holds it). Throws a located error for a broken nx-pypi.json
 * and for settings in both files.
 */
export function readRepositorySettings(workspaceRoot: string, nxJson: unknown, readFile?: ReadWorkspaceFile): ChosenRepositorySettings {
  const text = (readFile ?? diskReader(workspaceRoot))(REPOSITORY_SETTINGS_FILE);
  return chooseRepositorySettings({
    file: text === undefined ? undefined : parseRepositorySettingsFile(text),
    nxJson: findPluginOptions(nxJson as Parameters<typeof findPluginOptions>[0]),
  });
}

function diskReader(workspaceRoot: string): ReadWorkspaceFile {
  return (path) => {
    try {
      return readFileSync(join(workspaceRoot, path), 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  };
}

export function resolveRepositorySession(input: RepositorySessionInput): RepositorySession {
  const settings = readRepositorySettings(input.workspaceRoot, input.nxJson);
  const repository = resolveRepository({
    settings: settings.settings,
    settingsLocation: settings.location,
    projectOverrides: input.targetOptions,
    // A `repository` among the target options is picked (and reported) as the target's option.
    flag: input.repositoryFlag,
    env: input.env,
    // A running nx-pypi:local-registry: its repository comes from a gitignored file, never from nx.json.
    localRegistry: readRunningLocalRegistry(input.workspaceRoot),
  });
  if (input.indexUrlOverride) {
    repository.indexUrl = withSlash(input.indexUrlOverride.url);
    repository.sources.indexUrl = input.indexUrlOverride.source;
  }
  if (input.caFilesOverride) {
    repository.caFiles = input.caFilesOverride.files;
    repository.sources.ca = input.caFilesOverride.source;
  }
  const pypircPath = input.pypirc ? resolve(input.workspaceRoot, input.pypirc.path) : join(input.env.HOME ?? homedir(), '.pypirc');
  const { pypirc, warning } = readPypirc(pypircPath, input.pypirc?.option);
  // keyring runs with the session's environment: its PATH, HOME and PYTHON_KEYRING_BACKEND choose the command and the backend.
  const resolved = resolveCredentials({ repository, env: input.env, pypirc, keyring: askKeyringCli(input.env) });
  const notes = [...resolved.notes];
  if (warning) notes.push(warning.message);

  if (resolved.password && !resolved.username) {
    throw new RepositoryConfigError(`a password is configured (${resolved.password.source}) but no user name`, {
      code: 'PUBLISH_NO_USERNAME',
      hint: `set the variable named by usernameEnv${repository.usernameEnv ? ` (${repository.usernameEnv})` : ''} or TWINE_USERNAME to the repository user`,
    });
  }
  const credentials =
    resolved.username && resolved.password
      ? { username: resolved.username.value, password: resolved.password.value, source: resolved.password.source }
      : undefined;
  const uploadUrl = resolved.uploadUrl;
  // TWINE_REPOSITORY_URL or .pypirc may give the upload URL when the settings do not.
  const hostedIndexUrl = repository.hostedIndexUrl ?? (uploadUrl ? `${withSlash(uploadUrl.value)}simple/` : undefined);
  if (credentials) {
    const destinations: CredentialDestination[] = [];
    if (uploadUrl) destinations.push({ url: uploadUrl.value, source: uploadUrl.source });
    if (hostedIndexUrl) destinations.push({ url: hostedIndexUrl, source: repository.sources.hostedIndexUrl ?? `${uploadUrl?.source} + simple/` });
    if (repository.indexUrl) destinations.push({ url: repository.indexUrl, source: repository.sources.indexUrl ?? 'indexUrl' });
    const refused = checkCredentialTransport({ destinations, allowHttpLoopback: repository.allowHttpLoopback, passwordSource: credentials.source });
    if (refused) throw refused;
  }
  const caFiles = resolved.caFiles?.value ?? [];
  const trust =
    input.readTrust === false
      ? { certificates: [], files: caFiles, publicRoots: repository.publicRoots }
      : readTrustSettings(input.workspaceRoot, { caFiles, publicRoots: repository.publicRoots, configuredAt: resolved.caFiles?.source });
  // A pipeline that works with twine keeps its client certificate: TWINE_CLIENT_CERT or .pypirc
  // client_cert, one file with the certificate and its key, when the settings name none.
  const withTwineCert = resolved.clientCert
    ? { ...repository, clientCert: resolved.clientCert.value, clientKey: undefined, sources: { ...repository.sources, clientCert: resolved.clientCert.source } }
    : repository;
  const clientCertificate = input.readTrust === false ? undefined : readClientCertificate(input.workspaceRoot, withTwineCert);
  return {
    settings,
    repository,
    resolved,
    uploadUrl,
    hostedIndexUrl,
    indexUrl: repository.indexUrl,
    credentials,
    credentialsLine: describeCredentials(resolved),
    trust,
    clientCertificate,
    timeoutMs: repository.timeoutSeconds * 1000,
    notes,
    pypircWarning: warning,
  };
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
