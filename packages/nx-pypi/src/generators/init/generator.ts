import { formatFiles, readNxJson, updateNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { PLUGIN_NAME } from '../../core/config/plugin-options';
import { addReleaseConfig, configureGitVersionSort } from './release-config';
import type { InitGeneratorSchema } from './schema';

/**
 * Never committed: what Python tooling leaves in project folders (setuptools also writes `build/`),
 * the local registry's run state, Nx's cache and workspace data (`.nx/`), and the `pip.conf` that
 * `nx g nx-pypi:pip-config` writes with this machine's absolute CA path.
 */
export const GITIGNORE_ENTRIES = ['dist/', 'build/', '.venv/', '__pycache__/', '*.egg-info/', '.nx/', '.nx-pypi/', 'tmp/local-pypi-registry/', 'pip.conf'];

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
  const current = tree.exists('.gitignore') ? (tree.read('.gitignore', 'utf-8') ?? '') : '';
  // A line that differs from an entry only by a leading or a trailing `/` counts as that entry: the
  // user's spelling is kept rather than doubled.
  const present = new Set(current.split(/\r?\n/).map((l) => l.trim().replace(/^\//, '').replace(/\/$/, '')));
  const missing = GITIGNORE_ENTRIES.filter((e) => !present.has(e.replace(/\/$/, '')));
  if (missing.length === 0) return;
  const prefix = current.length === 0 || current.endsWith('\n') ? current : `${current}\n`;
  tree.write('.gitignore', `${prefix}${current.length ? '\n' : ''}# Python (nx-pypi)\n${missing.join('\n')}\n`);
}

const REPOSITORY_SKELETON = `// nx-pypi repository configuration — an example for nx-pypi.json.
//
// Copy the object below (without these comments: nx-pypi.json is plain JSON) into nx-pypi.json
// at the workspace root, next to nx.json, and commit it. This file is only an example: nx-pypi
// does not read it. \`nx g nx-pypi:ca-chain\` writes the caBundle entry into nx-pypi.json for you.
//
// Why not nx.json: Nx hashes nx.json into every task, so each edit of a URL or a CA path there
// would invalidate every cached build. No build reads nx-pypi.json, so builds stay cached.
//
// nx-pypi.json is committed: it names WHERE secrets live (environment variable names), never a
// secret. A literal password in nx-pypi.json or project.json is refused.
{
  "defaultRepository": "nexus",
  "repositories": {
    "nexus": {
      // The Nexus *hosted* repository: uploads go here (trailing slash required).
      "uploadUrl": "https://nexus.example.com/repository/pypi-hosted/",
      // The *group* repository's simple index: reads and installs come from here.
      "indexUrl": "https://nexus.example.com/repository/pypi-public/simple/",
      // The CA chain, intermediate(s) then root (nx g nx-pypi:ca-chain writes it).
      "caBundle": "tools/certs/nexus-chain.pem",
      // Only where the server (or its proxy) demands a client certificate (mutual TLS): the PEM
      // certificate, and its unencrypted key when that is a file of its own. Paths are committed,
      // the files never are.
      // "clientCert": "/etc/pki/nexus/client.crt",
      // "clientKey": "/etc/pki/nexus/client.key",
      // Names of the environment variables holding the credentials (set them from CI secrets).
      "usernameEnv": "NEXUS_USERNAME",
      "passwordEnv": "NEXUS_PASSWORD"
    }
  }
}
`;

export default initGenerator;
