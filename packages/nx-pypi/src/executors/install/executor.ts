import { logger, type ExecutorContext, type PromiseExecutor } from '@nx/devkit';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { normalizeName } from '../../core/names';
import { AggregateNxPypiError, NxPypiError, renderError } from '../../errors';
import { pipInstall, pipUninstall } from '../../io/python/pip';
import { ensureVenv } from '../../io/python/venv';
import { resolveWorkspacePythonEnv, type WorkspacePythonEnv } from '../../io/python/workspace-python-env';
import { markEditable } from './lib/mark-editable';
import { normalizeOptions, type NormalizedInstallOptions } from './lib/normalize-options';
import { collectInstallProjects, workspaceDistributions, type InstallProject } from './lib/workspace-projects';
import { describeSourceRoots, writeEditableWheel, type WrittenEditableWheel } from './lib/write-editable-wheel';
import type { InstallExecutorSchema } from './schema';

/**
 * `nx-pypi:install`: `pip install -e .` for a monorepo. The project and its workspace dependencies
 * get natively built PEP 660 editable wheels (a `.pth` to their source folder, no setuptools, no
 * network), installed in one pip run into the workspace venv; external dependencies come from the
 * configured index.
 */
const installExecutor: PromiseExecutor<InstallExecutorSchema> = async (options, context) => {
  try {
    await runInstall(normalizeOptions(options, context, process.env), context, process.env, (line) => logger.info(line));
    return { success: true };
  } catch (err) {
    logger.error(renderError(err));
    return { success: false };
  }
};
export default installExecutor;

export async function runInstall(opts: NormalizedInstallOptions, context: ExecutorContext, env: NodeJS.ProcessEnv, log: (line: string) => void): Promise<void> {
  const projects = collectInstallProjects(context.projectGraph, opts.projectName, opts.withDependencies);
  const childEnv = resolveWorkspacePythonEnv(opts.workspaceRoot, context.nxJsonConfiguration, env, opts.repository);
  try {
    for (const line of childEnv.lines) log(`nx-pypi: ${line}`);
    await installInto(opts, projects, workspaceDistributions(context.projectGraph), childEnv, log);
  } finally {
    childEnv.dispose();
  }
}

async function installInto(
  opts: NormalizedInstallOptions,
  projects: readonly InstallProject[],
  distributions: ReadonlySet<string>,
  childEnv: WorkspacePythonEnv,
  log: (line: string) => void,
): Promise<void> {
  const staging = await mkdtemp(join(tmpdir(), 'nx-pypi-editable-'));
  try {
    const wheels = await writeAllWheels(opts.workspaceRoot, projects, distributions, staging);
    const requirements = wheels.map((w, i) => (i === 0 ? withExtras(w, opts.extras) : w.path));
    for (const [i, wheel] of wheels.entries()) {
      const extras = i === 0 && opts.extras.length > 0 ? `[${opts.extras.join(',')}]` : '';
      log(
        `${opts.dryRun ? 'would install' : 'installing'} ${projects[i].distribution}${extras} ${wheel.project.version} editable from ${describeSourceRoots(opts.workspaceRoot, wheel)}`,
      );
    }
    const venvShown = relative(opts.workspaceRoot, opts.venvDir) || '.';
    if (opts.dryRun) {
      log(`NX_DRY_RUN: nothing was installed into ${venvShown}`);
      return;
    }
    const venv = await ensureVenv({ python: opts.python, venvDir: opts.venvDir, env: childEnv.env, cwd: opts.workspaceRoot });
    log(venv.created ? `created the virtual environment ${venvShown} with ${opts.python}` : `using the virtual environment ${venvShown}`);
    const pip = { python: venv.python, env: childEnv.env, envDescription: childEnv.lines.join('; '), cwd: opts.workspaceRoot, secrets: childEnv.secrets };
    await pipUninstall({ ...pip, names: projects.map((p) => p.distribution) });
    const output = await pipInstall({ ...pip, requirements });
    await markEditable(venv.python, childEnv.env, opts.workspaceRoot, wheels);
    const summary = output.split('\n').find((l) => l.startsWith('Successfully installed'));
    if (summary) log(summary.trim());
    log(`activate it with: source ${relative(opts.workspaceRoot, join(dirname(venv.python), 'activate'))}`);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

/** Every project's wheel, or one error listing every project that cannot be installed editable. */
async function writeAllWheels(
  workspaceRoot: string,
  projects: readonly InstallProject[],
  distributions: ReadonlySet<string>,
  outputDir: string,
): Promise<WrittenEditableWheel[]> {
  const results = await Promise.allSettled(projects.map((p) => writeEditableWheel(workspaceRoot, p.root, outputDir, distributions)));
  const problems = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
  if (problems.length === 0) return results.map((r) => (r as PromiseFulfilledResult<WrittenEditableWheel>).value);
  const unexpected = problems.find((p) => !(p instanceof NxPypiError));
  if (unexpected !== undefined) throw unexpected;
  throw new AggregateNxPypiError('Some projects cannot be installed editable', problems as NxPypiError[], (problems[0] as NxPypiError).code);
}

/** `/tmp/…/token_cli-1.0-py3-none-any.whl[fast]`: pip's own syntax for a file with extras, checked against the project. */
function withExtras(wheel: WrittenEditableWheel, extras: readonly string[]): string {
  if (extras.length === 0) return wheel.path;
  const declared = Object.keys(wheel.project.optionalDependencies);
  const known = new Set(declared.map(normalizeName));
  const unknown = extras.filter((e) => !known.has(normalizeName(e)));
  if (unknown.length > 0) {
    throw new NxPypiError(`The extras ${unknown.map((e) => `"${e}"`).join(', ')} are not declared by ${wheel.project.name}.`, {
      code: 'INSTALL_UNKNOWN_EXTRA',
      location: { file: wheel.project.filePath, keyPath: wheel.extrasKey },
      hint:
        declared.length > 0
          ? `Declared extras: ${declared.join(', ')}. Fix the install target's "extras" option.`
          : 'The project declares no optional-dependencies: remove the "extras" option or declare them.',
    });
  }
  return `${wheel.path}[${extras.join(',')}]`;
}
