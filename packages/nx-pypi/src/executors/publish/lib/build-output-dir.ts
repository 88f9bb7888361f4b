import type { ExecutorContext, ProjectConfiguration } from '@nx/devkit';
import { findPluginOptions } from '../../../core/config/plugin-options';
import { normalizePluginOptions } from '../../../core/config/nx-pypi-options';

/**
 * Where the project's build target writes its artifacts (workspace-relative): its `outputPath`
 * option, as inferred or as a project.json moved it. Publish reads exactly that folder.
 */
export function resolveBuildOutputDir(project: ProjectConfiguration, context: ExecutorContext): string {
  const found = findPluginOptions(context.nxJsonConfiguration as Parameters<typeof findPluginOptions>[0]);
  const buildTarget = normalizePluginOptions(found?.options).buildTargetName;
  const configured = project.targets?.[buildTarget]?.options?.outputPath as string | undefined;
  const fallback = project.root === '.' ? 'dist' : `${project.root}/dist`;
  return (configured ?? fallback).replace(/\{projectRoot\}/g, project.root).replace(/\{workspaceRoot\}\/?/g, '');
}
