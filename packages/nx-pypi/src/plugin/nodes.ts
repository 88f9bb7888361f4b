import { createNodesFromFiles, type CreateNodes, type CreateNodesResult, type TargetConfiguration } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileGlob, matchesAnyGlob } from '../core/glob';
import { PyProjectError, PyProjectProblem } from '../core/pyproject';
import { readProjectIdentity, type ProjectIdentity } from '../core/pyproject/project-identity';
import { listWorkspaceReferences } from '../core/dist/workspace-references';
import { normalizePluginOptions, type NormalizedPluginOptions, type NxPypiPluginOptions } from '../core/config/nx-pypi-options';

export const PYPROJECT_GLOB = '**/pyproject.toml';

/** The name `nx release publish` runs; not configurable, since Nx looks it up by name. */
export const RELEASE_PUBLISH_TARGET = 'nx-release-publish';

/** Folders that hold tool output or third-party code, never workspace projects. */
const NEVER_PROJECT_SEGMENTS = new Set(['node_modules', '.venv', 'dist']);

/** What the dependency pass needs of a project, stored on the node so nothing is parsed twice. */
export interface PypiProjectMetadata {
  name: string;
  normalizedName: string;
  /**
   * Normalized names of everything `[project].dependencies` and optional-dependencies require,
   * and for Poetry projects every `[tool.poetry]` dependency table, dev groups included.
   */
  requires: string[];
}

export const createNodes: CreateNodes<NxPypiPluginOptions> = [
  PYPROJECT_GLOB,
  async (configFiles, rawOptions, context) => {
    const options = normalizePluginOptions(rawOptions);
    const excludes = options.exclude.map(compileGlob);
    const candidates = configFiles.filter((file) => isCandidate(file, excludes));
    const identities = new Map(candidates.map((file) => [file, readIdentity(context.workspaceRoot, file)]));
    const referencing = new Set(candidates.filter((file) => identities.get(file)!.kind === 'project' && referencesWorkspace(context.workspaceRoot, file)));
    const duplicates = findDuplicateNames(identities);
    return createNodesFromFiles(
      (file) => {
        const identity = identities.get(file)!;
        const duplicate = duplicates.get(file);
        if (duplicate) throw new Error(duplicate);
        if (identity.kind === 'broken') {
          const owner = findOwningProject(file, identities);
          if (!owner) throw new Error(identity.error.render());
          // A fixture inside another project's folder (a test's pyproject.toml): not a project.
          console.warn(
            `nx-pypi: ${file} is not a project (${firstProblem(identity.error)}) and lies inside project ${owner}; skipped. List it in the nx-pypi plugin's "exclude" option to silence this.`,
          );
          return {};
        }
        return identity.kind === 'project' ? projectNode(file, identity, options, referencing.has(file)) : {};
      },
      candidates,
      rawOptions ?? {},
      context,
    );
  },
];

function isCandidate(file: string, excludes: RegExp[]): boolean {
  if (file.split('/').some((segment) => NEVER_PROJECT_SEGMENTS.has(segment))) return false;
  return !matchesAnyGlob(file, excludes);
}

