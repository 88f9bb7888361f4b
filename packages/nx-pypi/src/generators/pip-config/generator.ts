/**
 * `nx g nx-pypi:pip-config [--repository name] [--user] [--output pip.conf]`.
 * The workspace file goes through the Tree; the per-user file is outside the workspace, so it is
 * written by the returned callback (after Nx flushes the Tree, and never on --dry-run).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { logger, readNxJson, type GeneratorCallback, type Tree } from '@nx/devkit';
import { NxPypiError } from '../../errors';
import { RepositoryConfigError } from '../../core/config/errors';
import { CA_CHAIN_COMMAND } from '../../core/tls/ca-chain-command';
import { computeUserPipConfPath, updatePipConf, renderPipConf, type PipConfSettings } from '../../core/config/pip-conf';
import { resolveRepository, type ResolvedRepository } from '../../core/config/resolve-repository';
import { toWorkspaceRelative } from '../../core/workspace-path';
import { readRepositorySettings } from '../../io/config/repository-session';
import { readClientCertificate } from '../../io/tls/read-client-certificate';
import type { PipConfigGeneratorSchema } from './schema';

/** Variables that beat what pip.conf says, in the process environment pip will run in. */
const OVERRIDES: Record<string, string> = {
  PIP_CERT: 'overrides the pip.conf cert',
  REQUESTS_CA_BUNDLE: 'is honoured by pip (requests) over the pip.conf cert',
  CURL_CA_BUNDLE: 'is honoured by pip (requests) over the pip.conf cert',
  PIP_INDEX_URL: 'overrides the pip.conf index-url',
  PIP_CLIENT_CERT: 'overrides the pip.conf client-cert',
};

export default async function pipConfigGenerator(tree: Tree, options: PipConfigGeneratorSchema): Promise<GeneratorCallback> {
  try {
    return run(tree, options);
  } catch (e) {
    throw e instanceof NxPypiError ? Object.assign(new Error(e.render()), { code: e.code, cause: e }) : e;
  }
}

function run(tree: Tree, options: PipConfigGeneratorSchema): GeneratorCallback {
  if (options.user && options.output) {
    throw new RepositoryConfigError('--output and --user name two different files', {
      code: 'PIP_CONFIG_CONFLICT',
      hint: 'Use --user for the per-user pip config, or --output <path> for a workspace file, not both.',
    });
  }
  const output = toWorkspaceRelative(tree.root, options.output ?? 'pip.conf');
  if (output === undefined) {
    throw new RepositoryConfigError(`--output=${options.output} is outside the workspace`, {
      code: 'PIP_CONFIG_OUTPUT_OUTSIDE',
      hint: 'Pass a workspace-relative path such as pip.conf or tools/pip.conf, or --user for the per-user pip configuration.',
    });
  }
  const { settings, notes } = computeSettings(tree, options.repository);
  if (options.user) {
    const path = computeUserPipConfPath({
      platform: process.platform,
      env: process.env,
      homedir: homedir(),
      macAppSupportPipExists: existsSync(join(homedir(), 'Library', 'Application Support', 'pip')),
    });
    return () => {
      const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
      const { text, warnings } = updatePipConf(existing, settings);
      mkdirSync(dirname(path), { recursive: true });
      writeFileSync(path, text);
      report(path, settings, [...notes, ...warnings], false);
    };
  }
  const { text, warnings } = tree.exists(output) ? updatePipConf(tree.read(output, 'utf8') ?? '', settings) : { text: renderPipConf(settings), warnings: [] };
  tree.write(output, text);
  return () => report(resolve(tree.root, output), settings, [...notes, ...warnings], true);
}

