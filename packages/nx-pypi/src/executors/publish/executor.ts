/**
 * `nx run <project>:publish` (and `nx-release-publish`): uploads exactly the artifacts the build
 * target wrote, with the workspace's repository, credentials and CA chain. Re-runs are safe: an
 * identical file on the index is skipped, a different one under the same version is refused
 * before anything of the project is sent. Dependents wait until their workspace dependencies are
 * listed on the group index their consumers install from.
 */
// Types only: @nx/devkit adds ~48 MiB to the process, which a 200 MB upload cannot spare.
import type { ExecutorContext, PromiseExecutor, TaskGraph } from '@nx/devkit';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeName } from '../../core/names';
import { normalizeVersion } from '../../core/pep440';
import { PublishInputError } from '../../core/publish/errors';
import { computeImmutableVersionError } from '../../core/publish/publish-outcome';
import { DEFAULT_RETRY_POLICY } from '../../core/publish/retry-policy';
import { redactUrl } from '../../core/publish/redact-url';
import { findLocalRequirements } from '../../core/publish/local-references';
import { findBuiltVersion, selectArtifactsToPublish } from '../../core/publish/select-artifacts';
import { readDistributionIdentity } from '../../core/publish/distribution-identity';
import { describeClientCertificate } from '../../core/tls/client-certificate';
import { describeTrust } from '../../core/tls/trust';
import { NxPypiError, renderError } from '../../errors';
import { readArtifact, type Artifact } from '../../io/artifact/read-artifact';
import { checkIndex } from '../../io/http/check-index';
import { comparePublishedContents } from '../../io/http/compare-published';
import { systemClock } from '../../io/http/clock';
import { publishDistributions } from '../../io/http/publish-distributions';
import { createDispatcher } from '../../io/tls/dispatcher';
import type { Dispatcher } from 'undici';
import type { DispatcherPool } from './lib/dispatcher-pool';
import { resolveBuildOutputDir } from './lib/build-output-dir';
import { createConsoleReporter, formatBytes, summarize } from './lib/console-reporter';
import { resolvePublishSettings, type PublishSettings } from './lib/resolve-settings';
import { collectDependencyFiles, waitForDependencies, type DependencyFile } from './lib/wait-for-dependencies';
import type { PublishExecutorSchema } from './schema';

const DEFAULT_GROUP_WAIT_SECONDS = 60;
const DEFAULT_GROUP_POLL_MS = 1000;

const publishExecutor: PromiseExecutor<PublishExecutorSchema> = async (options, context) => ({
  success: await runPublishTask(
    options,
    context,
    (line) => console.log(line),
    (line) => console.error(line),
  ),
});

export default publishExecutor;

/** One project's publish as a task (also one task of a batch): lines to `write`, a rendered error to `error`. */
export async function runPublishTask(
  options: PublishExecutorSchema,
  context: ExecutorContext,
  write: (line: string) => void,
  error: (line: string) => void,
  batch?: BatchRun,
): Promise<boolean> {
  try {
    return await publishProject(normalizeOptions(options, context.taskGraph), context, process.env, write, batch);
  } catch (err) {
    error(renderError(err));
    return false;
  }
}

interface NormalizedOptions extends PublishExecutorSchema {
  dryRun: boolean;
  groupWaitTimeout: number;
  groupPollInterval: number;
}

function normalizeOptions(options: PublishExecutorSchema, taskGraph: TaskGraph | undefined): NormalizedOptions {
  return {
    ...options,
    uploadUrl: options.registry ?? options.uploadUrl,
    dryRun: options.dryRun === true || process.env.NX_DRY_RUN === 'true' || isDryRunAnywhere(taskGraph),
    groupWaitTimeout: options.groupWaitTimeout ?? DEFAULT_GROUP_WAIT_SECONDS,
    groupPollInterval: options.groupPollInterval ?? DEFAULT_GROUP_POLL_MS,
  };
}

/**
 * A dry run holds for every task of the run. Nx hands `--dry-run` to the named task only; the
 * inferred target forwards it to dependencies' publishes, and this covers targets written by hand
 * (a `^publish` without `params: "forward"`): any task of the run asked for a dry run.
 */
export function isDryRunAnywhere(taskGraph: TaskGraph | undefined): boolean {
  const asked = (value: unknown) => value === true || value === 'true';
  return Object.values(taskGraph?.tasks ?? {}).some((task) => asked(task.overrides?.dryRun) || asked(task.overrides?.['dry-run']));
}

