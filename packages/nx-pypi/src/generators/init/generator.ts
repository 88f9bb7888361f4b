import { formatFiles, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { PLUGIN_NAME } from '../../core/config/plugin-options';
import { addReleaseConfig, configureGitVersionSort } from './release-config';
import type { InitGeneratorSchema } from './schema';


/** What Python tooling leaves in project folders, and the local registry's run state; never committed. */
export const GITIGNORE_ENTRIES = ['dist/', '.venv/', '__pycache__/', '*.egg-info/', '.nx-pypi/', 'tmp/local-pypi-registry/'];

export const REPOSITORY_SKELETON_PATH = 'tools/nx-pypi/repositories.example.jsonc';

/**
 * Registers the plugin (once), ignores Python build output, and leaves a commented example of
 * the repository configuration. Running it again changes nothing.
 */
export async function initGenerator(tree: Tree, options: InitGeneratorSchema): Promise<GeneratorCallback> {
  registerPlugin(tree);
  addGitignoreEntries(tree);
  if (!tree.exists(REPOSITORY_SKELETON_PATH)) tree.write(REPOSITORY_SKELETON_PATH, REPOSITORY_SKELETON);
  const releaseAdded = options.release ? addReleaseConfig(tree) : false;
  if (!options.skipFormat) await formatFiles(tree);
  return () => {
    if (releaseAdded) configureGitVersionSort(tree.root);
  };
}

export function isPluginRegistered(plugins: ReadonlyArray<string | { plugin: string }> | undefined): boolean {
  return (plugins ?? []).some((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
}

function registerPlugin(tree: Tree): void {
  const nxJson = readNxJson(tree) ?? {};
  if (isPluginRegistered(nxJson.plugins)) return;
  nxJson.plugins = [...(nxJson.plugins ?? []), { plugin: PLUGIN_NAME, options: {} }];
  updateNxJson(tree, nxJson);
}

function addGitignoreEntries(tree: Tree): void {
  const current = tree.exists('.gitignore') ? tree.read('.gitignore', 'utf-8') ?? '' : '';
  const present = new Set(current.split(/\r?\n/).map((l) => l.trim()));
  const missing = GITIGNORE_ENTRIES.filter((e) => !present.has(e) && !present.has(`/${e}`));
  if (missing.length === 0) return;
  const prefix = current.length === 0 || current.endsWith('\n') ? current : `${current}\n`;
  tree.write('.gitignore', `${prefix}${current.length ? '\n' : ''}# Python (nx-pypi)\n${missing.join('\n')}\n`);
}

const REPOSITORY_SKELETON = `// nx-pypi repository configuration — an example to copy into nx.json.
//
// Put the "repositories" and "defaultRepository" keys below into the options of the "nx-pypi"
// entry of "plugins" in nx.json. This file is only an example: nx-pypi does not read it.
//
// nx.json is committed: it names WHERE secrets live (environment variable names), never a secret.
// A literal password in nx.json or project.json is refused.
{
  "plugin": "nx-pypi",
  "options": {
    "defaultRepository": "nexus",
    "repositories": {
      "nexus": {
        // The Nexus *hosted* repository: uploads go here (trailing slash required).
        "uploadUrl": "https://nexus.example.com/repository/pypi-hosted/",
        // The *group* repository's simple index: reads and installs come from here.
        "indexUrl": "https://nexus.example.com/repository/pypi-public/simple/",
        // The CA chain, intermediate(s) then root (nx g nx-pypi:ca-chain writes it).
        "caBundle": "tools/certs/nexus-chain.pem",
        // Names of the environment variables holding the credentials (set them from CI secrets).
        "usernameEnv": "NEXUS_USERNAME",
        "passwordEnv": "NEXUS_PASSWORD"
      }
    }
  }
}
`;

export default initGenerator;
