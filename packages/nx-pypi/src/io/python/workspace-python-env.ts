import { homedir } from 'node:os';
import { join } from 'node:path';
import { describeCredentials, resolveCredentials } from '../../core/config/credentials';
import { findPluginOptions } from '../../core/config/plugin-options';
import { resolveRepository } from '../../core/config/resolve-repository';
import { redactUrl } from '../../core/publish/redact-url';
import { pythonChildEnv } from './env';
import { readPypirc } from '../config/read-pypirc';
import { resolvePythonCaFile } from '../tls/python-ca-file';
import { readTrustSettings } from '../tls/read-trust';

export interface WorkspacePythonEnv {
  /** The environment of every Python process nx-pypi starts (python -m build, venv creation, pip). */
  env: NodeJS.ProcessEnv;
  /** Lines worth printing: which CA file, which index and which credentials (never the password). */
  lines: string[];
  /** Values to redact from anything shown. */
  secrets: string[];
}

/**
 * The child environment for every Python process nx-pypi starts: the repository's CA chain wins over inherited PIP_CERT /
 * REQUESTS_CA_BUNDLE / CURL_CA_BUNDLE / SSL_CERT_FILE, and its group index becomes PIP_INDEX_URL.
 * pip reads index credentials only from the URL (or a keyring), so when the repository has a user
 * and password they go into PIP_INDEX_URL: in the child's environment, never in its arguments or
 * in anything printed. They are found as publish finds them (the repository's env names, TWINE_*,
 * then the repository's section of ~/.pypirc), so one set of credentials serves both. With no
 * repository configured, pip keeps its own configuration.
 */
export function resolveWorkspacePythonEnv(workspaceRoot: string, nxJson: unknown, env: Readonly<NodeJS.ProcessEnv>, repositoryFlag: string | undefined): WorkspacePythonEnv {
  const found = findPluginOptions(nxJson as Parameters<typeof findPluginOptions>[0]);
  const configured = found?.options.repositories !== undefined && Object.keys(found.options.repositories).length > 0;
  if (!configured && repositoryFlag === undefined) {
    const child = pythonChildEnv(env, {});
    return { env: child.env, lines: [child.description, 'no repository configured in nx.json; pip uses its own index configuration'], secrets: [] };
  }
  const repository = resolveRepository({ pluginOptions: found?.options, pluginOptionsLocation: found?.location, flag: repositoryFlag, env });
  const trust = readTrustSettings(workspaceRoot, { caFiles: repository.caFiles, publicRoots: repository.publicRoots, configuredAt: repository.sources.ca });
  const caBundle = resolvePythonCaFile(workspaceRoot, trust, join(workspaceRoot, '.nx-pypi', 'ca'));
  const lines: string[] = [];
  const secrets: string[] = [];
  let indexUrl = repository.indexUrl;
  if (indexUrl !== undefined) {
    const { pypirc, warning } = readPypirc(join(env.HOME ?? homedir(), '.pypirc'), false);
    const credentials = resolveCredentials({ repository, env, pypirc });
    if (warning) lines.push(warning.message);
    const url = new URL(indexUrl);
    if (credentials.username && credentials.password && !url.username) {
      const password = credentials.password.value.reveal();
      url.username = credentials.username.value;
      url.password = password;
      // The URL setter percent-encodes differently from encodeURIComponent: redact both forms.
      secrets.push(password, url.password);
      indexUrl = url.toString();
      lines.push(`index ${redactUrl(indexUrl)} (${describeCredentials(credentials)})`);
    } else {
      lines.push(`index ${redactUrl(indexUrl)} (anonymous)`);
    }
  } else {
    lines.push(`repository "${repository.name ?? '(unnamed)'}" has no indexUrl; pip uses its own index configuration for external dependencies`);
  }
  const child = pythonChildEnv(env, { caBundle, indexUrl });
  return { env: child.env, lines: [child.description, ...lines], secrets };
}
