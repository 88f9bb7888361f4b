/**
 * Running pip (and the interpreter itself) for the install executor. The child's environment is
 * given whole by the caller (pythonChildEnv): nothing is inherited implicitly. The index URL may
 * carry the repository's credentials, so every text that leaves this module (errors, output) is
 * passed through redactSecrets first.
 */
import { spawn } from 'node:child_process';
import { NxPypiError, type ErrorDetails } from '../../errors';

/** A Python process nx-pypi started did not do what it was asked. */
export class PythonProcessError extends NxPypiError {
  constructor(message: string, details: ErrorDetails) {
    super(message, details);
  }
}

export interface ProcessResult {
  code: number;
  /** stdout and stderr interleaved as they arrived. */
  output: string;
}

/** Keeps an error short: pip's last lines are where the cause is. */
const OUTPUT_TAIL_LINES = 30;

/** Runs `python args…`; a missing interpreter becomes a PythonProcessError naming the option to fix. */
export function runPython(python: string, args: readonly string[], env: NodeJS.ProcessEnv, cwd: string): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(python, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') {
        reject(
          new PythonProcessError(`Python interpreter "${python}" was not found.`, {
            code: 'PYTHON_MISSING',
            hint: 'Install Python 3, or set the install target\'s "python" option to an interpreter path.',
          }),
        );
      } else reject(err);
    });
    child.on('close', (code) => resolve({ code: code ?? 1, output: Buffer.concat(chunks).toString('utf8') }));
  });
}

/**
 * Replaces every secret (as written and percent-encoded, as it appears inside a URL) and any
 * `//user:password@` part of a URL with `***`.
 */
export function redactSecrets(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets.filter((s) => s.length > 0)) {
    for (const form of new Set([secret, encodeURIComponent(secret)])) out = out.split(form).join('***');
  }
  return out.replace(/\/\/[^/\s:@]+:[^/\s@]+@/g, '//***@');
}

/** The last lines of a process's output, indented for an error message, secrets removed. */
export function tailOf(output: string, secrets: readonly string[]): string {
  const lines = redactSecrets(output, secrets).trimEnd().split('\n');
  return lines
    .slice(-OUTPUT_TAIL_LINES)
    .map((l) => `    ${l}`)
    .join('\n');
}

export interface PipRunInput {
  /** The virtual environment's interpreter. */
  python: string;
  env: NodeJS.ProcessEnv;
  /** pythonChildEnv's one line (which CA file, which index): shown when pip fails. */
  envDescription: string;
  cwd: string;
  /** Values that must never be shown (the index password). */
  secrets: readonly string[];
}

/** pip's general flags for a non-interactive run whose output reads well in a CI log (and in an error). */
const PIP_GENERAL = ['--disable-pip-version-check', '--no-input', '--no-color'];

/**
 * `python -m pip install <requirements…>` in one resolver run, so workspace wheels and external
 * dependencies are solved together. Returns pip's output, redacted.
 */
export async function pipInstall(input: PipRunInput & { requirements: readonly string[] }): Promise<string> {
  const result = await runPython(input.python, ['-m', 'pip', 'install', ...PIP_GENERAL, '--progress-bar', 'off', ...input.requirements], input.env, input.cwd);
  if (result.code !== 0) {
    throw new PythonProcessError(
      `\`pip install\` failed (exit code ${result.code}):\n${tailOf(result.output, input.secrets)}\n  (${redactSecrets(input.envDescription, input.secrets)})`,
      {
        code: 'INSTALL_PIP_FAILED',
        hint: installHint(result.output),
      },
    );
  }
  return redactSecrets(result.output, input.secrets);
}

/** TLS alerts about the client certificate, as Python's ssl module names them in pip's output. */
const CLIENT_CERT_ALERT = /CERTIFICATE_REQUIRED|certificate required|ALERT_BAD_CERTIFICATE|ALERT_UNKNOWN_CA|ALERT_CERTIFICATE_(UNKNOWN|EXPIRED|REVOKED)/;

function installHint(output: string): string {
  if (CLIENT_CERT_ALERT.test(output)) {
    return 'The index refused the TLS connection over the client certificate (mutual TLS): set "clientCert" (and "clientKey" unless that file holds the key) for the repository in nx-pypi.json, or fix the one configured; `nx-pypi doctor` checks it against the server.';
  }
  return 'Read pip\'s last lines above. "No matching distribution" means the index (repository indexUrl) lacks a dependency or refused the credentials (check the variables named by usernameEnv/passwordEnv); an SSL error means the CA chain (repository ca/caBundle) does not match the server.';
}

/**
 * `python -m pip uninstall --yes <names…>`. pip keeps an installed distribution when a local wheel
 * of the same version is given again, so the workspace's editable wheels are removed first: a
 * changed dependency list or entry point is then always installed. Names that are not installed
 * are skipped by pip with a warning.
 */
export async function pipUninstall(input: PipRunInput & { names: readonly string[] }): Promise<void> {
  if (input.names.length === 0) return;
  const result = await runPython(input.python, ['-m', 'pip', 'uninstall', '--yes', ...PIP_GENERAL, ...input.names], input.env, input.cwd);
  if (result.code !== 0) {
    throw new PythonProcessError(
      `\`pip uninstall\` of the previous editable install failed (exit code ${result.code}):\n${tailOf(result.output, input.secrets)}`,
      {
        code: 'INSTALL_PIP_UNINSTALL_FAILED',
        hint: 'Check that the virtual environment is writable, or delete it and run the install target again.',
      },
    );
  }
}
