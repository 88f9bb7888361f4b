/**
 * The environment of every Python process nx-pypi starts for a workspace (python -m build, pip):
 * the repository's CA chain through PIP_CERT, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and SSL_CERT_FILE,
 * and its group index as PIP_INDEX_URL, whatever the caller's environment says. With no repository
 * configured, the caller's environment is passed on as it is.
 */
import { join } from 'node:path';
import { findPluginOptions } from '../../core/config/plugin-options';
import { resolveRepository, type ProjectRepositoryOverrides } from '../../core/config/resolve-repository';
import { readTrustSettings } from '../tls/read-trust';
import { resolvePythonCaFile } from '../tls/python-ca-file';
import { pythonChildEnv, type PythonChildEnv } from './env';

export interface WorkspacePythonEnvInput {
  workspaceRoot: string;
  nxJson: unknown;
  env: Readonly<NodeJS.ProcessEnv>;
  /** `--repository`, or the target's `repository` option. */
  repository?: string;
  projectOverrides?: ProjectRepositoryOverrides;
}

export function resolveWorkspacePythonEnv(input: WorkspacePythonEnvInput): PythonChildEnv {
  const found = findPluginOptions(input.nxJson as Parameters<typeof findPluginOptions>[0]);
  if (!found?.options.repositories || Object.keys(found.options.repositories).length === 0) {
    return pythonChildEnv(input.env, {});
  }
  const repository = resolveRepository({
    pluginOptions: found.options,
    pluginOptionsLocation: found.location,
    projectOverrides: input.projectOverrides,
    flag: input.repository,
    env: input.env,
  });
  const trust = readTrustSettings(input.workspaceRoot, { caFiles: repository.caFiles, publicRoots: repository.publicRoots, configuredAt: repository.sources.ca });
  const caBundle = resolvePythonCaFile(input.workspaceRoot, trust, join(input.workspaceRoot, '.nx-pypi', 'ca'));
  return pythonChildEnv(input.env, { caBundle, indexUrl: repository.indexUrl });
}
