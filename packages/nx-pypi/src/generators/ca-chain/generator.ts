/**
 * `nx g nx-pypi:ca-chain --certs=intermediate.crt,root.crt [--output f] [--repository name]`.
 * Everything is read and validated before the Tree is touched, so a failure writes nothing.
 * The chain is recorded in nx-pypi.json (created when missing, its other settings kept), never in
 * nx.json: Nx hashes nx.json into every task, so a new chain would cost every build its cache.
 * Settings an older workspace keeps in nx.json's plugin options move to nx-pypi.json with it.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { logger, readNxJson, updateNxJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { AggregateNxPypiError, formatLocation, NxPypiError, type SourceLocation } from '../../errors';
import type { ChosenRepositorySettings } from '../../core/config/choose-repository-settings';
import type { RepositoryConfig, RepositorySettings } from '../../core/config/nx-pypi-options';
import { REPOSITORY_SETTINGS_FILE, REPOSITORY_SETTINGS_KEYS, renderRepositorySettingsFile } from '../../core/config/repository-settings-file';
import { orderCaChain, renderCaBundle } from '../../core/tls/chain-order';
import { renderCertificateLine, summarizeCertificate } from '../../core/tls/describe';
import { CertificateError } from '../../core/tls/errors';
import { parsePemCertificates, type LoadedCertificate } from '../../core/tls/pem';
import { findPluginOptions } from '../../core/config/plugin-options';
import { RepositoryConfigError } from '../../core/config/errors';
import { closestName } from '../../core/closest-name';
import { toWorkspaceRelative } from '../../core/workspace-path';
import { readRepositorySettings } from '../../io/config/repository-session';
import type { CaChainGeneratorSchema } from './schema';

export default async function caChainGenerator(tree: Tree, options: CaChainGeneratorSchema): Promise<void> {
  try {
    run(tree, options);
  } catch (e) {
    throw e instanceof NxPypiError ? Object.assign(new Error(e.render()), { code: e.code, cause: e }) : e;
  }
}

function run(tree: Tree, options: CaChainGeneratorSchema): void {
  const files = (Array.isArray(options.certs) ? options.certs : [options.certs])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim())
    .filter(Boolean);
  if (files.length === 0) {
    throw new CertificateError('no certificate files given', {
      code: 'CA_CHAIN_NO_FILES',
      hint: 'Pass the intermediate and root CA files: --certs=intermediate.crt,root.crt',
    });
  }
  const now = new Date();
  const { ordered, warnings } = orderCaChain(loadAll(tree, files), now);

  const nxJson = readNxJson(tree) ?? {};
  const found = readRepositorySettings(tree.root, nxJson, (path) => (tree.exists(path) ? (tree.read(path, 'utf8') ?? undefined) : undefined));
  let settings: RepositorySettings = structuredClone(found.settings);
  const name = pickRepository(settings, found.location, options.repository, options.addRepository ?? false);
  const output = normalizeOutput(tree, options.output ?? `tools/certs/${name}-ca-chain.pem`);

  tree.write(output, renderCaBundle(ordered));
  const repos = (settings.repositories ??= {});
  const { ca: replacedCa, ...rest }: RepositoryConfig = repos[name] ?? {};
  repos[name] = { ...rest, caBundle: output };
  if (!settings.defaultRepository && Object.keys(repos).length === 1) settings = { defaultRepository: name, ...settings };
  tree.write(REPOSITORY_SETTINGS_FILE, renderRepositorySettingsFile(settings));
  if (found.origin === 'nx.json') removeFromNxJson(tree, nxJson);

  logger.info(`nx-pypi: CA chain for repository "${name}" written to ${output}:`);
  for (const c of ordered) logger.info(`  ${renderCertificateLine(summarizeCertificate(c.cert), now)}`);
  if (replacedCa) logger.info(`  caBundle replaces the previous "ca" list (${replacedCa.join(', ')}) in ${REPOSITORY_SETTINGS_FILE}.`);
  if (found.origin === 'nx.json') {
    logger.info(
      `  The repository settings moved from ${formatLocation(found.location)} to ${REPOSITORY_SETTINGS_FILE}: Nx hashes nx.json into every task, so editing them there invalidated every cached build.`,
    );
  }
  for (const w of warnings) logger.warn(`nx-pypi: ${w}`);
}

/** Deletes the repository settings from nx.json's nx-pypi entry once nx-pypi.json holds them (both may not define them). */
function removeFromNxJson(tree: Tree, nxJson: NxJsonConfiguration): void {
  const entry = nxJson.plugins?.[findPluginOptions(nxJson)!.index] as { options: Record<string, unknown> };
  for (const key of REPOSITORY_SETTINGS_KEYS) delete entry.options[key];
  updateNxJson(tree, nxJson);
}

