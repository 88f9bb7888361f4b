/**
 * Where the workspace's repository settings come from: nx-pypi.json, or, for workspaces
 * configured before it existed, the `repositories`/`defaultRepository` keys of nx.json's nx-pypi
 * plugin options. Never both: settings split over two files (or two copies that may disagree)
 * leave nobody sure which URL is used, so that is an error naming both places and the fix.
 */
import { formatLocation, type SourceLocation } from '../../errors';
import { RepositoryConfigError } from './errors';
import type { RepositorySettings } from './nx-pypi-options';
import type { FoundPluginOptions } from './plugin-options';
import { REPOSITORY_SETTINGS_FILE, REPOSITORY_SETTINGS_KEYS, REPOSITORY_SETTINGS_LOCATION } from './repository-settings-file';

export interface ChosenRepositorySettings {
  settings: RepositorySettings;
  /** Where key paths start: `nx-pypi.json`, or `nx.json [plugins[i].options]`. */
  location: SourceLocation;
  /** `none`: neither file defines any; `location` then names nx-pypi.json, where they belong. */
  origin: 'nx-pypi.json' | 'nx.json' | 'none';
  /** Set when the settings come from nx.json: why that costs every build its cache, and the fix. */
  warning?: { message: string; fix: string };
}

export interface RepositorySettingsSources {
  /** nx-pypi.json as parsed, when it exists. */
  file: RepositorySettings | undefined;
  /** The nx-pypi entry of nx.json, when the plugin is registered. */
  nxJson: FoundPluginOptions | undefined;
}

export function chooseRepositorySettings({ file, nxJson }: RepositorySettingsSources): ChosenRepositorySettings {
  const inFile = definedKeys(file);
  const inNxJson = definedKeys(nxJson?.options);
  if (inFile.length > 0 && inNxJson.length > 0) {
    const nxLocation = { ...nxJson!.location, keyPath: `${nxJson!.location.keyPath}.${inNxJson[0]}` };
    throw new RepositoryConfigError(
      `repository settings are in both ${REPOSITORY_SETTINGS_FILE} (${inFile.join(', ')}) and nx.json (${inNxJson.join(', ')}); nx-pypi reads one place`,
      {
        code: 'REPOSITORY_SETTINGS_IN_TWO_FILES',
        location: nxLocation,
        hint: `Move ${inNxJson.map((k) => `"${k}"`).join(' and ')} from ${formatLocation(nxJson!.location)} into ${REPOSITORY_SETTINGS_FILE} (merge them with what it holds), and delete them from nx.json: Nx hashes nx.json into every task, so every edit there invalidates every cached build.`,
      },
    );
  }
  // The file holds nothing else (parseRepositorySettingsFile refuses other keys): kept as written.
  if (inFile.length > 0) return { settings: file!, location: REPOSITORY_SETTINGS_LOCATION, origin: 'nx-pypi.json' };
  if (inNxJson.length > 0) {
    return {
      settings: pick(nxJson!.options),
      location: nxJson!.location,
      origin: 'nx.json',
      warning: {
        message: `the repository settings are read from ${formatLocation(nxJson!.location)}: Nx hashes nx.json into every task, so every edit of them (a URL, a CA bundle) invalidates every cached build`,
        fix: `move ${inNxJson.map((k) => `"${k}"`).join(' and ')} into ${REPOSITORY_SETTINGS_FILE} at the workspace root (same keys, top level), which no build reads, and delete them from nx.json`,
      },
    };
  }
  return { settings: {}, location: REPOSITORY_SETTINGS_LOCATION, origin: 'none' };
}

function definedKeys(options: RepositorySettings | undefined): string[] {
  return REPOSITORY_SETTINGS_KEYS.filter((k) => options?.[k] !== undefined);
}

function pick(options: RepositorySettings): RepositorySettings {
  const out: RepositorySettings = {};
  if (options.defaultRepository !== undefined) out.defaultRepository = options.defaultRepository;
  if (options.repositories !== undefined) out.repositories = options.repositories;
  return out;
}
