import type { ProjectGraph, ProjectGraphProjectNode, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import PythonVersionActions from './version-actions';

type Ctor = ConstructorParameters<typeof PythonVersionActions>;

function node(name: string, root: string): ProjectGraphProjectNode {
  return { name, type: 'lib', data: { root, metadata: { pypi: { name, normalizedName: name, requires: [] } } } } as ProjectGraphProjectNode;
}

const GRAPH = {
  nodes: { 'token-lib': node('token-lib', 'libs/token-lib'), 'token-cli': node('token-cli', 'apps/token-cli'), helpers: node('helpers', 'libs/helpers') },
  dependencies: {},
} as unknown as ProjectGraph;

async function actionsFor(tree: Tree, projectName: string, config: Partial<Ctor[2]> = {}): Promise<PythonVersionActions> {
  const finalConfig = { manifestRootsToUpdate: [], preserveLocalDependencyProtocols: true, ...config } as unknown as Ctor[2];
  const actions = new PythonVersionActions({ name: '__default__' } as Ctor[0], GRAPH.nodes[projectName], finalConfig);
  await actions.init(tree);
  return actions;
}

const LIB = `[tool.poetry]
name = "token-lib"
version = '0.1.0'   # bumped by nx release
description = "Tokens"

[tool.poetry.dependencies]
python = "^3.9"
`;

const CLI = `[tool.poetry]
name = "token-cli"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.9"
token-lib = "^0.1.0"  # caret
helpers = { path = "../../libs/helpers", develop = true }
click = "^8.1"

[tool.poetry.group.test.dependencies]
token-lib = { version = "~0.1.0", extras = ["jwt"] }

[tool.poetry.group.compat.dependencies]
token-lib = ">=0.1.0,<0.2.0"
`;

describe('PythonVersionActions on Poetry 1.x projects', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('libs/token-lib/pyproject.toml', LIB);
    tree.write('libs/token-lib/token_lib/__init__.py', '__version__ = "0.1.0"\n');
    tree.write('apps/token-cli/pyproject.toml', CLI);
  });

  it('reads the current version from [tool.poetry].version', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    await expect(actions.readCurrentVersionFromSourceManifest(tree)).resolves.toEqual({
      currentVersion: '0.1.0',
      manifestPath: 'libs/token-lib/pyproject.toml',
    });
  });

  it('writes the new version into [tool.poetry] and __version__, touching nothing else', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    const logs = await actions.updateProjectVersion(tree, '0.2.0');
    expect(tree.read('libs/token-lib/pyproject.toml', 'utf-8')).toBe(LIB.replace("'0.1.0'", "'0.2.0'"));
    expect(tree.read('libs/token-lib/token_lib/__init__.py', 'utf-8')).toBe('__version__ = "0.2.0"\n');
    expect(logs).toEqual([
      '✍️  New version 0.2.0 written to [tool.poetry] in manifest: libs/token-lib/pyproject.toml',
      '✍️  New version 0.2.0 written to __version__ in libs/token-lib/token_lib/__init__.py',
    ]);
  });

  it('gives Nx the constraint as written as the current version of a dependency, and a path entry as its path', async () => {
    const actions = await actionsFor(tree, 'token-cli');
    await expect(actions.readCurrentVersionOfDependency(tree, GRAPH, 'token-lib')).resolves.toEqual({
      currentVersion: '^0.1.0',
      dependencyCollection: 'dependencies',
    });
    await expect(actions.readCurrentVersionOfDependency(tree, GRAPH, 'helpers')).resolves.toEqual({
      currentVersion: 'path ../../libs/helpers',
      dependencyCollection: 'dependencies',
    });
  });

  it("moves dependents' constraints in their own style, in dependencies and groups, leaving path entries and comments alone", async () => {
    const actions = await actionsFor(tree, 'token-cli');
    const logs = await actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '^0.2.0', helpers: '0.3.0' });
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toBe(
      CLI.replace('"^0.1.0"  # caret', '"^0.2.0"  # caret').replace('"~0.1.0"', '"~0.2.0"').replace('">=0.1.0,<0.2.0"', '">=0.2.0,<0.3.0"'),
    );
    expect(logs).toEqual([
      '✍️  Updated 3 dependencies in manifest: apps/token-cli/pyproject.toml',
      '   dependencies: ^0.1.0 -> ^0.2.0',
      '   group.test: ~0.1.0 -> ~0.2.0',
      '   group.compat: >=0.1.0,<0.2.0 -> >=0.2.0,<0.3.0',
    ]);
  });

  it('says in one line that a poetry.lock beside a changed dependent must be regenerated, and never edits it', async () => {
    tree.write('apps/token-cli/poetry.lock', '# locked\n[metadata]\ncontent-hash = "abc"\n');
    const actions = await actionsFor(tree, 'token-cli');
    const logs = await actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '^0.2.0' });
    expect(logs[logs.length - 1]).toBe(
      '⚠️  apps/token-cli/poetry.lock no longer matches apps/token-cli/pyproject.toml (Poetry hashes its dependency tables): run `poetry lock` in apps/token-cli (Poetry 1.x: `poetry lock --no-update`) once the new versions are published',
    );
    expect(tree.read('apps/token-cli/poetry.lock', 'utf-8')).toBe('# locked\n[metadata]\ncontent-hash = "abc"\n');
  });

  it('keeps a constraint that admits the release (Nx preserveMatchingDependencyRanges, default true)', async () => {
    const actions = await actionsFor(tree, 'token-cli');
    await expect(actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.1.5' })).resolves.toEqual([]);
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toBe(CLI);
  });

  it('refuses a constraint it cannot move safely, naming the file, key, line:col and fix, and writes nothing', async () => {
    tree.write('apps/token-cli/pyproject.toml', CLI.replace('"^0.1.0"  # caret', '"^0.1 || ^1.0"'));
    const actions = await actionsFor(tree, 'token-cli');
    await expect(actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.2.0' })).rejects.toThrow(
      'apps/token-cli/pyproject.toml:7:13 [tool.poetry.dependencies.token-lib] "^0.1 || ^1.0" on token-lib cannot follow 0.2.0',
    );
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toBe(CLI.replace('"^0.1.0"  # caret', '"^0.1 || ^1.0"'));
  });

  it('also moves the [tool.poetry] groups of a Poetry 2 file, beside its [project] requirements', async () => {
    const text =
      '[project]\nname = "token-cli"\nversion = "0.1.0"\ndependencies = ["token-lib>=0.1.0,<0.2"]\n\n[tool.poetry.group.dev.dependencies]\ntoken-lib = "^0.1.0"\n';
    tree.write('apps/token-cli/pyproject.toml', text);
    const actions = await actionsFor(tree, 'token-cli');
    const logs = await actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.2.0' });
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toBe(text.replace('>=0.1.0,<0.2', '>=0.2.0,<0.3').replace('^0.1.0', '^0.2.0'));
    expect(logs.slice(1)).toEqual(['   dependencies: token-lib>=0.1.0,<0.2 -> token-lib>=0.2.0,<0.3', '   group.dev: ^0.1.0 -> ^0.2.0']);
  });
});

