// Types only: loading @nx/devkit costs ~0.3 s, more than a whole native build.
import type { ExecutorContext, PromiseExecutor } from '@nx/devkit';
import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { DistBuildError, locateBuildError } from '../../core/dist/errors';
import { NX_OWN_DIRS, NX_OWN_FILES } from '../../core/nx-own-files';
import { ProjectTree } from '../../core/dist/project-tree';
import { readsGitignore, selectDistFiles } from '../../core/dist/select-dist-files';
import { computeBuildEpoch } from '../../core/dist/timestamps';
import { toDistFilenamePart } from '../../core/names';
import { parsePyProject, requireStaticVersion } from '../../core/pyproject';
import { readProjectIdentity } from '../../core/pyproject/project-identity';
import { isTable } from '../../core/pyproject/checker';
import { parseTomlTable } from '../../core/pyproject/toml-document';
import { AggregateNxPypiError, NxPypiError, renderError } from '../../errors';
import { readNearestGitignore } from '../../io/fs/read-nearest-gitignore';
import { walkProject } from '../../io/fs/walk-project';
import { redactSecrets } from '../../io/python/pip';
import { buildNative } from './lib/build-native';
import { planPoetryBuild } from './lib/plan-poetry-build';
import { POETRY_BACKEND } from '../../core/poetry/poetry-package';
import { readWorkspaceVersions, type WorkspacePythonProject } from './lib/workspace-versions';
import { listWorkspaceReferences, pinWorkspaceReferences } from '../../core/dist/workspace-references';
import type { BuiltArtifact } from './lib/output-dir';
import { describeArtifacts, formatArtifactLine, removeStaleArtifacts } from './lib/artifacts';
import type { BuildExecutorSchema } from './schema';
import { readPluginVersion } from '../../io/plugin-version';

/** The build options with defaults applied and every path made absolute. */
export interface NormalizedBuildOptions {
  builder: 'auto' | 'native' | 'pep517';
  python: string;
  isolated: boolean;
  /** Non-isolated PEP 517 builds only: do not check that the build requirements are installed. */
  skipDependencyCheck?: boolean;
  workspaceRoot: string;
  /** Absolute project folder. */
  projectRoot: string;
  /** Absolute output folder. */
  outputDir: string;
}

/**
 * Applies the defaults (builder auto, python3, isolated, `{projectRoot}/dist`) and resolves
 * `outputPath` (workspace-relative unless absolute; `{projectRoot}`/`{workspaceRoot}` replaced).
 */
export function normalizeOptions(options: BuildExecutorSchema, context: ExecutorContext): NormalizedBuildOptions {
  const projectName = context.projectName;
  const project = projectName ? context.projectsConfigurations?.projects[projectName] : undefined;
  if (!project) throw new NxPypiError('The build executor must run for a project.', { code: 'BUILD_NO_PROJECT', hint: 'Run it as `nx run <project>:build`.' });
  const projectRoot = resolve(context.root, project.root);
  const output = (options.outputPath ?? '{projectRoot}/dist').replace(/\{projectRoot\}/g, project.root).replace(/\{workspaceRoot\}/g, context.root);
  return {
    builder: options.builder ?? 'auto',
    python: options.python ?? 'python3',
    isolated: options.isolated ?? true,
    skipDependencyCheck: options.skipDependencyCheck ?? false,
    workspaceRoot: context.root,
    projectRoot,
    outputDir: isAbsolute(output) ? output : resolve(context.root, output),
  };
}

/** Where a build's lines go: the terminal for one task, a buffer per task in a batch. */
export interface BuildLog {
  info(line: string): void;
  warn(line: string): void;
}

export interface BuildHooks {
  log?: BuildLog;
  /** The workspace's Python projects (from the graph): where workspace references point. */
  workspaceProjects?: readonly WorkspacePythonProject[];
  /** The environment for the PEP 517 frontend; asked for only when the build falls back to it. */
  pythonEnv?: () => NodeJS.ProcessEnv | Promise<NodeJS.ProcessEnv>;
}

const consoleLog: BuildLog = { info: (l) => console.log(l), warn: (l) => console.warn(l) };

/** `nx-pypi:build`: prints one line per artifact; a known error is printed as rendered, without a stack. */
const buildExecutor: PromiseExecutor<BuildExecutorSchema> = async (options, context) => {
  return { success: await buildProject(options, context, consoleLog, (l) => console.error(l)) };
};
export default buildExecutor;

