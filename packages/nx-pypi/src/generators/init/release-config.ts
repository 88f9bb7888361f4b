import { logger, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { execFileSync } from 'node:child_process';

/**
 * nx.json's `release` section for Python projects, as the release e2e proves it:
 * - `requireSemver: false`, or Nx ignores tags like `token-lib@2.0.0rc1`;
 * - `preserveMatchingDependencyRanges: false`, so `token-lib>=0.1.0` follows to `>=0.2.0`;
 * - `fallbackCurrentVersionResolver: "disk"`, so a project's first release needs no tag.
 */
export const PYTHON_RELEASE_CONFIG = {
  projects: ['tag:lang:python'],
  projectsRelationship: 'independent',
  releaseTag: { pattern: '{projectName}@{version}', requireSemver: false },
  version: {
    conventionalCommits: true,
    fallbackCurrentVersionResolver: 'disk',
    preserveMatchingDependencyRanges: false,
    versionActions: 'nx-pypi/release/version-actions',
  },
  changelog: { projectChangelogs: true },
} as const;

/** Writes the release section unless nx.json has one (a user's release config is theirs). */
export function addReleaseConfig(tree: Tree): boolean {
  const nxJson = readNxJson(tree) ?? {};
  if (nxJson.release) {
    logger.warn('nx-pypi: nx.json already has a "release" section; left as it is. See the README for the settings Python projects need.');
    return false;
  }
  nxJson.release = structuredClone(PYTHON_RELEASE_CONFIG) as unknown as typeof nxJson.release;
  updateNxJson(tree, nxJson);
  return true;
}

/**
 * Nx finds the latest tag with `git tag --sort=-v:refname`, which ranks `2.0.0rc1` above `2.0.0`.
 * git's `versionsort.suffix` fixes that for PEP 440 suffixes; it is repository config, so it is set
 * here, once, and said.
 */
export const PEP440_SORT_SUFFIXES = ['.dev', 'a', 'b', 'rc'];

const SORT_COMMAND = PEP440_SORT_SUFFIXES.map((s) => `git config --add versionsort.suffix ${s}`).join(' && ');

/** Adds the suffixes to the repository's git config when it has none; otherwise says what to check. */
export function configureGitVersionSort(workspaceRoot: string): void {
  const git = (args: string[]) => execFileSync('git', args, { cwd: workspaceRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  try {
    git(['rev-parse', '--git-dir']);
  } catch {
    logger.warn(`nx-pypi: not a git repository; once it is, run \`${SORT_COMMAND}\` so pre-release tags sort before their final release.`);
    return;
  }
  let current: string[] = [];
  try {
    current = git(['config', '--local', '--get-all', 'versionsort.suffix']).split('\n').filter(Boolean);
  } catch {
    // git exits 1 when the key has no value.
  }
  if (PEP440_SORT_SUFFIXES.every((s, i) => current[i] === s)) return;
  if (current.length > 0) {
    logger.warn(
      `nx-pypi: git's versionsort.suffix is already set (${current.join(', ')}); for PEP 440 tags it should list ${PEP440_SORT_SUFFIXES.join(', ')} in that order (${SORT_COMMAND}).`,
    );
    return;
  }
  for (const suffix of PEP440_SORT_SUFFIXES) git(['config', '--local', '--add', 'versionsort.suffix', suffix]);
  logger.info(`nx-pypi: set git versionsort.suffix to ${PEP440_SORT_SUFFIXES.join(', ')} so pre-release tags (2.0.0rc1) sort before 2.0.0.`);
}