/** The identity of one file; an unreadable one (a dangling link, a folder) is broken, with its location. */
function readIdentity(workspaceRoot: string, file: string): ProjectIdentity {
  let text: string;
  try {
    text = readFileSync(join(workspaceRoot, file), 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? 'error';
    const problem = new PyProjectProblem(`cannot be read (${code === 'ENOENT' ? 'a link to a file that does not exist' : code})`, {
      code: 'PYPROJECT_UNREADABLE',
      hint: 'fix or remove the file, or list it in the nx-pypi plugin\'s "exclude" option',
      location: { file },
    });
    return { kind: 'broken', error: new PyProjectError(file, [problem]) };
  }
  return readProjectIdentity(text, file);
}

/**
 * Whether the project requires a workspace project through a path or uv source, which its build
 * pins to that project's current version (core/dist/workspace-references.ts). The text test keeps
 * the parse off the graph's path for the many projects that have none.
 */
function referencesWorkspace(workspaceRoot: string, file: string): boolean {
  const text = readFileSync(join(workspaceRoot, file), 'utf8');
  return /\b(path|workspace)\s*=/.test(text) && listWorkspaceReferences(text).length > 0;
}

/** The name of the nearest project whose folder holds `file`'s folder, if any. */
function findOwningProject(file: string, identities: ReadonlyMap<string, ProjectIdentity>): string | undefined {
  let best: { root: string; name: string } | undefined;
  const dir = dirname(file);
  for (const [other, identity] of identities) {
    if (other === file || identity.kind !== 'project') continue;
    const root = dirname(other);
    const holds = root === '.' || dir.startsWith(`${root}/`);
    if (holds && (!best || root.length > best.root.length)) best = { root, name: identity.name };
  }
  return best && `${best.name} (${best.root === '.' ? 'the workspace root' : `${best.root}/`})`;
}

/**
 * pip, PyPI and Nx's dependency edges treat `Alpha` and `alpha` as one distribution (PEP 503), so
 * two such projects would make every edge to either of them ambiguous.
 */
function findDuplicateNames(identities: ReadonlyMap<string, ProjectIdentity>): Map<string, string> {
  const byName = new Map<string, string[]>();
  for (const [file, identity] of identities) {
    if (identity.kind === 'project') byName.set(identity.normalizedName, [...(byName.get(identity.normalizedName) ?? []), file]);
  }
  const messages = new Map<string, string>();
  for (const [normalized, files] of byName) {
    if (files.length < 2) continue;
    for (const file of files) {
      const others = files.filter((f) => f !== file).join(', ');
      const { name, layout } = identities.get(file) as Extract<ProjectIdentity, { kind: 'project' }>;
      messages.set(
        file,
        `${file} [${layout === 'poetry' ? 'tool.poetry.name' : 'project.name'}] "${name}" names the same distribution as ${others} ("${normalized}" after PEP 503 normalization)\n  rename one of them, or list one in the nx-pypi plugin's "exclude" option`,
      );
    }
  }
  return messages;
}

function firstProblem(error: PyProjectError): string {
  const first = error.problems[0];
  return first ? first.message : error.message;
}

/** One pyproject.toml as a project node, for tests and tools that have the text at hand. */
export function createProjectNode(file: string, text: string, options: NormalizedPluginOptions): CreateNodesResult {
  const identity = readProjectIdentity(text, file);
  if (identity.kind === 'broken') throw new Error(identity.error.render());
  return identity.kind === 'project'
    ? projectNode(file, identity, options, /\b(path|workspace)\s*=/.test(text) && listWorkspaceReferences(text).length > 0)
    : {};
}

function projectNode(
  file: string,
  project: Extract<ProjectIdentity, { kind: 'project' }>,
  options: NormalizedPluginOptions,
  pinsWorkspaceVersions: boolean,
): CreateNodesResult {
  const root = dirname(file);
  const metadata: PypiProjectMetadata = { name: project.name, normalizedName: project.normalizedName, requires: project.requires };
  return {
    projects: {
      [root]: {
        name: project.name,
        root,
        projectType: 'library',
        tags: ['lang:python'],
        // What a dependent that pins this project's version must hash: everything its version may be read from.
        namedInputs: { [PYPI_SOURCES_INPUT]: BUILD_INPUTS.filter((input): input is string => typeof input === 'string') },
        metadata: {
          description: project.description,
          technologies: ['python'],
          pypi: metadata,
        },
        targets: {
          [options.buildTargetName]: buildTarget(root, project.vcsVersion, pinsWorkspaceVersions),
          [options.publishTargetName]: publishTarget(options.buildTargetName, options.publishTargetName),
          // `nx release publish` runs this name; dependencies first, as Nx's own JS projects do.
          [RELEASE_PUBLISH_TARGET]: publishTarget(options.buildTargetName, RELEASE_PUBLISH_TARGET),
          [options.installTargetName]: installTarget(),
          doctor: doctorTarget(),
        },
      },
    },
  };
}

/** Node's zlib version and the installed nx-pypi's version, as one line (never failing the hash). */
export const TOOLCHAIN_COMMAND = `node -p "'zlib ' + process.versions.zlib + ' nx-pypi ' + require('nx-pypi/package.json').version" 2>/dev/null || echo unknown-toolchain`;

/** What a build reads: the project's files, minus what tools write there. */
export const BUILD_INPUTS = [
  '{projectRoot}/**/*',
  '!{projectRoot}/dist/**/*',
  '!{projectRoot}/build/**/*',
  '!{projectRoot}/.venv/**/*',
  '!{projectRoot}/**/__pycache__/**/*',
  '!{projectRoot}/**/*.pyc',
  '!{projectRoot}/**/*.egg-info/**/*',
  '!{projectRoot}/.pytest_cache/**/*',
  '!{projectRoot}/.mypy_cache/**/*',
  '!{projectRoot}/.ruff_cache/**/*',
  '!{projectRoot}/project.json',
  // A workspace-root project holds what nx-pypi:local-registry writes while it runs (gitignored by
  // init, but a workspace may not have run init): starting the registry must not miss the cache.
  '!{projectRoot}/.nx-pypi/**/*',
  '!{projectRoot}/pip.conf',
  // The repository settings (URLs, CA bundle, credential variable names): no build reads them, so
  // a workspace-root project's build stays cached when they change, as every other project's does.
  '!{projectRoot}/nx-pypi.json',
  // Archive timestamps come from it (reproducible builds), so it is part of the cache key.
  { env: 'SOURCE_DATE_EPOCH' },
  // What else decides the bytes: the deflate of Node's zlib (Node upgrades have changed its output,
  // nodejs/node#50138) and the builder itself. A remote cache shared by agents on other Node or
  // nx-pypi versions must not hand out bytes a local rebuild would not reproduce.
  { runtime: TOOLCHAIN_COMMAND },
];

/**
 * What decides a VCS-derived version (setuptools-scm, hatch-vcs, ...): the tags reachable from
 * HEAD, HEAD itself and whether tracked files changed — what those plugins read through `git
 * describe`. Without it, a build cached before a new tag would be replayed with the old version.
 */
export const VCS_VERSION_INPUT = { runtime: 'git describe --tags --long --dirty --always 2>/dev/null || echo no-git' };

/** The named input each Python project declares: the files its build (and so its version) reads. */
export const PYPI_SOURCES_INPUT = 'pypi-sources';

/**
 * `outputPath` is an option so a project.json can move it; the cache output and publish follow it.
 * A build that requires workspace projects by their current version (Poetry path dependencies, uv
 * sources) also hashes those projects' sources: bumping token-lib must rebuild token-cli, whose
 * pyproject.toml does not change.
 */
function buildTarget(root: string, vcsVersion: string | undefined, pinsWorkspaceVersions: boolean): TargetConfiguration {
  const inputs: TargetConfiguration['inputs'] = [...BUILD_INPUTS];
  if (vcsVersion) inputs.push(VCS_VERSION_INPUT);
  if (pinsWorkspaceVersions) inputs.push({ input: PYPI_SOURCES_INPUT, dependencies: true });
  return {
    executor: 'nx-pypi:build',
    cache: true,
    inputs,
    options: { outputPath: root === '.' ? 'dist' : `${root}/dist` },
    outputs: ['{options.outputPath}'],
    metadata: {
      description: 'Build the sdist and wheel into dist/ (natively; PEP 517 frontend as fallback)',
      technologies: ['python'],
    },
  };
}

/**
 * Never cached: it changes the index. Builds first, and publishes workspace dependencies before
 * it with the same command-line flags: Nx gives flags to the named task only, so without
 * `params: 'forward'` `nx run token-cli:publish --dry-run` published token-lib for real.
 */
function publishTarget(buildTargetName: string, selfName: string): TargetConfiguration {
  return {
    executor: 'nx-pypi:publish',
    cache: false,
    dependsOn: [buildTargetName, { target: selfName, dependencies: true, params: 'forward' }],
    metadata: {
      description: 'Upload dist/ to the configured PyPI repository (skips identical files, refuses changed ones)',
      technologies: ['python'],
    },
  };
}

/** Checks what this project's publish will use: trust, credentials, hosted vs group. Never cached. */
function doctorTarget(): TargetConfiguration {
  return {
    executor: 'nx-pypi:doctor',
    cache: false,
    metadata: {
      description: "Check TLS trust, credentials and repository URLs for this project's repository (nx-pypi doctor)",
      technologies: ['python'],
    },
  };
}

/**
 * The editable dev install into the workspace .venv. It builds its editable wheels itself, so it
 * needs no build; every install shares one venv, so installs never run side by side.
 */
function installTarget(): TargetConfiguration {
  return {
    executor: 'nx-pypi:install',
    cache: false,
    parallelism: false,
    metadata: {
      description: 'Install the project editable (PEP 660) into the workspace .venv, with its workspace dependencies',
      technologies: ['python'],
    },
  };
}
