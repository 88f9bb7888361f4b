/**
 * Issue 14's acceptance: the bad-input sweep, repeated in-process through the plugin's real entry
 * points (createNodes, the build and publish executors, the generators, the trust reader and the
 * repository session). Every case must end in a rendered nx-pypi error or an explicit warning,
 * without a stack trace, naming where and what to do, and writing nothing outside its workspace.
 * The last test prints the summary line and holds the counts.
 */
import type { CreateNodesContext, ExecutorContext, Tree } from '@nx/devkit';
import { logger, readNxJson, updateNxJson } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { copyFile, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProjectIdentity } from './core/pyproject/project-identity';
import { NxPypiError } from './errors';
import { buildProject } from './executors/build/executor';
import { tokenLibFiles, writeFiles, type FixtureFiles } from './executors/build/test-support/fixtures';
import { runPublishTask } from './executors/publish/executor';
import caChainGenerator from './generators/ca-chain/generator';
import initGenerator from './generators/init/generator';
import { packageGenerator } from './generators/package/generator';
import type { PackageGeneratorSchema } from './generators/package/schema';
import pipConfigGenerator from './generators/pip-config/generator';
import { TarGzWriter } from './io/archive/tar-gz-writer';
import { ZipWriter } from './io/archive/zip-writer';
import { resolveRepositorySession, type RepositorySessionInput } from './io/config/repository-session';
import { readTrustSettings } from './io/tls/read-trust';
import { createNodes } from './plugin/nodes';
import { checkOutcome, computeOutsideWrites, createTally, listTree, outcomeOfThrown, type Expectation, type Outcome } from './test-support/bad-input-sweep';
import { createIntermediateCa, createRootCa, createTestPki, daysFromNow, type TestPki } from './test-support/ca';

const PROJECT = 'libs/token-lib';
const PYPROJECT = `${PROJECT}/pyproject.toml`;
const DIST = `${PROJECT}/dist`;
const tally = createTally();
let parent: string;
/** HOME for every case: outside the workspaces, so anything written there counts as an outside write. */
let home: string;
let caseNumber = 0;

beforeAll(async () => {
  parent = await mkdtemp(join(tmpdir(), 'nx-pypi-sweep-'));
  home = join(parent, 'home');
  await mkdir(home);
});
afterAll(() => rm(parent, { recursive: true, force: true }));

interface CaseResult {
  outcome: Outcome;
  /** Half-written or changed files in dist/ (build and publish cases). */
  leftovers?: string[];
}

/** Runs one case in a fresh workspace under `parent`, then checks it with the shared checker. */
async function sweep(area: string, title: string, expected: Expectation, run: (ws: string) => Promise<CaseResult>): Promise<string[]> {
  const ws = join(parent, `ws-${++caseNumber}`);
  await mkdir(ws);
  const before = listTree(parent);
  const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  const info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
  let result: CaseResult;
  try {
    result = await run(ws);
  } finally {
    warn.mockRestore();
    info.mockRestore();
  }
  const outside = computeOutsideWrites(before, listTree(parent), parent, ws);
  return checkOutcome(tally, area, title, result.outcome, expected, outside, result.leftovers);
}

// ---------------------------------------------------------------------------------------------
// pyproject.toml: what the graph (createNodes) and the build executor see
// ---------------------------------------------------------------------------------------------

const BASE = tokenLibFiles()['pyproject.toml'] as string;

/** The fixture's pyproject.toml with `key = ...` in [project] replaced (or removed with `null`). */
function withLine(key: string, line: string | null): string {
  const re = new RegExp(`^${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} = .*\\n`, 'm');
  if (!re.test(BASE)) throw new Error(`fixture has no ${key}`);
  return BASE.replace(re, line === null ? '' : `${line}\n`);
}

/** The fixture's pyproject.toml with lines added at the end of [project]'s plain keys. */
function withExtra(lines: string): string {
  return BASE.replace('dependencies = [', `${lines}\ndependencies = [`);
}

async function runGraph(ws: string, options: Record<string, unknown> = {}): Promise<Outcome> {
  const context = { workspaceRoot: ws, nxJsonConfiguration: {} } as CreateNodesContext;
  try {
    const results = await createNodes[1]([PYPROJECT], options, context);
    return { kind: 'success', text: `graph: ${JSON.stringify(results).slice(0, 120)}` };
  } catch (err) {
    const perFile = (err as { errors?: Array<[string, Error]> }).errors;
    if (!Array.isArray(perFile)) return outcomeOfThrown(err);
    const text = perFile.map(([, e]) => e.message).join('\n');
    // nodes.ts rethrows an NxPypiError as `new Error(render())` (Nx prints only the message): the
    // same text from the graph's own reader proves it was one, and gives the structured problems.
    const identity = readProjectIdentity(await readFile(join(ws, PYPROJECT), 'utf8'), PYPROJECT);
    const direct = identity.kind === 'broken' ? identity.error : undefined;
    return { kind: 'error', text, nxPypi: direct instanceof NxPypiError && direct.render() === text, error: direct };
  }
}

function buildContext(ws: string): ExecutorContext {
  return {
    root: ws,
    cwd: ws,
    isVerbose: false,
    projectName: 'token-lib',
    targetName: 'build',
    projectsConfigurations: { version: 2, projects: { 'token-lib': { root: PROJECT, targets: {} } } },
    nxJsonConfiguration: {},
  } as unknown as ExecutorContext;
}

async function runBuildExecutor(ws: string): Promise<CaseResult> {
  const lines: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  const ok = await buildProject({ builder: 'native' }, buildContext(ws), { info: (l) => lines.push(l), warn: (l) => warnings.push(l) }, (l) => errors.push(l));
  const leftovers = listTree(join(ws, DIST));
  if (!ok) {
    const text = errors.join('\n');
    return { outcome: { kind: 'error', text, nxPypi: !text.startsWith('Unexpected error') }, leftovers };
  }
  // A build that went through left real artifacts: they are not half-written, so not leftovers.
  return { outcome: warnings.length > 0 ? { kind: 'warning', text: warnings.join('\n') } : { kind: 'success', text: lines.join('; ') } };
}

