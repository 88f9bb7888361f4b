/**
 * `nx run <project>:local-registry`: a local Nexus-compatible PyPI registry for the workspace,
 * modelled on @nx/js:verdaccio. It starts the `pypi-registry` package installed in the workspace
 * on loopback over TLS, points the workspace at it (pip.conf, CA chain, and the `local`
 * repository in the gitignored `.nx-pypi/local-registry.json` that the repository session reads;
 * never nx.json, which is an input of every Nx task), reports success once it is up (so
 * `continuous` dependents can start), and runs until it is told to stop. On stop, every file it
 * changed gets its previous text back, the server closes, and it prints what it restored where the
 * user sees it (see stop-output.ts). A run that was killed outright is undone by the next one.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { renderError } from '../../errors';
import { readRepositorySettings } from '../../io/config/repository-session';
import { clearDataDir } from './lib/clear-data-dir';
import { computeWorkspaceEdits } from './lib/compute-workspace-edits';
import { LocalRegistryError } from './lib/errors';
import { loadRegistryModule, REGISTRY_PACKAGE, type PypiRegistryModule, type RunningLocalRegistry } from './lib/load-registry';
import { normalizeOptions, WORKSPACE_FILES, type NormalizedLocalRegistryOptions } from './lib/normalize-options';
import { PIP_OVERRIDE_VARIABLES, renderBanner } from './lib/render-banner';
import type { LocalRegistryState } from './lib/restore-plan';
import { openStopOutput, type StopOutput } from './lib/stop-output';
import { waitForStopSignal } from './lib/stop-signal';
import { applyWorkspaceEdits, readWorkspaceSnapshot, recoverStaleRun, restoreWorkspace } from './lib/workspace-files';
import type { LocalRegistryExecutorSchema } from './schema';

export default async function* localRegistryExecutor(options: LocalRegistryExecutorSchema, context: ExecutorContext): AsyncGenerator<{ success: boolean }> {
  let normalized: NormalizedLocalRegistryOptions;
  let registryModule: PypiRegistryModule | undefined;
  try {
    normalized = normalizeOptions(options, context.root);
    registryModule = loadRegistryModule(context.root);
  } catch (err) {
    logger.error(renderError(err));
    yield { success: false };
    return;
  }

  // Listening from the start: a stop during start-up still closes the server and restores files.
  const stop = waitForStopSignal();
  // Opened now: after Ctrl+C, Nx no longer forwards what the task prints.
  const stopOutput = openStopOutput({ env: process.env, fallback: (line) => logger.info(line) });
  const root = normalized.workspaceRoot;
  let registry: RunningLocalRegistry | undefined;
  let state: LocalRegistryState | undefined;
  // Last resort when something calls process.exit() before `finally` runs: the files still go back.
  const restoreOnExit = (): void => {
    if (state) restoreWorkspace(root, state);
    state = undefined;
  };
  try {
    if (normalized.location === 'project') {
      const recovery = recoverStaleRun(root);
      if (recovery.recovered) logger.warn('nx-pypi local registry: undid the workspace edits of a previous run that did not stop cleanly');
      for (const line of [...recovery.done, ...recovery.warnings]) logger.warn(`  ${line}`);
    }
    if (normalized.clear) clearDataDir(normalized.dataDir);
    registry = await startRegistry(registryModule, normalized);
    const clientCert = registry.clientCertificates?.combined;
    if (normalized.requireClientCert && clientCert === undefined) {
      throw new LocalRegistryError('the installed pypi-registry does not support requireClientCert: it started without requiring client certificates', {
        code: 'LOCAL_REGISTRY_INCOMPATIBLE',
        hint: `Update it (npm install -D ${REGISTRY_PACKAGE}@latest), or remove "requireClientCert" from the target options.`,
      });
    }
    const chainPath = normalized.location === 'project' ? join(root, WORKSPACE_FILES.chain) : registry.certs.chain;
    let notes: string[] = [];
    if (normalized.location === 'project') {
      const edits = computeWorkspaceEdits(readWorkspaceSnapshot(root), {
        endpoints: { uploadUrl: registry.uploadUrl(), indexUrl: registry.indexUrl(), chainPem: readFileSync(registry.certs.chain, 'utf8'), clientCert },
        workspaceRoot: root,
        pid: process.pid,
        settings: readRepositorySettings(root, context.nxJsonConfiguration),
      });
      process.on('exit', restoreOnExit);
      state = applyWorkspaceEdits(root, edits.changes);
      notes = edits.notes;
    }
    const pipConf = normalized.location === 'project' ? join(root, WORKSPACE_FILES.pipConf) : undefined;
    const banner = renderBanner({
      origin: registry.origin,
      dataDir: registry.dataDir,
      uploadUrl: registry.uploadUrl(),
      indexUrl: registry.indexUrl(),
      chainPath,
      clientCert,
      credentialsFile: join(registry.dataDir, 'credentials'),
      username: registry.credentials.username,
      pipConf,
      notes,
      overridingEnv: pipConf ? overridingVariables(process.env, pipConf) : [],
    });
    for (const line of banner) logger.info(line);

    yield { success: true };
    const signal = await stop.stopped;
    stopOutput.write(`nx-pypi local registry: ${signal} received, stopping`);
  } catch (err) {
    logger.error(renderFailure(err, registryModule));
    yield { success: false };
  } finally {
    // Files first: they are what the user would notice if a second signal killed us mid-close.
    if (state) {
      const report = restoreWorkspace(root, state);
      state = undefined;
      printRestoreReport(report, stopOutput);
    }
    process.off('exit', restoreOnExit);
    if (registry) await registry.close();
    if (registry) stopOutput.write('nx-pypi local registry: stopped');
    stopOutput.close();
    stop.dispose();
  }
}

function printRestoreReport(report: { done: string[]; warnings: string[] }, out: StopOutput): void {
  for (const line of report.done) out.write(`nx-pypi local registry: ${line}`);
  for (const warning of report.warnings) out.write(`nx-pypi local registry: warning: ${warning}`);
  if (report.done.length === 0 && report.warnings.length === 0) out.write('nx-pypi local registry: no workspace file needed restoring');
}

function startRegistry(registryModule: PypiRegistryModule, options: NormalizedLocalRegistryOptions): Promise<RunningLocalRegistry> {
  return registryModule.startRegistry({
    dataDir: options.dataDir,
    port: options.port,
    host: options.host,
    strict: options.strict,
    storageFlavour: options.storageFlavour,
    config: options.config,
    requireClientCert: options.requireClientCert,
    // Request lines carry method, path, status, time and user name; the registry never logs a password.
    logRequest: options.logRequests ? (line) => logger.info(`  ${line}`) : undefined,
    logError: (line) => logger.warn(line),
  });
}

/** Variables set in this environment that would make pip ignore the workspace pip.conf's cert or index. */
function overridingVariables(env: NodeJS.ProcessEnv, pipConf: string): string[] {
  return PIP_OVERRIDE_VARIABLES.filter((name) => env[name] && !(name === 'PIP_CONFIG_FILE' && env[name] === pipConf));
}

/** The registry's own errors (port in use, bad config) are the user's to fix, not bugs of ours. */
function renderFailure(err: unknown, registryModule: PypiRegistryModule | undefined): string {
  if (err instanceof Error && err.name === 'RegistryError' && registryModule?.renderRegistryError) {
    return `nx-pypi local registry: ${registryModule.renderRegistryError(err)}`;
  }
  return renderError(err);
}
