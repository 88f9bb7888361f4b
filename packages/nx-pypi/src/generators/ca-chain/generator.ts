/**
 * `nx g nx-pypi:ca-chain --certs=intermediate.crt,root.crt [--output f] [--repository name]`.
 * Everything is read and validated before the Tree is touched, so a failure writes nothing.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { logger, readNxJson, updateNxJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { AggregateNxPypiError, NxPypiError } from '../../errors';
import type { NxPypiPluginOptions, RepositoryConfig } from '../../plugin/options';
import { orderCaChain, renderCaBundle } from '../../core/tls/chain-order';
import { renderCertificateLine, summarizeCertificate } from '../../core/tls/describe';
import { CertificateError } from '../../core/tls/errors';
import { parsePemCertificates, type LoadedCertificate } from '../../core/tls/pem';
import { PLUGIN_NAME } from '../../core/config/plugin-options';
import { RepositoryConfigError } from '../../core/config/errors';
import type { CaChainGeneratorSchema } from './schema';

export default async function caChainGenerator(tree: Tree, options: CaChainGeneratorSchema): Promise<void> {
  try {
    run(tree, options);
  } catch (e) {
    throw e instanceof NxPypiError ? Object.assign(new Error(e.render()), { code: e.code, cause: e }) : e;
  }
}

function run(tree: Tree, options: CaChainGeneratorSchema): void {
  const files = (Array.isArray(options.certs) ? options.certs : [options.certs]).flatMap((f) => f.split(',')).map((f) => f.trim()).filter(Boolean);
  if (files.length === 0) {
    throw new CertificateError('no certificate files given', { code: 'CA_CHAIN_NO_FILES', hint: 'Pass the intermediate and root CA files: --certs=intermediate.crt,root.crt' });
  }
  const now = new Date();
  const { ordered, warnings } = orderCaChain(loadAll(tree, files), now);

  const nxJson = readNxJson(tree) ?? {};
  const { entryOptions, name } = pickRepository(nxJson, options.repository);
  const output = normalizeOutput(tree, options.output ?? `tools/certs/${name}-ca-chain.pem`);

  tree.write(output, renderCaBundle(ordered));
  const repos = (entryOptions.repositories ??= {});
  const { ca: replacedCa, ...rest }: RepositoryConfig = repos[name] ?? {};
  repos[name] = { ...rest, caBundle: output };
  if (!entryOptions.defaultRepository && Object.keys(repos).length === 1) entryOptions.defaultRepository = name;
  updateNxJson(tree, nxJson);

  logger.info(`nx-pypi: CA chain for repository "${name}" written to ${output}:`);
  for (const c of ordered) logger.info(`  ${renderCertificateLine(summarizeCertificate(c.cert), now)}`);
  if (replacedCa) logger.info(`  caBundle replaces the previous "ca" list (${replacedCa.join(', ')}) in nx.json.`);
  for (const w of warnings) logger.warn(`nx-pypi: ${w}`);
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
  if (!rel.startsWith('..') && !isAbsolute(rel) && tree.exists(rel)) return tree.read(rel) as Buffer;
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
  const rel = relative(tree.root, resolve(tree.root, output)).split('\\').join('/');
  if (rel.startsWith('..') || isAbsolute(rel)) {
    throw new RepositoryConfigError(`the output ${output} is outside the workspace`, {
      code: 'CA_CHAIN_OUTPUT_OUTSIDE',
      hint: 'The chain is committed with the workspace: pass a workspace-relative path such as tools/certs/nexus-ca-chain.pem.',
    });
  }
  return rel;
}

type PluginEntry = NonNullable<NxJsonConfiguration['plugins']>[number];

/** The nx-pypi plugin entry (added, or turned into the object form, when needed) and the repository name. */
function pickRepository(nxJson: NxJsonConfiguration, requested: string | undefined): { entryOptions: NxPypiPluginOptions; name: string } {
  const plugins: PluginEntry[] = (nxJson.plugins ??= []);
  let index = plugins.findIndex((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (index < 0) index = plugins.push({ plugin: PLUGIN_NAME, options: {} }) - 1;
  const entry = plugins[index];
  const obj = typeof entry === 'string' ? { plugin: entry, options: {} } : entry;
  plugins[index] = obj;
  const entryOptions = ((obj as { options?: unknown }).options ??= {}) as NxPypiPluginOptions;
  const known = Object.keys(entryOptions.repositories ?? {});
  const name = requested ?? entryOptions.defaultRepository ?? (known.length === 1 ? known[0] : known.length === 0 ? 'nexus' : undefined);
  if (!name) {
    throw new RepositoryConfigError(`several repositories are defined (${known.join(', ')}) and none is chosen`, {
      code: 'REPOSITORY_AMBIGUOUS',
      location: { file: 'nx.json', keyPath: `plugins[${index}].options.defaultRepository` },
      hint: 'Pass --repository <name>.',
    });
  }
  return { entryOptions, name };
}
