/**
 * The environment for every Python process nx-pypi starts (pip, twine, build backends).
 * Decision: a configured chain always wins. CI images commonly export PIP_CERT,
 * REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and SSL_CERT_FILE pointing at the system bundle, and those
 * silently beat the tools' own settings (REQUESTS_CA_BUNDLE overrides twine's --cert; PIP_CERT
 * overrides pip.conf's cert; a non-empty SSL_CERT_FILE replaces uv's roots). So with a chain
 * configured all four point at it. Without one they are left exactly as inherited: nx-pypi has
 * nothing better to offer, and removing them would break images whose system bundle holds the
 * corporate root. The base environment is never mutated.
 */
import { resolve } from 'node:path';

export const CA_ENV_VARS = ['PIP_CERT', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'SSL_CERT_FILE'] as const;

export interface PythonEnvOptions {
  /** Absolute path of the single PEM file with the CA chain; undefined when none is configured. */
  caBundle?: string;
  /** The group's simple index, passed as PIP_INDEX_URL. */
  indexUrl?: string;
  /** The repository's timeoutSeconds, passed as PIP_TIMEOUT (pip's own default is 15 s). */
  timeoutSeconds?: number;
}

export interface PythonChildEnv {
  env: NodeJS.ProcessEnv;
  /** One line for logs: which CA file Python tools will use and why. */
  description: string;
}

export function pythonChildEnv(baseEnv: Readonly<NodeJS.ProcessEnv>, options: PythonEnvOptions): PythonChildEnv {
  const env: NodeJS.ProcessEnv = { ...baseEnv };
  if (options.indexUrl) env.PIP_INDEX_URL = options.indexUrl;
  if (options.timeoutSeconds !== undefined) env.PIP_TIMEOUT = String(options.timeoutSeconds);
  if (options.caBundle) {
    const file = resolve(options.caBundle);
    const replaced = CA_ENV_VARS.filter((v) => baseEnv[v] !== undefined && baseEnv[v] !== file);
    for (const v of CA_ENV_VARS) env[v] = file;
    const note = replaced.length > 0 ? ` (replacing inherited ${replaced.join(', ')})` : '';
    return { env, description: `Python tools trust ${file} via ${CA_ENV_VARS.join(', ')}${note}` };
  }
  const inherited = CA_ENV_VARS.filter((v) => baseEnv[v]).map((v) => `${v}=${baseEnv[v]}`);
  return {
    env,
    description:
      inherited.length > 0
        ? `no CA chain configured; Python tools use the inherited ${inherited.join(', ')}`
        : "no CA chain configured; Python tools use their default trust (certifi or the system's)",
  };
}
