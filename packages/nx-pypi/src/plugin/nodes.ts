// Types only: @nx/devkit costs ~25-40 ms to load in every graph computation, more than this plugin's own work.
import type { CreateNodes, CreateNodesResult, TargetConfiguration } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileGlob, matchesAnyGlob } from '../core/glob';
import { NX_OWN_DIRS, NX_OWN_FILES } from '../core/nx-own-files';
import { PyProjectError, PyProjectProblem } from '../core/pyproject';
import { readProjectIdentity, type ProjectIdentity } from '../core/pyproject/project-identity';
import { listWorkspaceReferences } from '../core/dist/workspace-references';
import { readPluginVersion } from '../io/plugin-version';
import { readFileFactsCached } from './identity-cache';
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
    const read = await readFileFactsCached(context.workspaceRoot, candidates, (file) => {
      const { identity, text } = readIdentity(context.workspaceRoot, file);
      return { identity, referencesWorkspace: identity.kind === 'project' && referencesWorkspace(text) };
    });
    const identities = new Map([...read].map(([file, { identity }]) => [file, identity]));
    const duplicates = findDuplicateNames(identities);
    // What Nx's createNodesFromFiles does, without its per-file promises: one result per file, and
    // every file's error collected so one broken file does not hide the others.
    const results: Array<readonly [string, CreateNodesResult]> = [];
    const errors: Array<[string, Error]> = [];
    for (const file of candidates) {
      const { identity, referencesWorkspace: pins } = read.get(file)!;
      const duplicate = duplicates.get(file);
      if (duplicate) {
        errors.push([file, new Error(duplicate)]);
        continue;
      }
      if (identity.kind === 'broken') {
        const owner = findOwningProject(file, identities);
        if (!owner) {
          errors.push([file, new Error(identity.error.render())]);
          continue;
        }
        // A fixture inside another project's folder (a test's pyproject.toml): not a project.
        console.warn(
          `nx-pypi: ${file} is not a project (${firstProblem(identity.error)}) and lies inside project ${owner}; skipped. List it in the nx-pypi plugin's "exclude" option to silence this.`,
        );
        continue;
      }
      if (identity.kind === 'project') results.push([file, projectNode(file, identity, options, pins)] as const);
    }
    if (errors.length > 0) throw aggregateError(errors, results);
    return results;
  },
];

/** Nx's own aggregate error, which reports each file and keeps the other files' projects; loaded only on failure. */
function aggregateError(errors: Array<[string, Error]>, results: Array<readonly [string, CreateNodesResult]>): Error {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AggregateCreateNodesError } = require('nx/src/project-graph/error-types') as {
    AggregateCreateNodesError: new (errors: Array<[string, Error]>, partialResults: Array<readonly [string, CreateNodesResult]>) => Error;
  };
  return new AggregateCreateNodesError(errors, results);
}

function isCandidate(file: string, excludes: RegExp[]): boolean {
  if (file.split('/').some((segment) => NEVER_PROJECT_SEGMENTS.has(segment))) return false;
  return !matchesAnyGlob(file, excludes);
}

/** The identity of one file and its text; an unreadable one (a dangling link, a folder) is broken, with its location. */
function readIdentity(workspaceRoot: string, file: string): { identity: ProjectIdentity; text: string } {
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
    return { identity: { kind: 'broken', error: new PyProjectError(file, [problem]) }, text: '' };
  }
  return { identity: readProjectIdentity(text, file), text };
}

/**
 * Whether the project requires a workspace project through a path or uv source, which its build
 * pins to that project's current version (core/dist/workspace-references.ts). The text test keeps
 * the parse off the graph's path for the many projects that have none.
 */
