/**
 * `nx g nx-pypi:ca-chain --certs=intermediate.crt,root.crt [--output f] [--repository name]`.
 * Everything is read and validated before the Tree is touched, so a failure writes nothing.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { logger, readNxJson, updateNxJson, type NxJsonConfiguration, type Tree } from '@nx/devkit';
import { AggregateNxPypiError, NxPypiError } from '../../errors';
import type { NxPypiPluginOptions, RepositoryConfig } from '../../core/config/nx-pypi-options';
import { orderCaChain, renderCaBundle } from '../../core/tls/chain-order';
import { renderCertificateLine, summarizeCertificate } from '../../core/tls/describe';
import { CertificateError } from '../../core/tls/errors';
import { parsePemCertificates, type LoadedCertificate } from '../../core/tls/pem';
import { PLUGIN_NAME } from '../../core/config/plugin-options';
import { RepositoryConfigError } from '../../core/config/errors';
import { toWorkspaceRelative } from '../../core/workspace-path';
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
  const { entryOptions, name } = pickRepository(nxJson, options.repository, options.addRepository ?? false);
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

type PluginEntry = NonNullable<NxJsonConfiguration['plugins']>[number];

/**
 * The nx-pypi plugin entry (added, or turned into the object form, when needed) and the repository name.
 * A name nx.json does not define is refused when it defines others (a typo must not add a repository),
 * unless `add` says a new one is meant; with no repositories yet, the chain starts the first one.
 */
function pickRepository(nxJson: NxJsonConfiguration, requested: string | undefined, add: boolean): { entryOptions: NxPypiPluginOptions; name: string } {
  const plugins: PluginEntry[] = (nxJson.plugins ??= []);
  let index = plugins.findIndex((p) => (typeof p === 'string' ? p : p.plugin) === PLUGIN_NAME);
  if (index < 0) index = plugins.push({ plugin: PLUGIN_NAME, options: {} }) - 1;
  const entry = plugins[index];
  const obj = typeof entry === 'string' ? { plugin: entry, options: {} } : entry;
  plugins[index] = obj;
  const entryOptions = ((obj as { options?: unknown }).options ??= {}) as NxPypiPluginOptions;
  const known = Object.keys(entryOptions.repositories ?? {});
  if (requested !== undefined && !requested.trim()) {
    throw new RepositoryConfigError('--repository is empty', {
      code: 'REPOSITORY_UNKNOWN',
      hint: `Name a repository${known.length ? ` (${known.join(', ')})` : ', e.g. --repository=nexus'}.`,
    });
  }
  const name = requested ?? entryOptions.defaultRepository ?? (known.length === 1 ? known[0] : known.length === 0 ? 'nexus' : undefined);
  if (!name) {
    throw new RepositoryConfigError(`several repositories are defined (${known.join(', ')}) and none is chosen`, {
      code: 'REPOSITORY_AMBIGUOUS',
      location: { file: 'nx.json', keyPath: `plugins[${index}].options.defaultRepository` },
      hint: 'Pass --repository <name>.',
    });
  }
  if (known.length > 0 && !known.includes(name) && !(add && requested !== undefined)) {
    const fromFlag = requested !== undefined;
    const close = closestName(name, known);
    throw new RepositoryConfigError(`repository "${name}" (from ${fromFlag ? '--repository' : 'defaultRepository'}) is not defined in nx.json`, {
      code: 'REPOSITORY_UNKNOWN',
      location: fromFlag ? undefined : { file: 'nx.json', keyPath: `plugins[${index}].options.defaultRepository` },
      hint: `Known repositories: ${known.join(', ')}${close ? ` (did you mean "${close}"?)` : ''}. ${
        fromFlag
          ? `Name one of them, or pass --addRepository to add "${name}" with this chain as its caBundle.`
          : 'Set defaultRepository to one of them, or pass --repository <name>.'
      }`,
    });
  }
  return { entryOptions, name };
}

/** The known name within two edits of `name` (case ignored), for "did you mean". */
function closestName(name: string, known: string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(name.toLowerCase(), k.toLowerCase());
    if (distance <= 2 && (!best || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}

/** Optimal string alignment distance: Levenshtein plus adjacent swaps ("crop" -> "corp" is one edit). */
function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