/** One project's build as a task: artifacts or the rendered error go to `log`/`error`. Never throws. */
export async function buildProject(options: BuildExecutorSchema, context: ExecutorContext, log: BuildLog, error: (line: string) => void): Promise<boolean> {
  // The frontend's environment may carry index credentials (PIP_INDEX_URL): keep them out of messages.
  const secrets: string[] = [];
  // What the environment made for the frontend (a joined client certificate and key) goes once the build ends.
  const disposers: Array<() => void> = [];
  const pythonEnv = async () => {
    // Loaded only for the fallback: a native build (most builds) never needs the repository's settings.
    const { resolveWorkspacePythonEnv } = loadWorkspacePythonEnv();
    const resolved = resolveWorkspacePythonEnv(context.root, context.nxJsonConfiguration, process.env, undefined);
    disposers.push(resolved.dispose);
    secrets.push(...resolved.secrets);
    for (const line of resolved.lines) log.info(`nx-pypi: ${line}`);
    return resolved.env;
  };
  try {
    const artifacts = await runBuild(normalizeOptions(options, context), process.env, { log, pythonEnv, workspaceProjects: pythonProjectsOf(context) });
    for (const a of artifacts) log.info(formatArtifactLine(a, context.root));
    return true;
  } catch (err) {
    error(redactSecrets(renderError(err), secrets));
    return false;
  } finally {
    for (const dispose of disposers) dispose();
  }
}

/** The graph's Python projects, as the plugin describes them in their `pypi` metadata. */
function pythonProjectsOf(context: ExecutorContext): WorkspacePythonProject[] {
  return Object.values(context.projectGraph?.nodes ?? {}).flatMap((node) => {
    const pypi = node.data.metadata?.pypi as { normalizedName?: string } | undefined;
    return pypi?.normalizedName ? [{ root: node.data.root, normalizedName: pypi.normalizedName }] : [];
  });
}

function describeDynamic(values: { version?: string; description?: string }): string {
  return [values.version !== undefined && `version ${values.version}`, values.description !== undefined && 'description'].filter(Boolean).join(' and ');
}

