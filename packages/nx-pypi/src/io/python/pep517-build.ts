import { spawn } from 'node:child_process';
import { chmod, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { DistBuildError } from '../../core/dist/errors';
import { parsePep517BuildSystem } from '../../core/dist/pep517-build-system';
import { walkProject } from '../fs/walk-project';

export interface Pep517BuildInput {
  /** The interpreter that runs nx-pypi's frontend (and, isolated, creates the build venv), e.g. `python3`. */
  python: string;
  /** Absolute project folder (holds pyproject.toml or setup.py). */
  projectRoot: string;
  /** Absolute output folder; artifacts are renamed into it only after the frontend succeeded. */
  outputDir: string;
  /** Project-relative POSIX folders the source copy leaves out besides the usual ones (a custom output folder). */
  skip?: readonly string[];
  /** true: a fresh venv gets `build-system.requires` from pip; false: the backend installed for `python` is used. */
  isolated: boolean;
  /** Non-isolated only: do not check that the build requirements are installed. */
  skipDependencyCheck?: boolean;
  /** The pyproject.toml to build from instead of the one on disk (workspace references pinned). */
  pyprojectText?: string;
  /** The child's environment (the workspace's: PIP_INDEX_URL with credentials, the CA chain, PIP_TIMEOUT). */
  env: NodeJS.ProcessEnv;
}

/** The frontend nx-pypi ships; tools/copy-assets.mjs puts it next to the compiled module. */
export const FRONTEND_SCRIPT = join(__dirname, 'frontend', 'pep517_frontend.py');

/** Keeps the error short: the backend's last lines are where the cause is. */
const OUTPUT_TAIL_LINES = 40;

/**
 * Builds the sdist, then the wheel from the unpacked sdist (as `python -m build` does), with
 * nx-pypi's own PEP 517 frontend: no `build` package needed. Everything happens on a copy of the
 * project in a temporary folder, so backends that write into their source tree (setuptools'
 * `build/` and `*.egg-info/`) leave the user's tree untouched and cannot leak stale files into a
 * later wheel (issue 12). Artifacts go to a hidden folder inside the output folder and are renamed
 * into place only on success. Returns the artifact file names.
 */
export async function runPep517Build(input: Pep517BuildInput): Promise<string[]> {
  const pyprojectPath = join(input.projectRoot, 'pyproject.toml');
  const pyprojectText =
    input.pyprojectText ??
    (await readFile(pyprojectPath, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return undefined;
      throw err;
    }));
  const buildSystem = parsePep517BuildSystem(pyprojectText, pyprojectPath);
  const work = await mkdtemp(join(tmpdir(), 'nx-pypi-pep517-'));
  await mkdir(input.outputDir, { recursive: true });
  const staging = await mkdtemp(join(input.outputDir, '.pep517-'));
  try {
    const srcdir = join(work, 'src');
    await copyProject(input.projectRoot, srcdir, input.skip ?? []);
    if (input.pyprojectText !== undefined) await writeFile(join(srcdir, 'pyproject.toml'), input.pyprojectText);
    const args = [
      FRONTEND_SCRIPT,
      'build',
      '--srcdir',
      srcdir,
      '--outdir',
      staging,
      '--workdir',
      work,
      '--build-system',
      JSON.stringify(buildSystem),
      '--vcs-root',
      input.projectRoot,
    ];
    if (!input.isolated) args.push('--no-isolation');
    if (!input.isolated && input.skipDependencyCheck) args.push('--skip-dependency-check');
    const result = await run(input.python, args, input.env, work);
    if (result.code !== 0) {
      throw new DistBuildError(
        `nx-pypi's PEP 517 frontend (${input.python}${input.isolated ? ', isolated' : ''}) failed (exit code ${result.code}):\n${tail(result.output)}`,
        {
          code: 'DIST_PEP517_FAILED',
          location: { file: pyprojectPath },
          hint: hintFor(result.output, input),
        },
      );
    }
    const built = JSON.parse(await readFile(join(work, 'result.json'), 'utf8')) as { sdist: string; wheel: string };
    const produced = [built.sdist, built.wheel].sort();
    for (const file of produced) await rename(join(staging, file), join(input.outputDir, file));
    return produced;
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(work, { recursive: true, force: true });
  }
}

/** Copies what the project walk sees (no dist/, build/, *.egg-info/, .venv, caches, VCS folders). */
async function copyProject(projectRoot: string, dest: string, skip: readonly string[]): Promise<void> {
  const walk = walkProject(projectRoot, { skip });
  const made = new Set<string>();
  for (const file of walk.files) {
    const target = join(dest, file.path);
    const dir = dirname(target);
    if (!made.has(dir)) {
      await mkdir(dir, { recursive: true });
      made.add(dir);
    }
    await copyFile(join(projectRoot, file.path), target);
    await chmod(target, file.executable ? 0o755 : 0o644);
  }
}

function hintFor(output: string, input: Pep517BuildInput): string {
  if (/ERROR Missing dependencies:/.test(output)) {
    return `Install the missing build requirements for ${input.python}, set "isolated": true to install them in a throw-away venv, or set "skipDependencyCheck": true if they are present under other names.`;
  }
  if (/ERROR pip could not install/.test(output)) {
    return 'An isolated build installs build-system.requires from your package index (the repository\'s indexUrl): check that it holds them and that pip can reach it, or set "isolated": false.';
  }
  if (/ERROR `.*-m venv` failed/.test(output)) return 'Install the venv module for this Python, set "python" to another interpreter, or set "isolated": false.';
  return 'Read the backend output above.';
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new DistBuildError(`Python interpreter "${command}" was not found.`, {
            code: 'DIST_PYTHON_MISSING',
            hint: 'Install Python 3, or set the build target\'s "python" option to an interpreter path.',
          }),
        );
      } else reject(err);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

function tail(output: string): string {
  const lines = output.trimEnd().split('\n');
  return lines
    .slice(-OUTPUT_TAIL_LINES)
    .map((l) => `    ${l}`)
    .join('\n');
}
