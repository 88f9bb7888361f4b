/** Finding the nx-pypi entry in nx.json's `plugins` (a string, or `{ plugin, options }`). */
import type { NxPypiPluginOptions } from './nx-pypi-options';
import type { SourceLocation } from '../../errors';

export const PLUGIN_NAME = 'nx-pypi';

type PluginEntry = string | { plugin: string; options?: unknown };

export interface FoundPluginOptions {
  /** Index in `plugins`. */
  index: number;
  options: NxPypiPluginOptions;
  location: SourceLocation;
}

/** The first `plugins` entry whose plugin is `nx-pypi`, or undefined when it is not registered. */
export function findPluginOptions(nxJson: { plugins?: PluginEntry[] } | null | undefined, file = 'nx.json'): FoundPluginOptions | undefined {
  const plugins = nxJson?.plugins ?? [];
  const index = plugins.findIndex((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (index < 0) return undefined;
  const entry = plugins[index];
  const options = typeof entry === 'string' ? {} : ((entry.options ?? {}) as NxPypiPluginOptions);
  return { index, options, location: { file, keyPath: `plugins[${index}].options` } };
}
