/**
 * `nx run <project>:doctor`: `nx-pypi doctor` for the repository this project publishes to, with
 * the overrides of its publish target, so each project's trust and credentials can be checked the
 * way its publish will use them.
 */
import type { ExecutorContext, PromiseExecutor } from '@nx/devkit';
import { join } from 'node:path';
import { checkRepository } from '../../cli/doctor/doctor-command';
import { findPluginOptions } from '../../core/config/plugin-options';
import { normalizePluginOptions } from '../../core/config/nx-pypi-options';
import type { DoctorExecutorSchema } from './schema';

const doctorExecutor: PromiseExecutor<DoctorExecutorSchema> = async (options, context) => {
  const code = await checkRepository(
    {
      workspaceRoot: context.root,
      nxJson: context.nxJsonConfiguration,
      timeoutMs: options.timeout ?? 10_000,
      repository: options.repository,
      pypirc: options.pypirc,
    },
    { cwd: context.root, env: process.env, out: (l) => console.log(l), err: (l) => console.error(l) },
    publishOverrides(context),
  );
  return { success: code === 0 };
};

export default doctorExecutor;

function publishOverrides(context: ExecutorContext) {
  const project = context.projectsConfigurations.projects[context.projectName!];
  const found = findPluginOptions(context.nxJsonConfiguration as Parameters<typeof findPluginOptions>[0]);
  const publishTarget = normalizePluginOptions(found?.options).publishTargetName;
  return {
    options: (project.targets?.[publishTarget]?.options ?? {}) as Record<string, unknown>,
    location: { file: join(project.root, 'project.json'), keyPath: `targets.${publishTarget}.options` },
  };
}
