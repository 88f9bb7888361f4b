import { join } from 'node:path';
import { computeIndexUrlWithCredentials } from '../../core/config/index-url-credentials';
import { redactUrl } from '../../core/publish/redact-url';
import { describeClientCertificate } from '../../core/tls/client-certificate';
import { readRunningLocalRegistry } from '../config/read-local-registry';
import { readRepositorySettings, resolveRepositorySession } from '../config/repository-session';
import { preparePipClientCert } from '../tls/pip-client-cert';
import { resolvePythonCaFile } from '../tls/python-ca-file';
import { pythonChildEnv } from './env';

export interface WorkspacePythonEnv {
  /** The environment of every Python process nx-pypi starts (python -m build, venv creation, pip). */
  env: NodeJS.ProcessEnv;
  /** Lines worth printing: which CA file, which index and which credentials (never the password). */
  lines: string[];
  /** Values to redact from anything shown. */
  secrets: string[];
  /**
   * Removes what exists only for these processes (the joined client certificate and key): call
   * it once they have ended. Safe to call more than once.
   */
  dispose(): void;
}

/**
 * The child environment for every Python process nx-pypi starts: the repository's CA chain wins over inherited PIP_CERT /
 * REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE / SSL_CERT_FILE, and its group index becomes PIP_INDEX_URL.
 * pip reads index credentials only from the URL (or a keyring), so when the repository has a user
 * and password they go into PIP_INDEX_URL: in the child's environment, never in its arguments or
 * in anything printed. They are found as publish finds them (the repository's env names, TWINE_*,
 * the repository's section of ~/.pypirc, then keyring for the password), so one set of credentials
 * serves both; pip run with --no-input would not ask keyring itself (its default provider `auto`
 * stays silent without prompting), so a keyring password reaches it this way too. A client
 * certificate goes in PIP_CLIENT_CERT as the one file pip takes (see pip-client-cert.ts). With no
 * repository configured (in nx-pypi.json, or by a running local registry), pip keeps its own configuration.
 */
export function resolveWorkspacePythonEnv(
  workspaceRoot: string,
  nxJson: unknown,
  env: Readonly<NodeJS.ProcessEnv>,
  repositoryFlag: string | undefined,
): WorkspacePythonEnv {
  const { repositories } = readRepositorySettings(workspaceRoot, nxJson).settings;
  const configured = (repositories !== undefined && Object.keys(repositories).length > 0) || readRunningLocalRegistry(workspaceRoot) !== undefined;
  if (!configured && repositoryFlag === undefined) {
    const child = pythonChildEnv(env, {});
    return {
      env: child.env,
      lines: [child.description, 'no repository configured in nx-pypi.json; pip uses its own index configuration'],
      secrets: [],
      dispose: () => undefined,
    };
  }
  const session = resolveRepositorySession({ workspaceRoot, nxJson, repositoryFlag, env });
  const caBundle = resolvePythonCaFile(workspaceRoot, session.trust, join(workspaceRoot, '.nx-pypi', 'ca'));
  const lines: string[] = [...session.notes];
  const secrets: string[] = [];
  let indexUrl = session.indexUrl;
  if (indexUrl !== undefined) {
    if (session.credentials && !new URL(indexUrl).username) {
      const password = session.credentials.password.reveal();
      indexUrl = computeIndexUrlWithCredentials(indexUrl, session.credentials.username, password);
      // Redact the password as given and as it appears encoded in PIP_INDEX_URL.
      secrets.push(password, encodeURIComponent(password));
      lines.push(`index ${redactUrl(indexUrl)} (${session.credentialsLine})`);
    } else {
      lines.push(`index ${redactUrl(indexUrl)} (anonymous)`);
    }
  } else {
    lines.push(`repository "${session.repository.name ?? '(unnamed)'}" has no indexUrl; pip uses its own index configuration for external dependencies`);
  }
  // Last: nothing may fail between writing the joined key file and handing back its dispose.
  const client = session.clientCertificate && preparePipClientCert(session.clientCertificate, workspaceRoot);
  if (session.clientCertificate && client) {
    const copy = client.temporary ? ' (certificate and key joined in a private temporary file, removed when the Python processes end)' : '';
    lines.push(`client certificate ${describeClientCertificate(session.clientCertificate)}${copy}`);
  }
  const child = pythonChildEnv(env, { caBundle, indexUrl, timeoutSeconds: session.repository.timeoutSeconds, clientCert: client?.path });
  return { env: child.env, lines: [child.description, ...lines], secrets, dispose: client?.dispose ?? (() => undefined) };
}
