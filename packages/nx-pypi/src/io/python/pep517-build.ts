import { spawn } from 'node:child_process';
import { mkdtemp, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DistBuildError } from '../../core/dist/errors';

export interface Pep517BuildInput {
  /** The interpreter that has the `build` frontend, e.g. `python3` or `/usr/bin/python3`. */
  python: string;
  /** Absolute project folder (holds pyproject.toml). */
  projectRoot: string;
  /** Absolute output folder; artifacts are renamed into it only after the frontend succeeded. */
  outputDir: string;
  /** false adds `--no-isolation`: build with the backend installed next to the interpreter. */
  isolated: boolean;
  /** The child's environment (the caller's, so pip's index and certificate settings reach it). */
  env: NodeJS.ProcessEnv;
}

/** Keeps the error short: the frontend's last lines are where the cause is. */
const OUTPUT_TAIL_LINES = 40;

/**
 * Runs the real PEP 517 frontend (`<python> -m build --sdist --wheel`) for what the native builder
 * does not cover. It writes into a fresh hidden folder inside the output folder, and the artifacts
 * are moved into place only on success. Returns the artifact file names.
 */
export async function runPep517Build(input: Pep517BuildInput): Promise<string[]> {
  await requireBuildFrontend(input);
  const staging = await mkdtemp(join(input.outputDir, '.pep517-'));
  try {
    const args = ['-m', 'build', '--sdist', '--wheel', '--outdir', staging, ...(input.isolated ? [] : ['--no-isolation']), input.projectRoot];
    const result = await run(input.python, args, input.env, input.projectRoot);
    if (result.code !== 0) {
      throw new DistBuildError(`\`${input.python} -m build\` failed (exit code ${result.code}):\n${tail(result.output)}`, {
        code: 'DIST_PEP517_FAILED',
        location: { file: join(input.projectRoot, 'pyproject.toml') },
        hint: input.isolated ? 'An isolated build installs the build backend from your package index: check that pip can reach it, or set isolated: false.' : 'Read the backend output above.',
      });
    }
    const produced = (await readdir(staging)).filter((f) => f.endsWith('.whl') || f.endsWith('.tar.gz')).sort();
    for (const file of produced) await rename(join(staging, file), join(input.outputDir, file));
    return produced;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

async function requireBuildFrontend(input: Pep517BuildInput): Promise<void> {
  const probe = await run(input.python, ['-c', 'import build'], input.env, input.projectRoot).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') {
      throw new DistBuildError(`Python interpreter "${input.python}" was not found.`, {
        code: 'DIST_PYTHON_MISSING',
        hint: 'Install Python 3, or set the build target\'s "python" option to an interpreter path.',
      });
    }
    throw err;
  });
  if (probe.code !== 0) {
    throw new DistBuildError(`The PEP 517 frontend "build" is not installed for ${input.python}.`, {
      code: 'DIST_FRONTEND_MISSING',
      hint: `Install it with \`${input.python} -m pip install build\` (Debian/Ubuntu: \`apt-get install python3-build\`), or set the "python" option to an interpreter that has it.`,
    });
  }
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

function tail(output: string): string {
  const lines = output.trimEnd().split('\n');
  return lines.slice(-OUTPUT_TAIL_LINES).map((l) => `    ${l}`).join('\n');
}