/** Builds one project as the options say; returns the artifacts now in the output folder. */
export async function runBuild(opts: NormalizedBuildOptions, env: NodeJS.ProcessEnv = process.env, hooks: BuildHooks = {}): Promise<BuiltArtifact[]> {
  const pyprojectPath = join(opts.projectRoot, 'pyproject.toml');
  const shownPath = relative(opts.workspaceRoot, pyprojectPath) || 'pyproject.toml';
  let sourceText: string;
  try {
    sourceText = readFileSync(pyprojectPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new DistBuildError(`${shownPath} does not exist.`, {
        code: 'BUILD_NO_PYPROJECT',
        hint: 'Create it (nx g nx-pypi:package) or point the target at the right project.',
      });
    throw err;
  }
  try {
    return await buildFromPyproject(opts, env, hooks, sourceText, shownPath);
  } catch (err) {
    throw locateBuildError(err, sourceText, shownPath);
  }
}

async function buildFromPyproject(
  opts: NormalizedBuildOptions,
  env: NodeJS.ProcessEnv,
  hooks: BuildHooks,
  sourceText: string,
  shownPath: string,
): Promise<BuiltArtifact[]> {
  const log = hooks.log ?? consoleLog;
  const frontendEnv = async () => (await hooks.pythonEnv?.()) ?? env;
  // Only what the graph reads: enough to name the artifacts when the backend does the rest.
  const identity = readProjectIdentity(sourceText, shownPath);
  // What the backend builds from: the file itself, or a copy requiring workspace references by version.
  const text = identity.kind === 'project' ? pinReferences(sourceText, shownPath, opts, hooks, log) : sourceText;
  const pyprojectText = text === sourceText ? undefined : text;
  if (opts.builder === 'pep517') {
    // The backend validates its own input: nx-pypi's rules for native builds do not apply here.
    if (identity.kind !== 'project')
      throw identity.kind === 'broken'
        ? identity.error
        : new DistBuildError('declares no package: neither [project] nor [tool.poetry] has a name', {
            code: 'BUILD_NO_PROJECT_NAME',
            location: { file: shownPath },
            hint: 'add a [project] table with name and version (or point the build target at the package folder)',
          });
    log.info(`nx-pypi: builder pep517; building with the PEP 517 frontend (${describeFrontend(opts)}).`);
    return buildWithFrontend(opts, toDistFilenamePart(identity.name), await frontendEnv(), pyprojectText);
  }
  if (identity.kind === 'project' && (identity.layout === 'poetry' || namesBuildBackend(text, POETRY_BACKEND)))
    return buildPoetryProject(opts, text, shownPath, identity.name, env, log, () => frontendEnv(), pyprojectText);
  const project = parsePyProject(text, shownPath);

  const walk = walkProject(opts.projectRoot, { skip: [...outputFolderInside(opts), ...NX_OWN_FILES, ...NX_OWN_DIRS] });
  const tree = new ProjectTree(walk.files.map((f) => f.path));
  const gitignore = readsGitignore(project) ? readNearestGitignore(opts.projectRoot) : undefined;
  const gitignoreText = gitignore?.text;
  const readProjectFile = (path: string) => readFileSync(join(opts.projectRoot, path), 'utf8');
  const outcome = withOutsideLinks(
    () => selectDistFiles(project, tree, { gitignoreText, projectRootPath: opts.projectRoot, outsideLinks: walk.outsideLinks, readFile: readProjectFile }),
    walk.outsideLinks,
    project.filePath,
  );
  if (outcome.kind === 'unsupported') {
    if (opts.builder === 'native') {
      throw new DistBuildError(`The native builder cannot build this project: ${outcome.reason}.`, {
        code: 'BUILD_NATIVE_UNSUPPORTED',
        location: { file: shownPath },
        hint: 'Set the build target\'s "builder" option to "auto" or "pep517" to use the PEP 517 frontend.',
      });
    }
    log.info(`nx-pypi: ${outcome.reason}; building with the PEP 517 frontend (${describeFrontend(opts)}) instead.`);
    return buildWithFrontend(opts, toDistFilenamePart(project.name), await frontendEnv(), pyprojectText);
  }
  const dynamic = outcome.dynamic;
  const built = dynamic
    ? { ...project, version: dynamic.version ?? project.version, description: dynamic.description ?? project.description, dynamic: [] }
    : project;
  const version = requireStaticVersion(built);
  log.info(
    `nx-pypi: building natively, as ${outcome.selection.backend} would${dynamic ? `; ${describeDynamic(dynamic)} from ${dynamic.source}, read as ${outcome.selection.backend} reads it without running code` : ''}`,
  );
  const epoch = computeBuildEpoch(env['SOURCE_DATE_EPOCH']);
  if (epoch.warning) log.warn(`nx-pypi: ${epoch.warning}`);
  return buildNative({
    projectRoot: opts.projectRoot,
    project: built,
    version,
    walk,
    selection: outcome.selection,
    outputDir: opts.outputDir,
    generatorVersion: readPluginVersion(),
    epochSeconds: epoch.epochSeconds,
    pyprojectText,
    ...(outcome.selection.sdistGitignoreFromAbove && gitignore ? { gitignoreFromAbove: gitignore.bytes } : {}),
  });
}

/**
 * The pyproject text with its workspace references (Poetry path dependencies, uv workspace and path
 * sources) required by the compatible range of the referenced project's current version, and one
 * line saying so; the text unchanged when there are none.
 */
function pinReferences(text: string, shownPath: string, opts: NormalizedBuildOptions, hooks: BuildHooks, log: BuildLog): string {
  const references = listWorkspaceReferences(text);
  if (references.length === 0) return text;
  const versions = readWorkspaceVersions(references, {
    workspaceRoot: opts.workspaceRoot,
    projectRoot: opts.projectRoot,
    pyprojectPath: shownPath,
    projects: hooks.workspaceProjects ?? [],
  });
  const { text: pinned, pinned: pins } = pinWorkspaceReferences(text, shownPath, versions);
  if (pins.length > 0) {
    const described = pins.map((p) => `${p.reference.name}${p.specifier} (${p.reference.via}, now ${p.version})`).join(', ');
    log.info(`nx-pypi: workspace dependencies required by version range in the built metadata: ${described}`);
  }
  return pinned;
}

/**
 * A project poetry-core builds (Poetry 1.x `[tool.poetry]`, or Poetry 2 `[project]` with
 * `[tool.poetry]`): natively as poetry-core 2.x would (core/poetry), or through the PEP 517 frontend
 * with one line saying why; `builder: native` fails with that reason instead.
 */
async function buildPoetryProject(
  opts: NormalizedBuildOptions,
  text: string,
  shownPath: string,
  name: string,
  env: NodeJS.ProcessEnv,
  log: BuildLog,
  frontendEnv: () => Promise<NodeJS.ProcessEnv>,
  pyprojectText: string | undefined,
): Promise<BuiltArtifact[]> {
  const plan = await planPoetryBuild(text, shownPath, opts.projectRoot, outputFolderInside(opts));
  if (plan.kind === 'unsupported') {
    if (opts.builder === 'native') {
      throw new DistBuildError(`The native builder cannot build this project: ${plan.reason}.`, {
        code: 'BUILD_NATIVE_UNSUPPORTED',
        location: { file: shownPath },
        hint: `Set the build target's "builder" option to "auto" or "pep517" to build it with its backend (${POETRY_BACKEND}) through the PEP 517 frontend.`,
      });
    }
    log.info(`nx-pypi: ${plan.reason}; building with the PEP 517 frontend (${describeFrontend(opts)}, backend ${POETRY_BACKEND}) instead.`);
    return buildWithFrontend(opts, toDistFilenamePart(name), await frontendEnv(), pyprojectText);
  }
  log.info('nx-pypi: building natively, as poetry-core 2.x would');
  const epoch = computeBuildEpoch(env['SOURCE_DATE_EPOCH']);
  if (epoch.warning) log.warn(`nx-pypi: ${epoch.warning}`);
  return buildNative({ ...plan.input, outputDir: opts.outputDir, generatorVersion: readPluginVersion(), epochSeconds: epoch.epochSeconds, pyprojectText });
}

/** Whether `[build-system].build-backend` is `backend` (validation is the reader's job, with locations). */
function namesBuildBackend(text: string, backend: string): boolean {
  const buildSystem = parseTomlTable(text)['build-system'];
  return isTable(buildSystem) && buildSystem['build-backend'] === backend;
}

/** The output folder as a project-relative POSIX path when it lies inside the project: never a build input. */
function outputFolderInside(opts: NormalizedBuildOptions): string[] {
  const outputInside = relative(opts.projectRoot, opts.outputDir);
  return outputInside && !outputInside.startsWith(`..${sep}`) && outputInside !== '..' && !isAbsolute(outputInside) ? [outputInside.split(sep).join('/')] : [];
}

/**
 * A package folder that is a symlink out of the project looks missing to the selection (it is not
 * followed): when the selection fails and such links exist, report them alongside.
 */
function withOutsideLinks<T>(select: () => T, outsideLinks: readonly string[], pyprojectPath: string): T {
  try {
    return select();
  } catch (err) {
    if (!(err instanceof DistBuildError) || outsideLinks.length === 0) throw err;
    const links = outsideLinks.map(
      (link) =>
        new DistBuildError('This symlink points outside the project; it is not followed.', {
          code: 'DIST_SYMLINK_OUTSIDE',
          location: { file: join(pyprojectPath, '..', link) },
        }),
    );
    throw new AggregateNxPypiError('The package files cannot be selected', [err, ...links], err.code);
  }
}

/** `python3, isolated venv` or `/usr/bin/python3, its installed backend`: what a user needs to know of the fallback. */
function describeFrontend(opts: NormalizedBuildOptions): string {
  return `${opts.python}, ${opts.isolated ? 'isolated venv' : `its installed backend${opts.skipDependencyCheck ? ', dependency check skipped' : ''}`}`;
}

async function buildWithFrontend(opts: NormalizedBuildOptions, distName: string, env: NodeJS.ProcessEnv, pyprojectText?: string): Promise<BuiltArtifact[]> {
  await mkdir(opts.outputDir, { recursive: true });
  // The fallback's modules load when a build falls back, not with every native build.
  const { runPep517Build } = loadPep517Build();
  const produced = await runPep517Build({
    python: opts.python,
    projectRoot: opts.projectRoot,
    outputDir: opts.outputDir,
    skip: outputFolderInside(opts),
    isolated: opts.isolated,
    skipDependencyCheck: opts.skipDependencyCheck,
    env,
    pyprojectText,
  });
  await removeStaleArtifacts(opts.outputDir, distName, produced);
  return describeArtifacts(opts.outputDir, produced);
}

/*
 * The fallback's modules (repository settings, trust, pip, the PEP 517 frontend), required when a
 * build falls back: a native build, which most are, does not pay for loading them (~30 ms of a
 * task that builds in 10).
 */
/* eslint-disable @typescript-eslint/no-require-imports */
function loadWorkspacePythonEnv(): typeof import('../../io/python/workspace-python-env') {
  return require('../../io/python/workspace-python-env') as typeof import('../../io/python/workspace-python-env');
}

function loadPep517Build(): typeof import('../../io/python/pep517-build') {
  return require('../../io/python/pep517-build') as typeof import('../../io/python/pep517-build');
}
/* eslint-enable @typescript-eslint/no-require-imports */
