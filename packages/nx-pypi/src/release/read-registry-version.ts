/**
 * `currentVersionResolver: "registry"` for Python projects: the highest version listed for the
 * project on the group's simple index (`indexUrl` of the repository configured in nx-pypi.json), read
 * through the same repository session (trust, client certificate, credentials incl. ~/.pypirc,
 * timeouts) as publishing.
 *
 * `release.version.currentVersionResolverMetadata` may hold:
 * - `repository`: a repository name from nx-pypi.json (else the usual choice:
 *   NX_PYPI_REPOSITORY, `defaultRepository`, the only one);
 * - `indexUrl`: a simple index URL that replaces the repository's `indexUrl`.
 * The project's publish target options (a `repository` name, or single fields such as `indexUrl`)
 * apply here as they do when publishing, so the version is read from where the project is published.
 */
import { NxPypiError } from '../errors';
import { findPluginOptions } from '../core/config/plugin-options';
import { redactUrl } from '../core/publish/redact-url';
import { highestVersion } from '../core/release/highest-version';
import { fetchProjectIndex } from '../io/http/fetch-project-index';
import { normalizePluginOptions } from '../core/config/nx-pypi-options';
import { createDispatcher } from '../io/tls/dispatcher';
import { resolveRepositorySession } from '../io/config/repository-session';

export interface RegistryVersionInput {
  workspaceRoot: string;
  /** The parsed nx.json (only `plugins` is read: the publish target's name, and repository settings of workspaces without nx-pypi.json). */
  nxJson: { plugins?: Array<string | { plugin: string; options?: unknown }> } | null | undefined;
  /** The distribution name (`[project].name`). */
  distribution: string;
  metadata: Record<string, unknown> | undefined;
  env: Readonly<Record<string, string | undefined>>;
  /** The project's targets: the publish target's options may pick or override the repository, as for publishing. */
  targets?: Record<string, { options?: unknown }>;
  /** For messages, e.g. `libs/a/project.json`. */
  projectFile?: string;
}

const METADATA_KEYS = ['repository', 'indexUrl'];
const METADATA_LOCATION = { file: 'nx.json', keyPath: 'release.version.currentVersionResolverMetadata' };

export async function readRegistryVersion(input: RegistryVersionInput): Promise<{ currentVersion: string | null; logText: string }> {
  const metadata = checkMetadata(input.metadata ?? {});
  const found = findPluginOptions(input.nxJson);
  const publishTarget = normalizePluginOptions(found?.options).publishTargetName;
  const publishOptions = input.targets?.[publishTarget]?.options as Record<string, unknown> | undefined;
  const session = resolveRepositorySession({
    workspaceRoot: input.workspaceRoot,
    nxJson: input.nxJson,
    targetOptions: publishOptions && {
      options: publishOptions,
      location: { file: input.projectFile ?? 'project.json', keyPath: `targets.${publishTarget}.options` },
    },
    repositoryFlag: metadata.repository,
    indexUrlOverride:
      metadata.indexUrl === undefined ? undefined : { url: metadata.indexUrl, source: `${METADATA_LOCATION.file} [${METADATA_LOCATION.keyPath}.indexUrl]` },
    env: input.env,
  });
  const indexUrl = session.indexUrl;
  if (!indexUrl) {
    const settingsFile = session.settings.location.file;
    throw new NxPypiError('there is no simple index URL to read the published versions from', {
      code: 'RELEASE_REGISTRY_NO_INDEX_URL',
      location: session.settings.location,
      hint: session.repository.name
        ? `set "indexUrl" of repository "${session.repository.name}" in ${settingsFile} (e.g. https://nexus.example.com/repository/pypi-public/simple/), or release.version.currentVersionResolverMetadata.indexUrl`
        : `configure a repository with an "indexUrl" in ${settingsFile}, or set release.version.currentVersionResolverMetadata.indexUrl`,
    });
  }
  const dispatcher = createDispatcher(session.trust, { timeoutMs: session.timeoutMs, clientCertificate: session.clientCertificate });
  try {
    const page = await fetchProjectIndex(indexUrl, input.distribution, { dispatcher, credentials: session.credentials });
    const shown = redactUrl(page.url);
    if (!page.found) return { currentVersion: null, logText: `${shown} does not list ${input.distribution}` };
    const currentVersion = highestVersion(page.files.keys(), input.distribution) ?? null;
    return { currentVersion, logText: currentVersion ? `highest version listed on ${shown}` : `${shown} lists no release files of ${input.distribution}` };
  } finally {
    await dispatcher.close();
  }
}

function checkMetadata(metadata: Record<string, unknown>): { repository?: string; indexUrl?: string } {
  const problems = Object.entries(metadata)
    .filter(([key, value]) => !METADATA_KEYS.includes(key) || typeof value !== 'string' || value === '')
    .map(([key]) => key);
  if (problems.length > 0) {
    throw new NxPypiError(`currentVersionResolverMetadata has unsupported or non-string keys: ${problems.join(', ')}`, {
      code: 'RELEASE_REGISTRY_BAD_METADATA',
      location: METADATA_LOCATION,
      hint: `for Python projects it may only hold ${METADATA_KEYS.map((k) => `"${k}"`).join(' and ')}, both strings`,
    });
  }
  return metadata as { repository?: string; indexUrl?: string };
}