function computeSettings(tree: Tree, repository: string | undefined): { settings: PipConfSettings; notes: string[] } {
  // Through the Tree, so settings an earlier generator of the same run wrote count.
  const found = readRepositorySettings(tree.root, readNxJson(tree), (path) => (tree.exists(path) ? (tree.read(path, 'utf8') ?? undefined) : undefined));
  const repo = resolveRepository({ settings: found.settings, settingsLocation: found.location, flag: repository, env: process.env });
  const where = repo.name ? `repository "${repo.name}"` : 'the nx-pypi configuration';
  const keyPath = (key: string): string => `${found.location.keyPath ? `${found.location.keyPath}.` : ''}repositories.${repo.name ?? '<name>'}.${key}`;
  if (!repo.indexUrl) {
    throw new RepositoryConfigError(`${where} has no indexUrl, so there is no index for pip.conf`, {
      code: 'PIP_CONFIG_NO_INDEX',
      location: { file: found.location.file, keyPath: keyPath('indexUrl') },
      hint: 'Set indexUrl to the group\'s simple index, e.g. "https://nexus.example.com/repository/pypi-public/simple/".',
    });
  }
  if (repo.caFiles.length !== 1) {
    const many = repo.caFiles.length > 1;
    throw new RepositoryConfigError(
      many ? `${where} lists ${repo.caFiles.length} CA files, and pip's cert takes exactly one` : `${where} has no CA chain (caBundle)`,
      {
        code: 'PIP_CONFIG_NO_CHAIN',
        // Only `ca` lists several files; with none, name where caBundle belongs.
        location: { file: found.location.file, keyPath: keyPath(many ? 'ca' : 'caBundle') },
        hint: `Record one chain file first: ${CA_CHAIN_COMMAND}${repo.name ? ` --repository ${repo.name}` : ''}`,
      },
    );
  }
  const [chain] = repo.caFiles;
  if (!tree.exists(chain)) {
    throw new RepositoryConfigError(`the CA chain ${chain} (${repo.sources.ca}) does not exist`, {
      code: 'PIP_CONFIG_CHAIN_MISSING',
      hint: 'Create it with nx g nx-pypi:ca-chain, or fix the caBundle path (relative to the workspace root).',
    });
  }
  const client = computeClientCert(tree, repo);
  return { settings: { indexUrl: repo.indexUrl, cert: resolve(tree.root, chain), clientCert: client.path }, notes: client.notes };
}

/**
 * pip's client-cert is one file with the certificate and its key: written when a configured file
 * holds both (checked as publish checks them: readable, unencrypted, the key the certificate's).
 * Two files cannot be named there, and the generator does not join them: a private key copied into
 * a new file is one more copy to guard, so the user is told how to make that file.
 */
function computeClientCert(tree: Tree, repo: ResolvedRepository): { path?: string; notes: string[] } {
  // Through the Tree for workspace files (as the chain is), from disk for those outside it.
  const readBytes = (path: string): Uint8Array => {
    const rel = toWorkspaceRelative(tree.root, path);
    return rel !== undefined && tree.exists(rel) ? tree.read(rel)! : readFileSync(path);
  };
  const client = readClientCertificate(tree.root, repo, readBytes);
  if (!client) return { notes: [] };
  if (client.combinedFile) return { path: client.combinedFile, notes: [] };
  return {
    notes: [
      `no client-cert written: pip takes one file with the certificate and its key, and ${client.certFile} and ${client.keyFile} are two; run \`cat ${client.certFile} ${client.keyFile} > client.pem && chmod 600 client.pem\` somewhere outside git, set "clientCert" to that file, remove "clientKey", and run this generator again`,
    ],
  };
}

function report(path: string, s: PipConfSettings, warnings: string[], workspace: boolean): void {
  logger.info(`nx-pypi: wrote ${path}\n  index-url = ${s.indexUrl}\n  cert = ${s.cert}${s.clientCert ? `\n  client-cert = ${s.clientCert}` : ''}`);
  if (workspace) logger.info(`  pip reads it when you export PIP_CONFIG_FILE=${path}`);
  for (const w of warnings) logger.warn(`nx-pypi: ${path}: ${w}`);
  const set = Object.keys(OVERRIDES).filter((v) => process.env[v]);
  const lines = set.map((v) => `  ${v}=${process.env[v]} ${OVERRIDES[v]}: unset ${v}`);
  if (set.length > 0) logger.warn(`nx-pypi: your environment overrides this pip.conf:\n${lines.join('\n')}`);
  else logger.info(`  (${Object.keys(OVERRIDES).join(', ')} would override it; none is set)`);
}
