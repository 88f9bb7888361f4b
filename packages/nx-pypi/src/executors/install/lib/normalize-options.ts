import type { ExecutorContext } from '@nx/devkit';
import { isAbsolute, resolve } from 'node:path';
import { NxPypiError } from '../../../errors';
import type { InstallExecutorSchema } from '../schema';

/** The install options with defaults applied and the venv made absolute. */
export interface NormalizedInstallOptions {
  workspaceRoot: string;
  projectName: string;
  /** Absolute venv folder. */
  venvDir: string;
  python: string;
  repository?: string;
  withDependencies: boolean;
  extras: string[];
  /** NX_DRY_RUN=true: report what would be installed, change nothing. */
  dryRun: boolean;
}

export function normalizeOptions(options: InstallExecutorSchema, context: ExecutorContext, env: NodeJS.ProcessEnv): NormalizedInstallOptions {
  const projectName = context.projectName;
  if (!projectName || !context.projectsConfigurations?.projects[projectName]) {
    throw new NxPypiError('The install executor must run for a project.', { code: 'INSTALL_NO_PROJECT', hint: 'Run it as `nx run <project>:install`.' });
  }
  const venv = (options.venv ?? '.venv').replace(/\{workspaceRoot\}/g, context.root);
  return {
    workspaceRoot: context.root,
    projectName,
    venvDir: isAbsolute(venv) ? venv : resolve(context.root, venv),
    python: options.python ?? 'python3',
    repository: options.repository,
    withDependencies: options.withDependencies ?? true,
    extras: [...new Set(options.extras ?? [])],
    dryRun: env.NX_DRY_RUN === 'true',
  };
}
