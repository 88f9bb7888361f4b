/**
 * The workspace virtual environment: reused when its interpreter is there, created with
 * `<python> -m venv` otherwise (standard library only, no network: pip comes from ensurepip).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { PythonProcessError, runPython, tailOf } from './pip';

/** The interpreter inside a venv folder (POSIX `bin/python`, Windows `Scripts/python.exe`). */
export function venvPython(venvDir: string, platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? join(venvDir, 'Scripts', 'python.exe') : join(venvDir, 'bin', 'python');
}

export interface EnsureVenvInput {
  /** The interpreter that creates the venv, e.g. `python3`. */
  python: string;
  /** Absolute venv folder. */
  venvDir: string;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export interface EnsuredVenv {
  /** The venv's own interpreter. */
  python: string;
  created: boolean;
}

export async function ensureVenv(input: EnsureVenvInput): Promise<EnsuredVenv> {
  const python = venvPython(input.venvDir);
  if (existsSync(python)) return { python, created: false };
  const result = await runPython(input.python, ['-m', 'venv', input.venvDir], input.env, input.cwd);
  if (result.code !== 0 || !existsSync(python)) {
    const noEnsurepip = /ensurepip|python3-venv/.test(result.output);
    throw new PythonProcessError(`\`${input.python} -m venv ${input.venvDir}\` failed (exit code ${result.code}):\n${tailOf(result.output, [])}`, {
      code: 'INSTALL_VENV_FAILED',
      hint: noEnsurepip
        ? 'This Python has no ensurepip: install the venv module (Debian/Ubuntu: `apt-get install python3-venv`), or set the "python" option to another interpreter.'
        : 'Check that the folder is writable, or set the install target\'s "venv" option to another folder.',
    });
  }
  return { python, created: true };
}
