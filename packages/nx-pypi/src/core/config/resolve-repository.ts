/**
 * The effective repository for one command. Layers, lowest to highest:
 *   1. the workspace's repository settings `repositories.<name>` (nx-pypi.json, or nx.json's
 *      nx-pypi plugin options in workspaces configured before it: choose-repository-settings.ts),
 *   2. the project's publish target options (project.json `targets.<publish>.options`, or a
 *      configuration of it): the Nx way to override plugin-level settings per project; a
 *      `repository` option there picks another named repository, and repository fields
 *      (uploadUrl, indexUrl, caBundle, ...) override single values,
 *   3. the `--repository <name>` flag, which picks the named repository for this run.
 * The name is chosen by: flag, then the project's `repository`, then env NX_PYPI_REPOSITORY, then
 * `local` while a local registry runs, then `defaultRepository`, then the only repository when
 * there is exactly one.
 *
 * A running `nx-pypi:local-registry` adds the repository `local` from its own gitignored file, not
 * from nx.json (editing nx.json invalidated every cached build). Like @nx/js:verdaccio, which points
 * npm at itself for as long as it runs, it is the default while it runs; an explicit choice (flag,
 * project option, NX_PYPI_REPOSITORY) still wins, and it replaces a configured repository named `local`.
 */
import { AggregateNxPypiError, formatLocation, type NxPypiError, type SourceLocation } from '../../errors';
import type { RepositoryConfig, RepositorySettings } from './nx-pypi-options';
import { REPOSITORY_SETTINGS_LOCATION } from './repository-settings-file';
import { RepositoryConfigError } from './errors';
import { pickRepositoryFields, validateRepositoryBlock } from './validate-repository';

export interface ProjectRepositoryOverrides {
  /** The publish target's options (other executor options are ignored here). */
  options: Record<string, unknown>;
  /** E.g. `{ file: 'libs/foo/project.json', keyPath: 'targets.publish.options' }`. */
  location: SourceLocation;
}

export interface ResolveRepositoryInput {
  /** The workspace's repository settings (see choose-repository-settings.ts). */
  settings: RepositorySettings | undefined;
  /** Where they sit; default nx-pypi.json (also where a missing repository belongs). */
  settingsLocation?: SourceLocation;
  projectOverrides?: ProjectRepositoryOverrides;
  /** `--repository <name>`. */
  flag?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** The repository a running local registry describes (see local-registry-file.ts), and where it was read. */
  localRegistry?: { repository: RepositoryConfig; location: SourceLocation };
}

type Field =
  | 'name'
  | 'uploadUrl'
  | 'indexUrl'
  | 'hostedIndexUrl'
  | 'ca'
  | 'publicRoots'
  | 'clientCert'
  | 'clientKey'
  | 'usernameEnv'
  | 'passwordEnv'
  | 'allowHttpLoopback'
  | 'timeoutSeconds';

/** What uv uses by default (UV_HTTP_TIMEOUT); undici's own 300 s per attempt is far too long. */
export const DEFAULT_TIMEOUT_SECONDS = 30;

export interface ResolvedRepository {
  /** The repository's name in the settings, if one was selected. */
  name?: string;
  /** Always ends with `/` (Nexus answers 400 to a POST on `/repository/<name>` without it). */
  uploadUrl?: string;
  /** The group's simple index, ending with `/`. */
  indexUrl?: string;
  /** The hosted repository's simple index; `<uploadUrl>simple/` unless configured. */
  hostedIndexUrl?: string;
  /** Workspace-relative CA files: `[caBundle]` or `ca`; empty when none configured. */
  caFiles: string[];
  publicRoots: boolean;
  /** The client certificate for mutual TLS (PEM), workspace-relative or absolute, as configured. */
  clientCert?: string;
  /** Its private key's file when it is not in clientCert's file. */
  clientKey?: string;
  usernameEnv?: string;
  passwordEnv?: string;
  allowHttpLoopback: boolean;
  timeoutSeconds: number;
  /** Where each value came from, for messages, e.g. `nx-pypi.json [repositories.nexus.uploadUrl]`. */
  sources: Partial<Record<Field, string>>;
}

/** The name a running local registry's repository goes by. */
const LOCAL_NAME = 'local';

