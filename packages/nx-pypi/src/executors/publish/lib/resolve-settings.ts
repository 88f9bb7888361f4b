/**
 * Gathers what a publish needs from the workspace: the repository (nx.json plugin options, the
 * target's own options, --repository), the credentials (documented precedence) and the TLS trust.
 * Everything user-caused becomes an NxPypiError naming where to fix it.
 */
import type { ExecutorContext } from '@nx/devkit';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { resolveCredentials, describeCredentials } from '../../../core/config/credentials';
import { findPluginOptions } from '../../../core/config/plugin-options';
import { resolveRepository, type ResolvedRepository } from '../../../core/config/resolve-repository';
import type { Credentials } from '../../../core/publish/credentials';
import { PublishInputError } from '../../../core/publish/errors';
import type { TrustSettings } from '../../../core/tls/trust';
import { readPypirc } from '../../../io/config/read-pypirc';
import { readTrustSettings } from '../../../io/tls/read-trust';
import type { PublishExecutorSchema } from '../schema';

export interface PublishSettings {
  repository: ResolvedRepository;
  uploadUrl: string;
  hostedIndexUrl?: string;
  /** The group index dependents' consumers resolve through. */
  indexUrl?: string;
  credentials?: Credentials;
  /** `user "x" (env A), password from env B`: safe to print. */
  credentialsLine: string;
  trust: TrustSettings;
  /** Things worth a line of output (fallbacks, permission warnings). */
  notes: string[];
}

export function resolvePublishSettings(options: PublishExecutorSchema, context: ExecutorContext, env: NodeJS.ProcessEnv): PublishSettings {
  const found = findPluginOptions(context.nxJsonConfiguration as Parameters<typeof findPluginOptions>[0]);
  const project = context.projectsConfigurations.projects[context.projectName!];
  const targetName = context.targetName!;
  const repository = resolveRepository({
    pluginOptions: found?.options,
    pluginOptionsLocation: found?.location,
    projectOverrides: {
      options: (project.targets?.[targetName]?.options ?? {}) as Record<string, unknown>,
      location: { file: join(project.root, 'project.json'), keyPath: `targets.${targetName}.options` },
    },
    flag: options.repository,
    env,
  });
  const pypircPath = options.pypirc ? resolve(context.root, options.pypirc) : join(env.HOME ?? homedir(), '.pypirc');
  const { pypirc, warning } = readPypirc(pypircPath, options.pypirc !== undefined);
  const resolved = resolveCredentials({ repository, env, pypirc });
  const notes = [...resolved.notes];
  if (warning) notes.push(warning.message);

  const uploadUrl = resolved.uploadUrl?.value;
  if (!uploadUrl) {
    throw new PublishInputError('no upload URL is configured for publishing', {
      code: 'PUBLISH_NO_UPLOAD_URL',
      location: found?.location ?? { file: 'nx.json' },
      hint: 'add repositories.<name>.uploadUrl (the Nexus *hosted* repository, e.g. https://nexus.example.com/repository/pypi-hosted/) to the nx-pypi plugin options in nx.json, or set TWINE_REPOSITORY_URL',
    });
  }
  if (resolved.password && !resolved.username) {
    throw new PublishInputError(`a password is configured (${resolved.password.source}) but no user name`, {
      code: 'PUBLISH_NO_USERNAME',
      hint: 'set the variable named by usernameEnv (or TWINE_USERNAME) to the Nexus user that may upload',
    });
  }
  const caFiles = resolved.caFiles?.value ?? [];
  const trust = readTrustSettings(context.root, { caFiles, publicRoots: repository.publicRoots, configuredAt: resolved.caFiles?.source });
  const credentials =
    resolved.username && resolved.password
      ? { username: resolved.username.value, password: resolved.password.value.reveal(), source: resolved.password.source }
      : undefined;
  return {
    repository,
    uploadUrl,
    hostedIndexUrl: repository.hostedIndexUrl,
    indexUrl: repository.indexUrl,
    credentials,
    credentialsLine: describeCredentials(resolved),
    trust,
    notes,
  };
}
