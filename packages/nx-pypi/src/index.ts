/**
 * nx-pypi's Nx plugin entry: project inference from pyproject.toml files and the dependency edges
 * between Python projects of one workspace.
 */
export { createNodes } from './plugin/nodes';
export { createDependencies } from './plugin/dependencies';
export type { NxPypiPluginOptions, RepositoryConfig } from './core/config/nx-pypi-options';
import { createNodes } from './plugin/nodes';

/** @deprecated Nx 22+ reads `createNodes`; kept for Nx versions that still look for this name. */
export const createNodesV2 = createNodes;
