import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { runProcess, type RunResult } from './workspace';

/**
 * An environment for pip and twine that inherits nothing that changes trust or index resolution:
 * this machine (like many CI images) sets PIP_CERT, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE,
 * SSL_CERT_FILE and PIP_FIND_LINKS, and /etc/pip.conf sets a cert. HOME and XDG_CONFIG_HOME point
 * into `home`, so no user-level pip.conf or .pypirc leaks in either.
 */
export function cleanPythonEnv(home: string, extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(process.env)) {
    if (/^(PIP_|TWINE_|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_|PYTHONPATH$|VIRTUAL_ENV$)/.test(key)) env[key] = undefined;
  }
  mkdirSync(join(home, 'xdg'), { recursive: true });
  return { ...env, HOME: home, XDG_CONFIG_HOME: join(home, 'xdg'), PIP_DISABLE_PIP_VERSION_CHECK: '1', PYTHONDONTWRITEBYTECODE: '1', ...extra };
}

/** A fresh venv of the `python3` on PATH (the pyenv one here); returns its python. */
export async function createVenv(
  dir: string,
  env: Record<string, string | undefined>,
  run: (cmd: string, args: string[], o: { env: Record<string, string | undefined> }) => Promise<RunResult>,
): Promise<string> {
  const made = await run('python3', ['-m', 'venv', dir], { env });
  if (made.code !== 0) throw new Error(`python3 -m venv failed:\n${made.stdout}${made.stderr}`);
  return join(dir, 'bin', 'python');
}

export { runProcess };
