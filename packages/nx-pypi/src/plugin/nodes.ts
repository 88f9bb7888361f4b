import { createNodesFromFiles, type CreateNodes, type CreateNodesResult, type TargetConfiguration } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { compileGlob, matchesAnyGlob } from '../core/glob';
import { parsePyProject, type PyProject } from '../core/pyproject';
import { NxPypiError } from '../errors';
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
  /** Normalized names of everything `[project].dependencies` and optional-dependencies require. */
  requires: string[];
}

export const createNodes: CreateNodes<NxPypiPluginOptions> = [
  PYPROJECT_GLOB,
  async (configFiles, rawOptions, context) => {
    const options = normalizePluginOptions(rawOptions);
    const excludes = options.exclude.map(compileGlob);
    const candidates = configFiles.filter((file) => isCandidate(file, excludes));
    return createNodesFromFiles(
      (file) => createProjectNode(file, readFileSync(join(context.workspaceRoot, file), 'utf8'), options),
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

/** A pyproject.toml holding only `[tool.*]` settings (ruff, black, …) is configuration, not a package. */
const DECLARES_PROJECT = /^[ \t]*(?:\[[ \t]*project[ \t]*[\].]|project[ \t]*[.=])/m;

export function createProjectNode(file: string, text: string, options: NormalizedPluginOptions): CreateNodesResult {
  if (!DECLARES_PROJECT.test(text)) return {};
  let project: PyProject;
  try {
    project = parsePyProject(text, file);
  } catch (err) {
    // Nx prints the message of each per-file error; ours must carry file, line:col and the fix.
    if (err instanceof NxPypiError) throw new Error(err.render());
    throw err;
  }
  const root = dirname(file);
  const metadata: PypiProjectMetadata = {
    name: project.name,
    normalizedName: project.normalizedName,
    requires: [
      ...project.dependencies,
      ...Object.values(project.optionalDependencies).flat(),
    ].map((r) => r.normalizedName),
  };
  return {
    projects: {
      [root]: {
        name: project.name,
        root,
        projectType: 'library',
        tags: ['lang:python'],
        metadata: {
          description: project.description,
          technologies: ['python'],
          pypi: metadata,
        },
        targets: {
          [options.buildTargetName]: buildTarget(root),
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
  // Archive timestamps come from it (reproducible builds), so it is part of the cache key.
  { env: 'SOURCE_DATE_EPOCH' },
];

/** `outputPath` is an option so a project.json can move it; the cache output and publish follow it. */
function buildTarget(root: string): TargetConfiguration {
  return {
    executor: 'nx-pypi:build',
    cache: true,
    inputs: BUILD_INPUTS,
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