/** What a task of an Nx batch shares with the others (batch.ts). */
export interface BatchRun {
  /** The batch's connections; a task alone opens its own and closes them at the end. */
  pool: DispatcherPool;
  /** Lets this project's dependents in the batch start: called once its files are on the hosted repository. */
  release: () => void;
}

async function publishProject(
  options: NormalizedOptions,
  context: ExecutorContext,
  env: NodeJS.ProcessEnv,
  write: (line: string) => void,
  batch?: BatchRun,
): Promise<boolean> {
  const pool = batch?.pool;
  const projectName = context.projectName!;
  const projectConfig = context.projectsConfigurations.projects[projectName];
  const root = projectConfig.root;
  const pyprojectPath = join(root, 'pyproject.toml');
  const project = readDistributionIdentity(readFileSync(join(context.root, pyprojectPath), 'utf8'), pyprojectPath);
  const distDir = resolveBuildOutputDir(projectConfig, context);
  const buildCommand = `nx run ${projectName}:build`;
  const filenames = readdirSafe(join(context.root, distDir));
  // A dynamic version (a version file, VCS tags) is what the build wrote: publish never rebuilds.
  const version = project.dynamicVersion
    ? (findBuiltVersion(filenames, project.name, distDir, buildCommand) ?? project.requireVersion())
    : project.requireVersion();
  const pending = pendingReleaseVersion(options, projectName, version, pyprojectPath, project.versionKeyPath);
  if (pending) {
    // `nx release --dry-run`: the version step wrote nothing, so dist/ holds the old version.
    write(`[dry run] ${project.name} would be published as ${pending} (nx release decided it; ${pyprojectPath} still holds ${version} in a dry run)`);
    return true;
  }

  const selected = selectArtifactsToPublish(filenames, { name: project.name, version }, distDir, buildCommand);
  // No digests yet: a file the index lists gets them for the comparison; a new one while its upload streams.
  const artifacts = await Promise.all(selected.map((f) => readArtifact(join(context.root, distDir, f), { hash: false })));
  for (const artifact of artifacts) checkArtifactMetadata(artifact, project.name, version, buildCommand);

  const settings = resolvePublishSettings(options, context, env);
  for (const note of settings.notes) write(`  note: ${note}`);
  const client = settings.clientCertificate;
  const dispatcher = pool
    ? pool.dispatcherFor(settings.trust, settings.timeoutMs, client)
    : createDispatcher(settings.trust, { timeoutMs: settings.timeoutMs, clientCertificate: client });
  try {
    write(
      `${options.dryRun ? '[dry run] ' : ''}${project.name} ${version} -> ${redactUrl(settings.uploadUrl.value)} as ${settings.credentialsLine}; trusting ${describeTrust(settings.trust)}${client ? `; client certificate ${describeClientCertificate(client)}` : ''}`,
    );
    const sizes = new Map(artifacts.map((a) => [a.filename, a.size]));
    if (options.dryRun) return await reportPlan(artifacts, settings, dispatcher, options.retry, write);

    // Consumers install through the group, so dependencies must be listed there. Those published
    // earlier (or by another agent) are waited for before uploading. Those this batch published
    // released this task as soon as the hosted repository had them, and are waited for after
    // this project's upload: a chain of dependents then pays the group's lag once, not once per link.
    const groupWait = settings.indexUrl && options.groupWaitTimeout > 0 ? settings.indexUrl : undefined;
    const waitOptions = { timeoutMs: options.groupWaitTimeout * 1000, pollMs: options.groupPollInterval, dispatcher, credentials: settings.credentials };
    const dependencyFiles = groupWait ? await collectDependencyFiles(context, write) : [];
    const publishedByThisBatch = (file: DependencyFile) =>
      batch !== undefined && options.waitForGroupBeforeUpload !== true && context.taskGraph?.tasks[`${file.project}:${context.targetName}`] !== undefined;
    if (groupWait)
      await waitForDependencies(
        groupWait,
        dependencyFiles.filter((f) => !publishedByThisBatch(f)),
        waitOptions,
        write,
      );
    const reporter = createConsoleReporter(write, sizes);
    const outcomes = await publishDistributions(artifacts, {
      uploadUrl: settings.uploadUrl.value,
      hostedIndexUrl: settings.hostedIndexUrl,
      credentials: settings.credentials,
      dispatcher,
      retry: options.retry,
      reporter,
    });
    write(summarize(project.name, version, outcomes));
    if (outcomes.some((o) => o.status === 'failed')) return false;
    batch?.release();
    if (groupWait) await waitForDependencies(groupWait, dependencyFiles.filter(publishedByThisBatch), waitOptions, write, true);
    return true;
  } finally {
    if (!pool) await dispatcher.close();
  }
}

