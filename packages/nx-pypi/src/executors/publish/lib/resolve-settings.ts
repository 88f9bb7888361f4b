/**
 * What a publish needs from the workspace, through the one repository resolver: the repository
 * (nx-pypi.json, then the options Nx handed this task: project.json, a configuration,
 * command-line flags such as --uploadUrl, and `nx release publish --registry`), the credentials
 * and the TLS trust. A publish also needs an upload URL.
 */
import type { ExecutorContext } from '@nx/devkit';
import { join } from 'node:path';
import { PublishInputError } from '../../../core/publish/errors';
import { resolveRepositorySession, type RepositorySession } from '../../../io/config/repository-session';
import type { PublishExecutorSchema } from '../schema';

export interface PublishSettings extends RepositorySession {
  uploadUrl: NonNullable<RepositorySession['uploadUrl']>;
}

export function resolvePublishSettings(options: PublishExecutorSchema, context: ExecutorContext, env: NodeJS.ProcessEnv): PublishSettings {
  const project = context.projectsConfigurations.projects[context.projectName!];
  const targetName = context.targetName!;
  // Nx merges project.json, a configuration and command-line flags into `options`; a repository
  // name that project.json does not hold came from the command line (or a configuration).
  const written = (project.targets?.[targetName]?.options as Record<string, unknown> | undefined)?.repository;
  const fromCommandLine = options.repository !== undefined && options.repository !== written ? options.repository : undefined;
  const session = resolveRepositorySession({
    workspaceRoot: context.root,
    nxJson: context.nxJsonConfiguration,
    targetOptions: {
      options: { ...(options as Record<string, unknown>), repository: fromCommandLine === undefined ? options.repository : written },
      location: { file: join(project.root, 'project.json'), keyPath: `targets.${targetName}.options` },
    },
    repositoryFlag: fromCommandLine,
    pypirc: options.pypirc === undefined ? undefined : { path: options.pypirc, option: `the pypirc option of ${context.projectName}:${targetName}` },
    env,
  });
  if (!session.uploadUrl) {
    const where = session.settings.location;
    throw new PublishInputError('no upload URL is configured for publishing', {
      code: 'PUBLISH_NO_UPLOAD_URL',
      location: { ...where, keyPath: `${where.keyPath ? `${where.keyPath}.` : ''}repositories.${session.repository.name ?? '<name>'}.uploadUrl` },
      hint: `add the uploadUrl (the Nexus *hosted* repository, e.g. https://nexus.example.com/repository/pypi-hosted/) to ${where.file}, or set TWINE_REPOSITORY_URL`,
    });
  }
  return { ...session, uploadUrl: session.uploadUrl };
}