function loadAll(tree: Tree, files: string[]): LoadedCertificate[] {
  const out: LoadedCertificate[] = [];
  const problems: NxPypiError[] = [];
  for (const file of files) {
    try {
      out.push(...parsePemCertificates(readInput(tree, file), file));
    } catch (e) {
      if (!(e instanceof NxPypiError)) throw e;
      problems.push(e);
    }
  }
  if (problems.length > 0) throw new AggregateNxPypiError('The CA chain cannot be used', problems, 'CA_CHAIN_INVALID');
  return out;
}

/** Workspace files through the Tree (so uncommitted generator output counts); others from disk. */
function readInput(tree: Tree, file: string): Buffer {
  const abs = isAbsolute(file) ? file : resolve(tree.root, file);
  const rel = relative(tree.root, abs);
  if (!rel.startsWith('..') && !isAbsolute(rel) && tree.exists(rel)) {
    // A folder exists in the Tree too, but reads as null.
    if (!tree.isFile(rel)) {
      throw new CertificateError('is a folder, not a certificate file', {
        code: 'CA_CHAIN_UNREADABLE',
        location: { file },
        hint: 'Name the PEM files in it, e.g. --certs=certs/intermediate.crt,certs/root.crt',
      });
    }
    return tree.read(rel) as Buffer;
  }
  try {
    return readFileSync(abs);
  } catch (cause) {
    throw new CertificateError(`cannot read the certificate file: ${(cause as NodeJS.ErrnoException).code ?? cause}`, {
      code: 'CA_CHAIN_UNREADABLE',
      location: { file },
      hint: 'Check the path; relative paths are taken from the workspace root.',
      cause,
    });
  }
}

function normalizeOutput(tree: Tree, output: string): string {
  const rel = toWorkspaceRelative(tree.root, output);
  if (rel === undefined) {
    throw new RepositoryConfigError(`the output ${output} is outside the workspace`, {
      code: 'CA_CHAIN_OUTPUT_OUTSIDE',
      hint: 'The chain is committed with the workspace: pass a workspace-relative path such as tools/certs/nexus-ca-chain.pem.',
    });
  }
  return rel;
}

/**
 * The repository name. A name the settings do not define is refused when they define others (a
 * typo must not add a repository), unless `add` says a new one is meant; with no repositories yet,
 * the chain starts the first one.
 */
function pickRepository(settings: RepositorySettings, where: ChosenRepositorySettings['location'], requested: string | undefined, add: boolean): string {
  const known = Object.keys(settings.repositories ?? {});
  const defaultLocation: SourceLocation = { file: where.file, keyPath: where.keyPath ? `${where.keyPath}.defaultRepository` : 'defaultRepository' };
  if (requested !== undefined && !requested.trim()) {
    throw new RepositoryConfigError('--repository is empty', {
      code: 'REPOSITORY_UNKNOWN',
      hint: `Name a repository${known.length ? ` (${known.join(', ')})` : ', e.g. --repository=nexus'}.`,
    });
  }
  const name = requested ?? settings.defaultRepository ?? (known.length === 1 ? known[0] : known.length === 0 ? 'nexus' : undefined);
  if (!name) {
    throw new RepositoryConfigError(`several repositories are defined (${known.join(', ')}) and none is chosen`, {
      code: 'REPOSITORY_AMBIGUOUS',
      location: defaultLocation,
      hint: 'Pass --repository <name>.',
    });
  }
  if (known.length > 0 && !known.includes(name) && !(add && requested !== undefined)) {
    const fromFlag = requested !== undefined;
    const close = closestName(name, known);
    throw new RepositoryConfigError(`repository "${name}" (from ${fromFlag ? '--repository' : 'defaultRepository'}) is not defined in ${where.file}`, {
      code: 'REPOSITORY_UNKNOWN',
      location: fromFlag ? undefined : defaultLocation,
      hint: `Known repositories: ${known.join(', ')}${close ? ` (did you mean "${close}"?)` : ''}. ${
        fromFlag
          ? `Name one of them, or pass --addRepository to add "${name}" with this chain as its caBundle.`
          : 'Set defaultRepository to one of them, or pass --repository <name>.'
      }`,
    });
  }
  return name;
}
