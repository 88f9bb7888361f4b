// Types only: loading @nx/devkit for one enum value cost every graph computation ~25-40 ms.
import type { CreateDependencies, DependencyType, RawProjectGraphDependency } from '@nx/devkit';
import type { NxPypiPluginOptions } from '../core/config/nx-pypi-options';
import type { PypiProjectMetadata } from './nodes';

/** `DependencyType.static`'s value: an edge declared in a file, which `nx affected` blames on it. */
const STATIC = 'static' as DependencyType.static;

/**
 * A requirement whose normalized name is a workspace project's normalized name is a static edge,
 * sourced from the requiring project's pyproject.toml (so `nx affected` blames that file).
 */
export const createDependencies: CreateDependencies<NxPypiPluginOptions> = (_options, context) => {
  const byNormalizedName = new Map<string, string>();
  for (const [projectName, config] of Object.entries(context.projects)) {
    const meta = config.metadata?.pypi as PypiProjectMetadata | undefined;
    if (meta) byNormalizedName.set(meta.normalizedName, projectName);
  }
  const dependencies: RawProjectGraphDependency[] = [];
  for (const [source, config] of Object.entries(context.projects)) {
    const meta = config.metadata?.pypi as PypiProjectMetadata | undefined;
    if (!meta) continue;
    const sourceFile = config.root === '.' ? 'pyproject.toml' : `${config.root}/pyproject.toml`;
    for (const target of new Set(meta.requires.map((n) => byNormalizedName.get(n)))) {
      if (target === undefined || target === source) continue;
      dependencies.push({ source, target, type: STATIC, sourceFile });
    }
  }
  return dependencies;
};