/** `--dry-run`: read the index for each file and say what a real run would do. */
async function reportPlan(
  artifacts: readonly Artifact[],
  settings: PublishSettings,
  dispatcher: Dispatcher,
  retry: PublishExecutorSchema['retry'],
  write: (line: string) => void,
): Promise<boolean> {
  const indexUrl = settings.hostedIndexUrl ?? `${settings.uploadUrl.value}simple/`;
  const checkOptions = { dispatcher, credentials: settings.credentials, policy: { ...DEFAULT_RETRY_POLICY, ...retry }, clock: systemClock };
  let ok = true;
  for (const artifact of artifacts) {
    const { check } = await checkIndex(indexUrl, artifact, checkOptions);
    const size = formatBytes(artifact.size);
    if (check.kind === 'absent') write(`  would upload ${artifact.filename} (${size})`);
    else if (check.kind === 'identical') write(`  would skip   ${artifact.filename} (${size}): already published, identical`);
    else if (check.kind === 'different') {
      // Other archive bytes: a real run compares contents, and so does the plan (it downloads the listed file).
      try {
        const comparison = await comparePublishedContents(artifact, check, { ...checkOptions, indexUrl });
        if (comparison.same) write(`  would skip   ${artifact.filename} (${size}): already published, same contents (archive bytes differ)`);
        else {
          ok = false;
          const { message } = computeImmutableVersionError(
            artifact.name,
            artifact.version,
            redactUrl(settings.uploadUrl.value),
            artifact.filename,
            check,
            comparison.difference,
          );
          write(`  would fail   ${artifact.filename}: ${message}`);
        }
      } catch (error) {
        if (!(error instanceof NxPypiError)) throw error;
        ok = false;
        write(`  would fail   ${artifact.filename}: ${error.render().replace(/\n/g, '\n           ')}`);
      }
    } else write(`  would upload ${artifact.filename} (${size}) after comparing ${check.kind === 'needs-digest' ? check.algorithm : 'the listed file'}`);
  }
  write('[dry run] nothing was uploaded');
  return ok;
}

/**
 * `nx release` decided a version: the pyproject.toml must hold it, or the version step did not
 * write. In a dry run that is expected, and the decided version is returned for the plan.
 */
function pendingReleaseVersion(options: NormalizedOptions, projectName: string, version: string, pyprojectPath: string, keyPath: string): string | undefined {
  const decided = options.nxReleaseVersionData?.[projectName]?.newVersion;
  if (!decided || normalizeVersion(decided) === version) return undefined;
  if (options.dryRun) return normalizeVersion(decided) ?? decided;
  throw new PublishInputError(`nx release decided ${projectName} ${decided}, but ${pyprojectPath} holds ${version}`, {
    code: 'PUBLISH_RELEASE_VERSION_MISMATCH',
    location: { file: pyprojectPath, keyPath },
    hint: 'run `nx release version` without --dry-run (or commit its changes) before publishing',
  });
}

function checkArtifactMetadata(artifact: Artifact, name: string, version: string, buildCommand: string): void {
  const local = findLocalRequirements(artifact.metadata);
  if (local.length > 0) {
    throw new PublishInputError(`${artifact.filename} requires ${local.join(', ')}: a path on this machine, which pip cannot install anywhere else`, {
      code: 'PUBLISH_LOCAL_REQUIREMENT',
      location: { file: artifact.path },
      hint: 'a path that is not a workspace project cannot be required by version: make the folder a workspace project (its dependents\' builds then require it by version range) or require it by version (token-lib = "^0.1.0"), and rebuild',
    });
  }
  if (normalizeName(artifact.name) === normalizeName(name) && normalizeVersion(artifact.version) === version) return;
  throw new PublishInputError(`${artifact.filename} says it is ${artifact.name} ${artifact.version} in its metadata, but the project is ${name} ${version}`, {
    code: 'PUBLISH_METADATA_MISMATCH',
    location: { file: artifact.path },
    hint: `run \`${buildCommand}\` to rebuild it from the current pyproject.toml`,
  });
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir).filter((f) => statSync(join(dir, f)).isFile());
  } catch {
    return [];
  }
}