function referencesWorkspace(text: string): boolean {
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
  return identity.kind === 'project' ? projectNode(file, identity, options, referencesWorkspace(text)) : {};
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
        // The files its build reads, named once: its build's inputs, and what a dependent that pins
        // this project's version hashes (everything the version may be read from).
        namedInputs: { [PYPI_SOURCES_INPUT]: [...SOURCE_FILES] },
        metadata: {
          description: project.description,
          technologies: ['python'],
          pypi: metadata,
        },
        targets: {
          [options.buildTargetName]: buildTarget(root, project, pinsWorkspaceVersions),
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

/**
 * What decides the archive bytes besides the sources: the deflate of Node's zlib (Node upgrades have
 * changed its output, nodejs/node#50138) and the builder itself. The plugin runs in the Node that
 * runs the build, so it writes both versions into the command, and the command adds the Node
 * version of the run hashing it (a daemon started under another Node still tells them apart).
 * `node --version` answers without starting JavaScript: ~5 ms, against ~150 ms for `node -p`, which
 * every `nx run` of a build paid before.
 */
export function toolchainCommand(): string {
  return `echo "nx-pypi ${readPluginVersion()} zlib ${process.versions.zlib}" && node --version`;
}

/**
 * What a build reads: the project's files, minus what tools write there. Declared once per project
 * as the named input `pypi-sources`, which the build's inputs name: Nx merges and stores what a
 * plugin returns for every project, and this list written out in each target was half of it.
 */
export const SOURCE_FILES: readonly string[] = [
  '{projectRoot}/**/*',
  // Tool output and caches at the root; the local registry's state of a workspace-root project
  // (gitignored by init, but a workspace may not have run init: starting the registry must not
  // miss the cache).
  `!{projectRoot}/{dist,build,.venv,.pytest_cache,.mypy_cache,.ruff_cache,${NX_OWN_DIRS.join(',')}}/**/*`,
  '!{projectRoot}/**/{__pycache__,*.egg-info}/**/*',
  '!{projectRoot}/**/*.pyc',
  // Nx's and nx-pypi's own files, which no build reads: the repository settings (URLs, CA bundle,
  // credential variable names) above all, so a workspace-root project's build stays cached when
  // they change, as every other project's does.
  `!{projectRoot}/{${NX_OWN_FILES.join(',')}}`,
];

/**
 * What decides a VCS-derived version (setuptools-scm, hatch-vcs, ...): the tags reachable from
 * HEAD, HEAD itself and whether tracked files changed — what those plugins read through `git
 * describe`. Without it, a build cached before a new tag would be replayed with the old version.
 */
export const VCS_VERSION_INPUT = { runtime: 'git describe --tags --long --dirty --always 2>/dev/null || echo no-git' };

/**
 * The .gitignore files between a project and the workspace root, one of which hatchling may read
 * (the nearest) and copy into the sdist. A file that does not exist hashes as nothing.
 */
export function gitignoresAbove(root: string): string[] {
  if (root === '.') return [];
  const parts = root.split('/');
  return parts.map((_, i) => `{workspaceRoot}/${[...parts.slice(0, parts.length - 1 - i), '.gitignore'].join('/')}`);
}

/** The named input each Python project declares: the files its build (and so its version) reads. */
export const PYPI_SOURCES_INPUT = 'pypi-sources';

/**
 * `outputPath` is an option so a project.json can move it; the cache output and publish follow it.
 * A build that requires workspace projects by their current version (Poetry path dependencies, uv
 * sources) also hashes those projects' sources: bumping token-lib must rebuild token-cli, whose
 * pyproject.toml does not change.
 */
function buildTarget(
  root: string,
  project: Pick<Extract<ProjectIdentity, { kind: 'project' }>, 'vcsVersion' | 'hatchling'>,
  pinsWorkspaceVersions: boolean,
): TargetConfiguration {
  const inputs: TargetConfiguration['inputs'] = [
    PYPI_SOURCES_INPUT,
    // Archive timestamps come from it (reproducible builds), so it is part of the cache key.
    { env: 'SOURCE_DATE_EPOCH' },
    // A remote cache shared by agents on other Node or nx-pypi versions must not hand out bytes a
    // local rebuild would not reproduce.
    { runtime: toolchainCommand() },
  ];
  if (project.vcsVersion) inputs.push(VCS_VERSION_INPUT);
  if (project.hatchling) inputs.push(...gitignoresAbove(root));
  if (pinsWorkspaceVersions) inputs.push({ input: PYPI_SOURCES_INPUT, dependencies: true });
  return {
    executor: 'nx-pypi:build',
    cache: true,
    inputs,
    options: { outputPath: root === '.' ? 'dist' : `${root}/dist` },
    outputs: ['{options.outputPath}'],
    metadata: {
      description: 'Build the sdist and wheel into dist/ (natively; PEP 517 frontend as fallback)',
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
    },
  };
}