/** Resolves and validates; throws one AggregateNxPypiError listing every problem. */
export function resolveRepository(input: ResolveRepositoryInput): ResolvedRepository {
  const settingsLoc = input.settingsLocation ?? REPOSITORY_SETTINGS_LOCATION;
  const repos: Record<string, RepositoryConfig> = { ...(input.settings?.repositories ?? {}) };
  const locations: Record<string, SourceLocation> = Object.fromEntries(Object.keys(repos).map((name) => [name, sub(settingsLoc, `repositories.${name}`)]));
  if (input.localRegistry) {
    delete repos[LOCAL_NAME];
    repos[LOCAL_NAME] = input.localRegistry.repository;
    locations[LOCAL_NAME] = input.localRegistry.location;
  }
  const problems: NxPypiError[] = [];
  for (const [name, block] of Object.entries(repos)) {
    problems.push(...validateRepositoryBlock(block as Record<string, unknown>, locations[name], true, envPrefix(name)));
  }
  const overrides = input.projectOverrides;
  if (overrides) problems.push(...validateRepositoryBlock(overrides.options, overrides.location, false, 'NEXUS'));
  const pick = pickName(input, repos, settingsLoc);
  if (pick instanceof RepositoryConfigError) problems.push(pick);
  if (problems.length > 0) throw new AggregateNxPypiError('The repository configuration cannot be used', problems, 'REPOSITORY_CONFIG_INVALID');
  const { name, source } = pick as { name?: string; source?: string };

  const sources: ResolvedRepository['sources'] = {};
  if (name && source) sources.name = source;
  const merged: Record<string, unknown> = {};
  const layer = (block: RepositoryConfig, loc: SourceLocation): void => {
    // clientCert and clientKey are one setting too: a key left from a lower layer would belong to another certificate.
    if (block.clientCert !== undefined || block.clientKey !== undefined) {
      for (const k of ['clientCert', 'clientKey'] as const) {
        delete merged[k];
        delete sources[k];
      }
    }
    for (const [k, v] of Object.entries(block)) {
      if (v === undefined) continue;
      // caBundle and ca are one setting written two ways: a higher layer's choice replaces both.
      if (k === 'caBundle' || k === 'ca') delete merged[k === 'ca' ? 'caBundle' : 'ca'];
      merged[k] = v;
      sources[(k === 'caBundle' ? 'ca' : k) as Field] = formatLocation(sub(loc, k));
    }
  };
  if (name) layer(repos[name], locations[name]);
  if (overrides) layer(pickRepositoryFields(overrides.options), overrides.location);

  const uploadUrl = withSlash(merged.uploadUrl as string | undefined);
  const hostedIndexUrl = withSlash(merged.hostedIndexUrl as string | undefined) ?? (uploadUrl ? `${uploadUrl}simple/` : undefined);
  if (!merged.hostedIndexUrl && uploadUrl) sources.hostedIndexUrl = `${sources.uploadUrl} + simple/`;
  const caFiles = typeof merged.caBundle === 'string' ? [merged.caBundle] : ((merged.ca as string[] | undefined) ?? []);
  return {
    name,
    uploadUrl,
    indexUrl: withSlash(merged.indexUrl as string | undefined),
    hostedIndexUrl,
    caFiles,
    publicRoots: (merged.publicRoots as boolean | undefined) ?? true,
    clientCert: merged.clientCert as string | undefined,
    clientKey: merged.clientKey as string | undefined,
    usernameEnv: merged.usernameEnv as string | undefined,
    passwordEnv: merged.passwordEnv as string | undefined,
    allowHttpLoopback: (merged.allowHttpLoopback as boolean | undefined) ?? false,
    timeoutSeconds: (merged.timeoutSeconds as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS,
    sources,
  };
}

function pickName(
  input: ResolveRepositoryInput,
  repos: Record<string, RepositoryConfig>,
  settingsLoc: SourceLocation,
): { name?: string; source?: string } | RepositoryConfigError {
  const known = Object.keys(repos);
  const projectPick = input.projectOverrides?.options.repository;
  const candidates: Array<[unknown, string, SourceLocation | undefined]> = [
    [input.flag, '--repository', undefined],
    [
      projectPick,
      input.projectOverrides ? formatLocation(sub(input.projectOverrides.location, 'repository')) : '',
      input.projectOverrides && sub(input.projectOverrides.location, 'repository'),
    ],
    [input.env.NX_PYPI_REPOSITORY || undefined, 'env NX_PYPI_REPOSITORY', undefined],
    [input.localRegistry ? LOCAL_NAME : undefined, `the running local registry (${input.localRegistry?.location.file})`, undefined],
    [input.settings?.defaultRepository, formatLocation(sub(settingsLoc, 'defaultRepository')), sub(settingsLoc, 'defaultRepository')],
  ];
  for (const [value, source, location] of candidates) {
    if (value === undefined) continue;
    if (typeof value === 'string' && known.includes(value)) return { name: value, source };
    const list = known.length > 0 ? `Known repositories: ${known.join(', ')}.` : `${settingsLoc.file} defines no repositories yet.`;
    return new RepositoryConfigError(`repository "${String(value)}" (from ${source}) is not defined in ${settingsLoc.file}`, {
      code: 'REPOSITORY_UNKNOWN',
      location,
      hint: `${list} Add it under ${formatLocation(sub(settingsLoc, 'repositories'))}, or name another.`,
    });
  }
  if (known.length === 1) return { name: known[0], source: `${formatLocation(sub(settingsLoc, 'repositories'))} (the only one)` };
  if (known.length > 1) {
    return new RepositoryConfigError(`several repositories are defined (${known.join(', ')}) and none is chosen`, {
      code: 'REPOSITORY_AMBIGUOUS',
      location: sub(settingsLoc, 'defaultRepository'),
      hint: `Set "defaultRepository" in ${settingsLoc.file}, or pass --repository <name>.`,
    });
  }
  return {};
}

function sub(loc: SourceLocation, key: string): SourceLocation {
  return { ...loc, keyPath: loc.keyPath ? `${loc.keyPath}.${key}` : key };
}

function withSlash(url: string | undefined): string | undefined {
  return url === undefined || url.endsWith('/') ? url : `${url}/`;
}

/** `pypi-hosted` -> `PYPI_HOSTED`, for suggested variable names in messages. */
export function envPrefix(name: string): string {
  const p = name
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Z]/.test(p) ? p : `NEXUS_${p}`.replace(/_$/, '');
}