/** The graph first; where it refuses the file the build must too, and both texts are checked. */
async function runPyProjectCase(ws: string, files: FixtureFiles, remove: string[] = []): Promise<CaseResult> {
  const all = tokenLibFiles(files);
  for (const f of remove) delete all[f];
  await writeFiles(join(ws, PROJECT), all);
  // Nx hands createNodes only files that exist.
  const graph: Outcome = all['pyproject.toml'] === undefined ? { kind: 'success' } : await runGraph(ws);
  const build = await runBuildExecutor(ws);
  if (graph.kind !== 'error') return build;
  if (build.outcome.kind !== 'error') return { outcome: { kind: 'success', text: `the graph refused it but the build went on: ${graph.text}` } };
  return {
    outcome: { kind: 'error', text: `${graph.text}\n${build.outcome.text}`, nxPypi: graph.nxPypi && build.outcome.nxPypi, error: graph.error },
    leftovers: build.leftovers,
  };
}

const LOC = (line: number, key: string) => new RegExp(`${PYPROJECT.replace(/\./g, '\\.')}:${line}:\\d+ \\[${key.replace(/[.[\]]/g, '\\$&')}\\]`);

/** [title, pyproject.toml text, where]: each must be refused by the graph and by the build. */
const PYPROJECT_CASES: Array<[string, string, RegExp]> = [
  ['TOML: an unclosed string', withLine('name', 'name = "token-lib'), /pyproject\.toml:6:\d+ invalid TOML/],
  ['TOML: a duplicate key', withExtra('name = "again"'), /pyproject\.toml:\d+:\d+ invalid TOML/],
  ['TOML: an unclosed table header', BASE.replace('[project.urls]', '[project.urls'), /pyproject\.toml:\d+:\d+ invalid TOML/],
  ['TOML: a bare word as value', withLine('version', 'version = 0.1.0'), /pyproject\.toml:7:\d+ invalid TOML/],
  ['[project] written as a string', 'project = "token-lib"\n', /pyproject\.toml:1:\d+ \[project\]/],
  ['no name', withLine('name', null), LOC(5, 'project')],
  ['a name that is a number', withLine('name', 'name = 42'), LOC(6, 'project.name')],
  ['a name with spaces and "!"', withLine('name', 'name = "token lib!"'), LOC(6, 'project.name')],
  ['a name ending in "-"', withLine('name', 'name = "token-"'), LOC(6, 'project.name')],
  ['no version and no dynamic', withLine('version', null), LOC(5, 'project')],
  ['a version that is not PEP 440', withLine('version', 'version = "one.two"'), LOC(7, 'project.version')],
  ['a version that is a float', withLine('version', 'version = 0.1'), LOC(7, 'project.version')],
  ['a version both static and dynamic', withExtra('dynamic = ["version"]'), /\[project\.dynamic\[0\]\]/],
  ['dynamic naming an unknown field', withExtra('dynamic = ["colour"]'), /\[project\.dynamic\[0\]\]/],
  ['dynamic as a string', withExtra('dynamic = "version"'), /\[project\.dynamic\]/],
  ['requires-python that is not a specifier', withLine('requires-python', 'requires-python = ">=3.x"'), LOC(10, 'project.requires-python')],
  ['requires-python as a number', withLine('requires-python', 'requires-python = 3.9'), LOC(10, 'project.requires-python')],
  ['dependencies as a string', BASE.replace(/^dependencies = .*$/m, 'dependencies = "requests"'), /\[project\.dependencies\]/],
  ['a dependency with a dangling operator', BASE.replace(/^dependencies = .*$/m, 'dependencies = ["requests>="]'), /\[project\.dependencies\[0\]\]/],
  [
    'a dependency with a bad marker',
    BASE.replace(/^dependencies = .*$/m, `dependencies = ["requests; python_version >> '3'"]`),
    /\[project\.dependencies\[0\]\]/,
  ],
  ['a dependency with an empty URL', BASE.replace(/^dependencies = .*$/m, 'dependencies = ["requests @ "]'), /\[project\.dependencies\[0\]\]/],
  [
    'a dependency with an unknown marker variable',
    BASE.replace(/^dependencies = .*$/m, `dependencies = ["requests; python_colour == '3'"]`),
    /\[project\.dependencies\[0\]\]/,
  ],
  ['optional-dependencies group as a string', BASE.replace('dev = ["pytest>=7"]', 'dev = "pytest>=7"'), /\[project\.optional-dependencies\.dev\]/],
  [
    'an optional-dependencies group name that is not an extra',
    BASE.replace('dev = ["pytest>=7"]', '"dev tools!" = ["pytest>=7"]'),
    /\[project\.optional-dependencies/,
  ],
  ['readme as a number', withLine('readme', 'readme = 42'), LOC(9, 'project.readme')],
  ['readme with both file and text', withLine('readme', 'readme = { file = "README.md", text = "x", content-type = "text/markdown" }'), /\[project\.readme/],
  ['license as a number', withLine('license', 'license = 42'), LOC(11, 'project.license')],
  ['license that is not an SPDX expression', withLine('license', 'license = "MIT OR (("'), LOC(11, 'project.license')],
  ['license table with file and text', withLine('license', 'license = { file = "LICENSE", text = "MIT" }'), /\[project\.license/],
  ['license-files with the legacy license table', withExtra('license-files = ["LICENSE"]'), /\[project\.license-files\]/],
  [
    'a License :: classifier with an SPDX license',
    withLine('license', 'license = "MIT"').replace('classifiers = [', 'classifiers = ["License :: OSI Approved :: MIT License", '),
    /\[project\.classifiers\[0\]\]/,
  ],
  ['authors as a string', withLine('authors', 'authors = "Ada"'), /\[project\.authors\]/],
  ['an author email that is not one', withLine('authors', 'authors = [{ name = "Ada", email = "ada-at-example" }]'), /\[project\.authors\[0\]\.email\]/],
  ['keywords as a string', withLine('keywords', 'keywords = "tokens, nx"'), /\[project\.keywords\]/],
  ['a classifier that is a number', withLine('classifiers', 'classifiers = [3]'), /\[project\.classifiers\[0\]\]/],
  ['a URL that is a number', BASE.replace('Homepage = "https://example.com/token-lib"', 'Homepage = 42'), /\[project\.urls\.Homepage\]/],
  [
    'a script that is not an object reference',
    BASE.replace('token-cli = "token_lib.cli:main"', 'token-cli = "token_lib.cli:main()"'),
    /\[project\.scripts\.token-cli\]/,
  ],
  [
    'entry-points redefining console_scripts',
    `${BASE}\n[project.entry-points.console_scripts]\nx = "token_lib.cli:main"\n`,
    /\[project\.entry-points\.console_scripts\]/,
  ],
  ['an unknown [project] key', withExtra('author = "Ada"'), /\[project\.author\]/],
  ['import-names (PEP 794, not supported yet)', withExtra('import-names = ["token_lib"]'), /\[project\.import-names\]/],
  ['build-system requires as a string', BASE.replace('requires = ["setuptools>=61"]', 'requires = "setuptools>=61"'), /\[build-system\.requires\]/],
  ['a multi-line description', withLine('description', 'description = """two\nlines"""'), /\[project\.description\]/],
];

/** [title, files, removed files, where]: the graph accepts these; the build must refuse them. */
const BUILD_CASES: Array<[string, FixtureFiles, string[], RegExp | string]> = [
  ['the README named by readme is missing', {}, ['README.md'], LOC(9, 'project.readme')],
  ['the README is not UTF-8', { 'README.md': Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]) }, [], `${PROJECT}/README.md`],
  [
    'readme declares an unknown charset',
    { 'pyproject.toml': withLine('readme', 'readme = { file = "README.md", content-type = "text/markdown; charset=klingon" }') },
    [],
    '[project.readme',
  ],
  [
    'readme with a suffix that names no format',
    { 'pyproject.toml': withLine('readme', 'readme = "README.txt2"'), 'README.txt2': 'notes\n' },
    [],
    '[project.readme] "README.txt2" has no suffix',
  ],
  ['the license file is missing', { 'pyproject.toml': withLine('license', 'license = { file = "LICENSE" }') }, [], '[project.license'],
  [
    'license-files matching nothing',
    { 'pyproject.toml': withLine('license', 'license = "MIT"').replace('classifiers = [', 'license-files = ["LICENSES/*.txt"]\nclassifiers = [') },
    [],
    '[project.license-files',
  ],
  ['a dynamic version', { 'pyproject.toml': withLine('version', 'dynamic = ["version"]') }, [], PYPROJECT],
  ['no pyproject.toml in the project', {}, ['pyproject.toml'], PYPROJECT],
  [
    'a listed package folder that does not exist',
    { 'pyproject.toml': `${BASE}\n[tool.setuptools]\npackages = ["token_lab"]\npackage-dir = { "" = "src" }\n` },
    [],
    'token_lab',
  ],
  [
    'a backend the native builder does not cover',
    {
      'pyproject.toml': BASE.replace('requires = ["setuptools>=61"]', 'requires = ["scikit-build-core"]').replace(
        'setuptools.build_meta',
        'scikit_build_core.build',
      ),
    },
    [],
    PYPROJECT,
  ],
];

describe('pyproject.toml', () => {
  it.each(PYPROJECT_CASES)('%s', async (...[title, text, where]) => {
    expect(await sweep('pyproject', title, { where }, (ws) => runPyProjectCase(ws, { 'pyproject.toml': text }))).toEqual([]);
  });

  it.each(BUILD_CASES)('build: %s', async (...[title, files, removed, where]) => {
    expect(await sweep('pyproject', title, { where }, (ws) => runPyProjectCase(ws, files, removed))).toEqual([]);
  });

  it('build: a package file that is a symlink out of the project', async () => {
    const reasons = await sweep('pyproject', 'a symlink out of the project', { where: `${PROJECT}/src/token_lib/secret.py` }, async (ws) => {
      await writeFile(join(ws, 'secret.py'), 'TOKEN = "s3cr3t"\n');
      await writeFiles(join(ws, PROJECT), tokenLibFiles());
      await symlink(join(ws, 'secret.py'), join(ws, PROJECT, 'src/token_lib/secret.py'));
      return runBuildExecutor(ws);
    });
    expect(reasons).toEqual([]);
  });

  it('build: a file name that is not UTF-8', async () => {
    const reasons = await sweep('pyproject', 'a non-UTF-8 file name', { where: /token_lib/ }, async (ws) => {
      await writeFiles(join(ws, PROJECT), tokenLibFiles());
      await writeFile(Buffer.from(`${join(ws, PROJECT, 'src/token_lib')}/caf\xe9.py`, 'latin1'), 'x = 1\n');
      return runBuildExecutor(ws);
    });
    expect(reasons).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// generators: package, init, pip-config, ca-chain (the Tree shows every write)
// ---------------------------------------------------------------------------------------------

/** Runs a generator on a Tree; a refusal must leave the Tree as it was, and nothing may leave the root. */
async function runGenerator(tree: Tree, generate: (tree: Tree) => Promise<unknown>): Promise<CaseResult> {
  const before = JSON.stringify(tree.listChanges().map((c) => [c.path, c.type]));
  const warnings: string[] = [];
  jest.spyOn(logger, 'warn').mockImplementation((m: unknown) => void warnings.push(String(m)));
  let outcome: Outcome;
  try {
    await generate(tree);
    outcome =
      warnings.length > 0
        ? { kind: 'warning', text: warnings.join('\n') }
        : {
            kind: 'success',
            text: tree
              .listChanges()
              .map((c) => c.path)
              .join(', '),
          };
  } catch (err) {
    outcome = outcomeOfThrown(err);
  }
  const changes = tree.listChanges().map((c) => c.path);
  const leftovers = changes.filter((p) => p.startsWith('..') || p.startsWith('/')).map((p) => `tree: ${p}`);
  if (outcome.kind === 'error' && JSON.stringify(tree.listChanges().map((c) => [c.path, c.type])) !== before)
    leftovers.push(`tree changed on refusal: ${changes.join(', ')}`);
  return { outcome, leftovers };
}

function treeWith(files: Record<string, string> = {}, pluginOptions?: Record<string, unknown>): Tree {
  const tree = createTreeWithEmptyWorkspace();
  if (pluginOptions) {
    const nxJson = readNxJson(tree) ?? {};
    nxJson.plugins = [{ plugin: 'nx-pypi', options: pluginOptions }];
    updateNxJson(tree, nxJson);
  }
  for (const [p, c] of Object.entries(files)) tree.write(p, c);
  return tree;
}

const PACKAGE_DEFAULTS: PackageGeneratorSchema = { name: 'token-lib', author: 'Ada Lovelace', authorEmail: 'ada@example.com', skipFormat: true };
const EXISTING = { 'libs/other/pyproject.toml': '[project]\nname = "Token_Lib"\nversion = "1.0"\n' };

const PACKAGE_CASES: Array<[string, Partial<PackageGeneratorSchema>, string | RegExp, Record<string, string>?]> = [
  ['an empty name', { name: '' }, '--name'],
  ['a name with a space', { name: 'token lib' }, '--name="token lib"'],
  ['a name starting with "-"', { name: '-token' }, '--name="-token"'],
  ['a name whose import name is a keyword', { name: 'lambda' }, '--name="lambda"'],
  ['a name whose import name starts with a digit', { name: '1abc' }, '--name="1abc"'],
  ['--directory climbing out of the workspace', { directory: '../x' }, '--directory="../x"'],
  ['--directory climbing out through a subfolder', { directory: 'libs/../../x' }, '--directory="libs/../../x"'],
  ['--directory absolute outside the workspace', { directory: '/etc/token-lib' }, '--directory="/etc/token-lib"'],
  ['an invalid --requiresPython', { requiresPython: '>=three' }, '--requiresPython=">=three"'],
  ['a multi-line --description', { description: 'one\ntwo' }, '--description='],
  ['a bad --authorEmail', { authorEmail: 'ada-at-example' }, '--authorEmail="ada-at-example"'],
  ['an --author with a comma', { author: 'Ada, Grace' }, '--author="Ada, Grace"'],
  ['a module named after a keyword', { modules: 'class' }, '"class" (in --modules)'],
  ['a module named __init__', { modules: '__init__' }, '"__init__" (in --modules)'],
  ['a dependency that does not parse', { dependencies: 'requests>=' }, 'requests>='],
  ['a folder that exists and is not empty', { directory: 'libs/busy' }, '--directory', { 'libs/busy/keep.txt': 'x' }],
  ['a name another package has after normalization', {}, 'libs/other/pyproject.toml', EXISTING],
];

describe('generators', () => {
  it.each(PACKAGE_CASES)('package: %s', async (...[title, options, where, files]) => {
    const reasons = await sweep('generators', `package: ${title}`, { where }, async () =>
      runGenerator(treeWith(files), (tree) => packageGenerator(tree, { ...PACKAGE_DEFAULTS, ...options })),
    );
    expect(reasons).toEqual([]);
  });

  it('init: a release section that is already there', async () => {
    const reasons = await sweep('generators', 'init: an existing release section', { where: 'nx.json', hint: /README/, warning: true }, async () => {
      const tree = treeWith();
      const nxJson = readNxJson(tree) ?? {};
      nxJson.release = { projects: ['*'] };
      updateNxJson(tree, nxJson);
      return runGenerator(tree, (t) => initGenerator(t, { release: true, skipFormat: true }));
    });
    expect(reasons).toEqual([]);
  });

  const repos = (block: Record<string, unknown>) => ({ repositories: { nexus: block } });
  const INDEX = 'https://nexus.example.com/repository/pypi-public/simple/';
  it.each<[string, Record<string, unknown>, Record<string, unknown>, string | RegExp, Record<string, string>?]>([
    ['--output outside the workspace', { output: '../pip.conf' }, repos({ indexUrl: INDEX, caBundle: 'c.pem' }), '--output=../pip.conf', { 'c.pem': 'PEM' }],
    [
      '--user together with --output',
      { user: true, output: 'pip.conf' },
      repos({ indexUrl: INDEX, caBundle: 'c.pem' }),
      '--output and --user',
      { 'c.pem': 'PEM' },
    ],
    ['--repository naming no repository', { repository: 'nexsu' }, repos({ indexUrl: INDEX, caBundle: 'c.pem' }), '"nexsu"', { 'c.pem': 'PEM' }],
    [
      'a repository without indexUrl',
      {},
      repos({ caBundle: 'c.pem' }),
      /nx\.json \[plugins\[0\]\.options\.repositories\.nexus\.indexUrl\]/,
      { 'c.pem': 'PEM' },
    ],
    ['a repository without a CA chain', {}, repos({ indexUrl: INDEX }), 'nx.json [plugins[0].options.repositories.nexus.caBundle]', {}],
    ['a caBundle file that does not exist', {}, repos({ indexUrl: INDEX, caBundle: 'tools/certs/missing.pem' }), 'tools/certs/missing.pem', {}],
    [
      'a repository with a literal password',
      {},
      repos({ indexUrl: INDEX, caBundle: 'c.pem', password: 'hunter2' }),
      'repositories.nexus.password',
      { 'c.pem': 'PEM' },
    ],
  ])('pip-config: %s', async (...[title, options, pluginOptions, where, files]) => {
    const reasons = await sweep('generators', `pip-config: ${title}`, { where }, async () =>
      // Only the Tree is checked: the callback (which would write the per-user file) is never run.
      runGenerator(treeWith(files, pluginOptions), (tree) => pipConfigGenerator(tree, options)),
    );
    expect(reasons).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string | RegExp]>([
    ['--repository with a typo', { repository: 'nexsu' }, '--repository'],
    ['--repository empty', { repository: ' ' }, '--repository'],
    ['--output outside the workspace', { output: '../chain.pem' }, '../chain.pem'],
    ['--certs empty', { certs: '' }, '--certs'],
  ])('ca-chain: %s', async (...[title, options, where]) => {
    const reasons = await sweep('generators', `ca-chain: ${title}`, { where }, async () => {
      const tree = treeWith({ 'certs/chain.pem': pki.intermediate.cert + pki.root.cert }, { repositories: { nexus: {} } });
      return runGenerator(tree, (t) => caChainGenerator(t, { certs: 'certs/chain.pem', ...options }));
    });
    expect(reasons).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// certificates: the ca-chain generator's inputs and the trust reader
// ---------------------------------------------------------------------------------------------

let pki: TestPki;
let expiredRoot: string;
let notYetValidRoot: string;
let sameNameRoot: string;
let orphanIntermediate: string;
let soonExpiringRoot: string;

beforeAll(async () => {
  pki = await createTestPki('Sweep');
  expiredRoot = (await createRootCa({ cn: 'Old Root', notBefore: daysFromNow(-400), notAfter: daysFromNow(-1) })).cert;
  notYetValidRoot = (await createRootCa({ cn: 'Future Root', notBefore: daysFromNow(10), notAfter: daysFromNow(400) })).cert;
  sameNameRoot = (await createRootCa({ cn: 'Sweep Root CA' })).cert;
  const otherRoot = await createRootCa({ cn: 'Other Root' });
  orphanIntermediate = (await createIntermediateCa(otherRoot, { cn: 'Orphan Intermediate' })).cert;
  const soon = await createRootCa({ cn: 'Soon Root', notAfter: daysFromNow(5) });
  soonExpiringRoot = soon.cert;
});

const damaged = (pem: string) => pem.replace(/\n[A-Za-z0-9+/]{20}/, '\n!!!!');
const der = (pem: string) => Buffer.from(pem.replace(/-----[A-Z ]+-----|\s/g, ''), 'base64');

/** Certificate file contents by name, resolved after beforeAll made the PKI. */
const CERT_FILES: Record<string, () => string | Buffer> = {
  empty: () => '',
  text: () => 'this is the CA, honestly\n',
  der: () => der(pki.root.cert),
  key: () => pki.root.key,
  damaged: () => damaged(pki.root.cert),
  expired: () => expiredRoot,
  future: () => notYetValidRoot,
  leaf: () => pki.leaf.cert,
  orphan: () => orphanIntermediate,
  wrongSigner: () => pki.intermediate.cert + sameNameRoot,
  duplicate: () => pki.intermediate.cert + pki.root.cert + pki.root.cert,
  soon: () => soonExpiringRoot,
};

describe('certificates', () => {
  it.each<[string, keyof typeof CERT_FILES, string | RegExp, boolean?]>([
    ['an empty file', 'empty', 'certs/ca.pem'],
    ['a text file', 'text', 'certs/ca.pem'],
    ['a DER file', 'der', 'certs/ca.pem'],
    ['a private key', 'key', 'certs/ca.pem'],
    ['a damaged PEM block', 'damaged', /certs\/ca\.pem:1/],
    ['an expired root', 'expired', /certs\/ca\.pem:1/],
    ['a root not valid yet', 'future', /certs\/ca\.pem:1/],
    ['a server (leaf) certificate only', 'leaf', /certs\/ca\.pem:1/],
    ['an intermediate without its root', 'orphan', /certs\/ca\.pem:1/],
    ['a root with the right name and the wrong key', 'wrongSigner', /certs\/ca\.pem:1/],
    ['the same root twice', 'duplicate', 'certs/ca.pem', true],
    ['a root that expires in 5 days', 'soon', 'certs/ca.pem', true],
  ])('ca-chain: %s', async (...[title, file, where, warning]) => {
    const reasons = await sweep('certificates', `ca-chain: ${title}`, { where, warning, hint: /kept once|plan the renewal/ }, async () => {
      const tree = treeWith({}, {});
      tree.write('certs/ca.pem', CERT_FILES[file]());
      return runGenerator(tree, (t) => caChainGenerator(t, { certs: ['certs/ca.pem'] }));
    });
    expect(reasons).toEqual([]);
  });

  it('ca-chain: a certificate file that does not exist', async () => {
    const reasons = await sweep('certificates', 'ca-chain: a missing file', { where: 'certs/missing.pem' }, async () =>
      runGenerator(treeWith({}, {}), (t) => caChainGenerator(t, { certs: ['certs/missing.pem'] })),
    );
    expect(reasons).toEqual([]);
  });

  it('ca-chain: a folder given as a certificate file', async () => {
    const reasons = await sweep('certificates', 'ca-chain: a folder', { where: 'certs' }, async () =>
      runGenerator(treeWith({ 'certs/ca.pem': pki.root.cert }, {}), (t) => caChainGenerator(t, { certs: ['certs'] })),
    );
    expect(reasons).toEqual([]);
  });

  it.each<[string, keyof typeof CERT_FILES | 'missing' | 'folder', string | RegExp]>([
    ['an empty file', 'empty', 'certs/ca.pem'],
    ['a text file', 'text', 'certs/ca.pem'],
    ['a DER file', 'der', 'certs/ca.pem'],
    ['a private key', 'key', 'certs/ca.pem'],
    ['a damaged PEM block', 'damaged', /certs\/ca\.pem:1/],
    ['a missing file', 'missing', 'certs/ca.pem'],
    ['a folder', 'folder', 'certs/ca.pem'],
  ])('trust reader: %s', async (...[title, file, where]) => {
    const reasons = await sweep('certificates', `trust reader: ${title}`, { where }, async (ws) => {
      if (file === 'folder') await mkdir(join(ws, 'certs/ca.pem'), { recursive: true });
      else if (file !== 'missing') await writeFiles(ws, { 'certs/ca.pem': CERT_FILES[file]() });
      try {
        readTrustSettings(ws, { caFiles: ['certs/ca.pem'], publicRoots: true, configuredAt: 'nx.json [plugins[0].options.repositories.nexus.caBundle]' });
        return { outcome: { kind: 'success' } };
      } catch (err) {
        return { outcome: outcomeOfThrown(err) };
      }
    });
    expect(reasons).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// repository configuration, environment variables and .pypirc: the one repository session
// ---------------------------------------------------------------------------------------------

interface SessionCase {
  nxJson?: unknown;
  env?: Record<string, string>;
  files?: FixtureFiles;
  /** Options Nx handed a publish target (project.json). */
  target?: Record<string, unknown>;
  /** An explicit pypirc option. */
  pypirc?: string;
  /** HOME inside the workspace (for a ~/.pypirc written by the case). */
  ownHome?: boolean;
}

function runSession(ws: string, c: SessionCase): CaseResult {
  const input: RepositorySessionInput = {
    workspaceRoot: ws,
    nxJson: c.nxJson ?? {},
    env: { HOME: c.ownHome ? join(ws, 'home') : home, ...c.env },
    targetOptions: c.target && { options: c.target, location: { file: `${PROJECT}/project.json`, keyPath: 'targets.publish.options' } },
    pypirc: c.pypirc === undefined ? undefined : { path: c.pypirc, option: 'the pypirc option of token-lib:publish' },
  };
  try {
    const session = resolveRepositorySession(input);
    if (session.notes.length > 0) return { outcome: { kind: 'warning', text: session.notes.join('\n') } };
    return { outcome: { kind: 'success', text: `upload ${session.uploadUrl?.value ?? '-'}; ${session.credentialsLine}` } };
  } catch (err) {
    return { outcome: outcomeOfThrown(err) };
  }
}

async function sessionCase(area: string, title: string, c: SessionCase, expected: Expectation): Promise<string[]> {
  return sweep(area, title, expected, async (ws) => {
    if (c.files) await writeFiles(ws, c.files);
    return runSession(ws, c);
  });
}

/** nx.json with the nx-pypi plugin entry and these options. */
const plugin = (options: Record<string, unknown>) => ({ plugins: [{ plugin: 'nx-pypi', options }] });
const HOSTED = 'https://nexus.example.com/repository/pypi-hosted/';
const CREDS = { NEXUS_USERNAME: 'deployer', NEXUS_PASSWORD: 'hunter2' };
const nexus = (block: Record<string, unknown>, extra: Record<string, unknown> = {}) => plugin({ repositories: { nexus: block }, ...extra });
const AT = (key: string) => `nx.json [plugins[0].options.repositories.nexus.${key}]`;

describe('repository configuration (nx.json, project.json)', () => {
  it.each<[string, SessionCase, string | RegExp]>([
    ['uploadUrl as a number', { nxJson: nexus({ uploadUrl: 42 }) }, AT('uploadUrl')],
    ['uploadUrl that is not a URL', { nxJson: nexus({ uploadUrl: 'nexus/pypi-hosted' }) }, AT('uploadUrl')],
    ['uploadUrl with ftp://', { nxJson: nexus({ uploadUrl: 'ftp://nexus.example.com/pypi/' }) }, AT('uploadUrl')],
    ['indexUrl with user:password', { nxJson: nexus({ uploadUrl: HOSTED, indexUrl: 'https://u:p@nexus.example.com/simple/' }) }, AT('indexUrl')],
    ['a literal password', { nxJson: nexus({ uploadUrl: HOSTED, password: 'hunter2' }) }, AT('password')],
    ['a literal token', { nxJson: nexus({ uploadUrl: HOSTED, token: 'abc' }) }, AT('token')],
    ['an unknown option (a typo)', { nxJson: nexus({ uploadURL: HOSTED }) }, AT('uploadURL')],
    ['usernameEnv that is not a variable name', { nxJson: nexus({ uploadUrl: HOSTED, usernameEnv: 'my user!' }) }, AT('usernameEnv')],
    ['passwordEnv as a number', { nxJson: nexus({ uploadUrl: HOSTED, passwordEnv: 123 }) }, AT('passwordEnv')],
    ['caBundle as a number', { nxJson: nexus({ uploadUrl: HOSTED, caBundle: 5 }) }, AT('caBundle')],
    ['ca as a string', { nxJson: nexus({ uploadUrl: HOSTED, ca: 'certs/ca.pem' }) }, AT('ca')],
    ['both caBundle and ca', { nxJson: nexus({ uploadUrl: HOSTED, caBundle: 'a.pem', ca: ['b.pem'] }) }, AT('ca')],
    ['publicRoots as a string', { nxJson: nexus({ uploadUrl: HOSTED, publicRoots: 'false' }) }, AT('publicRoots')],
    ['allowHttpLoopback as a string', { nxJson: nexus({ uploadUrl: HOSTED, allowHttpLoopback: 'yes' }) }, AT('allowHttpLoopback')],
    ['timeoutSeconds of 0', { nxJson: nexus({ uploadUrl: HOSTED, timeoutSeconds: 0 }) }, AT('timeoutSeconds')],
    ['timeoutSeconds as a string', { nxJson: nexus({ uploadUrl: HOSTED, timeoutSeconds: '30' }) }, AT('timeoutSeconds')],
    ['defaultRepository naming no repository', { nxJson: nexus({ uploadUrl: HOSTED }, { defaultRepository: 'nexsu' }) }, 'defaultRepository'],
    ['several repositories and no default', { nxJson: plugin({ repositories: { a: { uploadUrl: HOSTED }, b: { uploadUrl: HOSTED } } }) }, 'defaultRepository'],
    [
      'an http uploadUrl with credentials',
      {
        nxJson: nexus({ uploadUrl: 'http://nexus.example.com/repository/pypi-hosted/', usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }),
        env: CREDS,
      },
      AT('uploadUrl'),
    ],
    [
      'http on loopback without allowHttpLoopback',
      {
        nxJson: nexus({ uploadUrl: 'http://127.0.0.1:8081/repository/pypi-hosted/', usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }),
        env: CREDS,
      },
      'allowHttpLoopback',
    ],
    ['a caBundle that does not exist', { nxJson: nexus({ uploadUrl: HOSTED, caBundle: 'tools/certs/missing.pem' }) }, 'tools/certs/missing.pem'],
    [
      'a project.json repository naming no repository',
      { nxJson: nexus({ uploadUrl: HOSTED }), target: { repository: 'staging' } },
      `${PROJECT}/project.json [targets.publish.options.repository]`,
    ],
    [
      'a literal password in project.json',
      { nxJson: nexus({ uploadUrl: HOSTED }), target: { password: 'hunter2' } },
      `${PROJECT}/project.json [targets.publish.options.password]`,
    ],
    [
      'a project uploadUrl that is not a URL',
      { nxJson: nexus({ uploadUrl: HOSTED }), target: { uploadUrl: 'pypi-hosted' } },
      `${PROJECT}/project.json [targets.publish.options.uploadUrl]`,
    ],
  ])('%s', async (...[title, c, where]) => {
    expect(await sessionCase('repository config', title, c, { where })).toEqual([]);
  });
});

describe('environment variables', () => {
  const configured = nexus({ uploadUrl: HOSTED, usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' });
  it.each<[string, SessionCase, string | RegExp, boolean?]>([
    ['TWINE_REPOSITORY_URL that is not a URL', { env: { TWINE_REPOSITORY_URL: 'nexus/pypi-hosted' } }, 'TWINE_REPOSITORY_URL'],
    ['TWINE_REPOSITORY_URL with only a scheme', { env: { TWINE_REPOSITORY_URL: 'https://' } }, 'TWINE_REPOSITORY_URL'],
    [
      'TWINE_REPOSITORY_URL with a bad % in the password',
      { env: { TWINE_REPOSITORY_URL: 'https://u:50%off@nexus.example.com/repository/pypi-hosted/' } },
      'TWINE_REPOSITORY_URL',
    ],
    [
      'TWINE_REPOSITORY_URL with a bad % in the user name',
      { env: { TWINE_REPOSITORY_URL: 'https://a%zz:p@nexus.example.com/repository/pypi-hosted/' } },
      'TWINE_REPOSITORY_URL',
    ],
    [
      'TWINE_REPOSITORY_URL over http with credentials',
      { env: { TWINE_REPOSITORY_URL: 'http://u:p@nexus.example.com/repository/pypi-hosted/' } },
      'TWINE_REPOSITORY_URL',
    ],
    ['TWINE_REPOSITORY_URL with ftp://', { env: { TWINE_REPOSITORY_URL: 'ftp://nexus.example.com/pypi/' } }, 'TWINE_REPOSITORY_URL'],
    ['TWINE_PASSWORD without a user name', { env: { TWINE_REPOSITORY_URL: HOSTED, TWINE_PASSWORD: 'hunter2' } }, 'TWINE_PASSWORD'],
    ['the password variable set, the user variable not', { nxJson: configured, env: { NEXUS_PASSWORD: 'hunter2' } }, 'NEXUS_USERNAME'],
    ['usernameEnv and passwordEnv both unset', { nxJson: configured }, 'NEXUS_USERNAME', true],
    ['NX_PYPI_REPOSITORY naming no repository', { nxJson: configured, env: { NX_PYPI_REPOSITORY: 'staging' } }, 'NX_PYPI_REPOSITORY'],
    ['NX_PYPI_REPOSITORY with no repositories at all', { env: { NX_PYPI_REPOSITORY: 'nexus' } }, 'NX_PYPI_REPOSITORY'],
    ['TWINE_CERT naming a missing file', { env: { TWINE_REPOSITORY_URL: HOSTED, TWINE_CERT: 'certs/missing.pem' } }, 'TWINE_CERT'],
    [
      'TWINE_CERT naming a text file',
      { env: { TWINE_REPOSITORY_URL: HOSTED, TWINE_CERT: 'certs/ca.pem' }, files: { 'certs/ca.pem': 'not a cert\n' } },
      'certs/ca.pem',
    ],
    ['TWINE_CERT naming a folder', { env: { TWINE_REPOSITORY_URL: HOSTED, TWINE_CERT: 'certs' }, files: { 'certs/ca.pem': 'x' } }, 'TWINE_CERT'],
    ['TWINE_USERNAME without a password', { env: { TWINE_REPOSITORY_URL: HOSTED, TWINE_USERNAME: 'deployer' } }, 'TWINE_USERNAME', true],
  ])('%s', async (...[title, c, where, warning]) => {
    expect(await sessionCase('environment', title, c, { where, warning, hint: /looking in|set |unset|export/i })).toEqual([]);
  });
});

describe('.pypirc', () => {
  const listed = (body: string) => `[distutils]\nindex-servers =\n    nexus\n\n[nexus]\n${body}`;
  const NEXUS = nexus({ uploadUrl: HOSTED });
  it.each<[string, SessionCase, string | RegExp, boolean?]>([
    ['a key before any section', { pypirc: 'pypirc', files: { pypirc: 'username = x\n' } }, /pypirc:1:1/],
    ['a line that is not key = value', { pypirc: 'pypirc', files: { pypirc: '[nexus]\nusername deployer\n' } }, /pypirc:2:1/],
    ['an unclosed section header', { pypirc: 'pypirc', files: { pypirc: '[nexus\nusername = x\n' } }, /pypirc:1:1/],
    ['an explicit .pypirc that does not exist', { pypirc: 'config/pypirc' }, 'config/pypirc'],
    ['an explicit .pypirc that is a folder', { pypirc: 'config', files: { 'config/x': '' } }, 'config'],
    [
      'a section not listed in index-servers',
      { nxJson: NEXUS, pypirc: 'pypirc', files: { pypirc: '[distutils]\nindex-servers = pypi\n\n[nexus]\nusername = u\n' } },
      '[nexus]',
      true,
    ],
    ['ca_cert naming a missing file', { nxJson: NEXUS, pypirc: 'pypirc', files: { pypirc: listed('ca_cert = certs/missing.pem\n') } }, 'ca_cert'],
    ['a password and no user name', { nxJson: NEXUS, pypirc: 'pypirc', files: { pypirc: listed('password = hunter2\n') } }, '[nexus] password'],
    [
      'an http repository with credentials',
      {
        pypirc: 'pypirc',
        env: { TWINE_REPOSITORY: 'nexus' },
        files: { pypirc: listed('repository = http://nexus.example.com/pypi/\nusername = u\npassword = p\n') },
      },
      '[nexus] repository',
    ],
    [
      'a repository that is not a URL',
      { pypirc: 'pypirc', env: { TWINE_REPOSITORY: 'nexus' }, files: { pypirc: listed('repository = nexus-hosted\n') } },
      '[nexus] repository',
    ],
    [
      'TWINE_REPOSITORY naming a section the file lacks',
      { pypirc: 'pypirc', env: { TWINE_REPOSITORY: 'nexsu' }, files: { pypirc: listed('repository = https://nexus.example.com/pypi/\n') } },
      'nexsu',
      true,
    ],
    [
      'a ~/.pypirc with a password readable by everyone',
      { nxJson: NEXUS, ownHome: true, files: { 'home/.pypirc': listed('username = u\npassword = p\n') } },
      '.pypirc',
      true,
    ],
  ])('%s', async (...[title, c, where, warning]) => {
    expect(await sessionCase('pypirc', title, c, { where, warning, hint: /index-servers|chmod|readable|fix TWINE_REPOSITORY/ })).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// dist/: the publish executor over bad artifacts (nothing listens on 127.0.0.1:9)
// ---------------------------------------------------------------------------------------------

let goodDist: string;
beforeAll(async () => {
  const fixture = join(parent, 'fixture');
  await writeFiles(join(fixture, PROJECT), tokenLibFiles());
  const errors: string[] = [];
  const ok = await buildProject({ builder: 'native' }, buildContext(fixture), { info: () => undefined, warn: () => undefined }, (l) => errors.push(l));
  if (!ok) throw new Error(errors.join('\n'));
  goodDist = join(fixture, DIST);
});

const WHEEL = 'token_lib-0.1.0-py3-none-any.whl';
const SDIST = 'token_lib-0.1.0.tar.gz';
const DATE = new Date(Date.UTC(2024, 0, 1));

async function writeZip(path: string, members: Record<string, string | Buffer>): Promise<void> {
  const zip = await ZipWriter.create(path, DATE);
  for (const [name, content] of Object.entries(members)) await zip.addBuffer(name, Buffer.from(content));
  await zip.finish();
}

async function writeTarGz(path: string, members: Record<string, string>): Promise<void> {
  const tar = await TarGzWriter.create(path, DATE);
  for (const [name, content] of Object.entries(members)) await tar.addBuffer(name, Buffer.from(content));
  await tar.finish();
}

const metadata = (name: string, version = '0.1.0') => `Metadata-Version: 2.1\nName: ${name}\nVersion: ${version}\n`;

function publishContext(ws: string): ExecutorContext {
  return {
    ...buildContext(ws),
    targetName: 'publish',
    nxJsonConfiguration: plugin({ repositories: { nexus: { uploadUrl: 'https://127.0.0.1:9/' } } }),
  } as unknown as ExecutorContext;
}

async function runPublish(ws: string, options: Record<string, unknown> = {}): Promise<CaseResult> {
  const before = listTree(join(ws, DIST));
  const saved = process.env;
  process.env = { PATH: saved.PATH, HOME: home };
  const lines: string[] = [];
  const errors: string[] = [];
  let ok: boolean;
  try {
    ok = await runPublishTask(
      { groupWaitTimeout: 0, retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 }, ...options },
      publishContext(ws),
      (l) => lines.push(l),
      (l) => errors.push(l),
    );
  } finally {
    process.env = saved;
  }
  const after = listTree(join(ws, DIST));
  const leftovers = after.filter((p) => !before.includes(p)).concat(before.filter((p) => !after.includes(p)).map((p) => `removed ${p}`));
  if (ok) return { outcome: { kind: 'success', text: lines.join('; ') }, leftovers };
  const text = [...errors, ...lines.filter((l) => /fail|error/i.test(l))].join('\n');
  return { outcome: { kind: 'error', text, nxPypi: !text.startsWith('Unexpected error') }, leftovers };
}

/** [title, how to fill dist/ (absolute path), where]. */
const DIST_CASES: Array<[string, (dist: string, ws: string) => Promise<unknown>, string | RegExp]> = [
  ['an empty dist/', (d) => mkdir(d, { recursive: true }), DIST],
  ['no dist/ at all', async () => undefined, DIST],
  ['dist/ is a file', (d, ws) => writeFile(join(ws, DIST), 'x'), DIST],
  ['only a non-distribution file', (d) => writeFiles(d, { 'notes.txt': 'x' }), DIST],
  ['a folder named like a wheel', (d) => mkdir(join(d, WHEEL), { recursive: true }), DIST],
  [
    'a wheel of another version',
    (d) => mkdir(d, { recursive: true }).then(() => copyFile(join(goodDist, WHEEL), join(d, 'token_lib-0.2.0-py3-none-any.whl'))),
    'token_lib-0.2.0-py3-none-any.whl',
  ],
  [
    'a wheel of another project',
    (d) => mkdir(d, { recursive: true }).then(() => copyFile(join(goodDist, WHEEL), join(d, 'other_lib-0.1.0-py3-none-any.whl'))),
    'other_lib-0.1.0-py3-none-any.whl',
  ],
  ['a wheel name with 4 parts', (d) => writeFiles(d, { 'token_lib-0.1.0-py3.whl': 'x' }), 'token_lib-0.1.0-py3.whl'],
  ['a corrupt zip', (d) => writeFiles(d, { [WHEEL]: 'this is not a zip' }), WHEEL],
  ['a truncated wheel', async (d) => writeFiles(d, { [WHEEL]: (await readFile(join(goodDist, WHEEL))).subarray(0, 300) }), WHEEL],
  ['a wheel without METADATA', (d) => mkdir(d, { recursive: true }).then(() => writeZip(join(d, WHEEL), { 'token_lib/__init__.py': '' })), WHEEL],
  [
    'a wheel whose METADATA is not UTF-8',
    (d) => mkdir(d, { recursive: true }).then(() => writeZip(join(d, WHEEL), { 'token_lib-0.1.0.dist-info/METADATA': Buffer.from([0x4e, 0xff, 0xfe]) })),
    'METADATA',
  ],
  [
    'a wheel whose METADATA lacks Name',
    (d) =>
      mkdir(d, { recursive: true }).then(() => writeZip(join(d, WHEEL), { 'token_lib-0.1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nVersion: 0.1.0\n' })),
    'METADATA',
  ],
  [
    'a wheel whose metadata names another project',
    (d) => mkdir(d, { recursive: true }).then(() => writeZip(join(d, WHEEL), { 'token_lib-0.1.0.dist-info/METADATA': metadata('other-lib') })),
    WHEEL,
  ],
  ['an sdist without PKG-INFO', (d) => mkdir(d, { recursive: true }).then(() => writeTarGz(join(d, SDIST), { 'token_lib-0.1.0/setup.py': '' })), SDIST],
  ['an sdist that is not gzip', (d) => writeFiles(d, { [SDIST]: 'plain text' }), SDIST],
  [
    'a good wheel and sdist, and nothing listening at the upload URL',
    async (d) => {
      await mkdir(d, { recursive: true });
      for (const f of [WHEEL, SDIST]) await copyFile(join(goodDist, f), join(d, f));
    },
    '127.0.0.1:9',
  ],
];

describe('dist/ (publish)', () => {
  it.each(DIST_CASES)('%s', async (...[title, fill, where]) => {
    const reasons = await sweep('dist', title, { where }, async (ws) => {
      await writeFiles(join(ws, PROJECT), tokenLibFiles());
      await fill(join(ws, DIST), ws);
      return runPublish(ws);
    });
    expect(reasons).toEqual([]);
  });

  it('a version nx release decided that pyproject.toml does not hold', async () => {
    const reasons = await sweep('dist', 'a release version the pyproject.toml lacks', { where: `${PYPROJECT} [project.version]` }, async (ws) => {
      await writeFiles(join(ws, PROJECT), tokenLibFiles());
      return runPublish(ws, { nxReleaseVersionData: { 'token-lib': { newVersion: '0.2.0' } } });
    });
    expect(reasons).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('summary', () => {
  it('reports every case, with 0 stack traces, 0 silent successes and 0 outside writes', () => {
    const areas = Object.entries(tally.perArea)
      .map(([a, n]) => `${a} ${n}`)
      .join(', ');
    // eslint-disable-next-line no-console
    console.log(
      `bad-input sweep: ${tally.cases} cases, ${tally.stackTraces} stack traces, ${tally.silent} silent, ${tally.outsideWrites} outside writes (${areas})` +
        (tally.failures.length ? `\n${tally.failures.join('\n')}` : ''),
    );
    expect(tally.cases).toBeGreaterThanOrEqual(130);
    expect({ stackTraces: tally.stackTraces, silent: tally.silent, outsideWrites: tally.outsideWrites, other: tally.otherFailures }).toEqual({
      stackTraces: 0,
      silent: 0,
      outsideWrites: 0,
      other: 0,
    });
  });
});