describe('PythonVersionActions on a Poetry 2 project whose [project] leaves the version to [tool.poetry]', () => {
  const LIB2 = `[project]
name = "token-lib"
dynamic = ["version"]
dependencies = ["idna>=3"]

[tool.poetry]
version = "0.1.0"   # bumped by nx release

[build-system]
requires = ["poetry-core>=2.0.0,<3.0.0"]
build-backend = "poetry.core.masonry.api"
`;
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('libs/token-lib/pyproject.toml', LIB2);
    tree.write('apps/token-cli/pyproject.toml', '[project]\nname = "token-cli"\nversion = "0.1.0"\ndependencies = ["token-lib>=0.1.0,<0.2"]\n');
  });

  it('reads the current version from [tool.poetry].version', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    await expect(actions.readCurrentVersionFromSourceManifest(tree)).resolves.toEqual({
      currentVersion: '0.1.0',
      manifestPath: 'libs/token-lib/pyproject.toml',
    });
  });

  it('writes the new version into [tool.poetry], leaving [project] and the comment alone', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    const logs = await actions.updateProjectVersion(tree, '0.2.0rc1');
    expect(tree.read('libs/token-lib/pyproject.toml', 'utf-8')).toBe(LIB2.replace('version = "0.1.0"', 'version = "0.2.0rc1"'));
    expect(logs).toEqual(['✍️  New version 0.2.0rc1 written to [tool.poetry] in manifest: libs/token-lib/pyproject.toml']);
  });

  it("moves a dependent's requirement to the release", async () => {
    const actions = await actionsFor(tree, 'token-cli');
    await actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.2.0' });
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toContain('"token-lib>=0.2.0,<0.3"');
  });

  it('refuses a project with no version in [tool.poetry], naming the file, line and fix', async () => {
    tree.write('libs/token-lib/pyproject.toml', LIB2.replace('version = "0.1.0"   # bumped by nx release\n', 'packages = [{ include = "token_lib" }]\n'));
    const actions = await actionsFor(tree, 'token-lib');
    await expect(actions.readCurrentVersionFromSourceManifest(tree)).rejects.toThrow(
      /libs\/token-lib\/pyproject\.toml:3:11 \[project\.dynamic\] lists version, and \[tool\.poetry\] has no version[\s\S]*set version = "0\.1\.0" in \[tool\.poetry\]/,
    );
  });
});
