/**
 * The environment for every Python process nx-pypi starts (pip, twine, build backends).
 * Decision: a configured chain always wins. CI images commonly export PIP_CERT,
 * REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE and SSL_CERT_FILE pointing at the system bundle, and those
 * silently beat the tools' own settings (REQUESTS_CA_BUNDLE overrides twine's --cert; PIP_CERT
 * overrides pip.conf's cert; a non-empty SSL_CERT_FILE replaces uv's roots). So with a chain
 * configured all four point at it. Without one they are left exactly as inherited: nx-pypi has
 * nothing better to offer, and removing them would break images whose system bundle holds the
 * corporate root. A configured client certificate wins over an inherited PIP_CLIENT_CERT the same
 * way. The base environment is never mutated.
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
  /**
   * Absolute path of one PEM file with the client certificate and its key, passed as
   * PIP_CLIENT_CERT (pip's --client-cert); it wins over an inherited one, like the chain.
   */
  clientCert?: string;
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
  const client = options.clientCert ? withClientCert(env, baseEnv, options.clientCert) : '';
  if (options.caBundle) {
    const file = resolve(options.caBundle);
    const replaced = CA_ENV_VARS.filter((v) => baseEnv[v] !== undefined && baseEnv[v] !== file);
    for (const v of CA_ENV_VARS) env[v] = file;
    const note = replaced.length > 0 ? ` (replacing inherited ${replaced.join(', ')})` : '';
    return { env, description: `Python tools trust ${file} via ${CA_ENV_VARS.join(', ')}${note}${client}` };
  }
  const inherited = CA_ENV_VARS.filter((v) => baseEnv[v]).map((v) => `${v}=${baseEnv[v]}`);
  return {
    env,
    description:
      (inherited.length > 0
        ? `no CA chain configured; Python tools use the inherited ${inherited.join(', ')}`
        : "no CA chain configured; Python tools use their default trust (certifi or the system's)") + client,
  };
}

/** Sets PIP_CLIENT_CERT; returns the clause for the description. */
function withClientCert(env: NodeJS.ProcessEnv, baseEnv: Readonly<NodeJS.ProcessEnv>, clientCert: string): string {
  const file = resolve(clientCert);
  const replaced = baseEnv.PIP_CLIENT_CERT !== undefined && baseEnv.PIP_CLIENT_CERT !== file;
  env.PIP_CLIENT_CERT = file;
  return `; pip presents the client certificate in ${file} via PIP_CLIENT_CERT${replaced ? ' (replacing the inherited one)' : ''}`;
}
