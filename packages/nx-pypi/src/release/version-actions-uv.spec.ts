// uv.lock fixtures are hand-written in the format of the public astral-sh/uv repository's lock
// snapshots (see test-support/uv-workspace.ts).
import type { ProjectGraph, ProjectGraphProjectNode, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { UV_APP_PYPROJECT, UV_LIB_PYPROJECT, UV_LOCK, UV_ROOT_PYPROJECT } from '../test-support/uv-workspace';
import PythonVersionActions from './version-actions';

type Ctor = ConstructorParameters<typeof PythonVersionActions>;

function node(name: string, root: string): ProjectGraphProjectNode {
  return { name, type: 'lib', data: { root, metadata: { pypi: { name, normalizedName: name, requires: [] } } } } as ProjectGraphProjectNode;
}

const GRAPH = {
  nodes: {
    'token-lib': node('token-lib', 'py/packages/token-lib'),
    'token-app': node('token-app', 'py/packages/token-app'),
    'ext-lib': node('ext-lib', 'libs/ext-lib'),
  },
  dependencies: {},
} as unknown as ProjectGraph;

async function actionsFor(tree: Tree, projectName: string): Promise<PythonVersionActions> {
  const config = { manifestRootsToUpdate: [], preserveLocalDependencyProtocols: true, preserveMatchingDependencyRanges: false } as unknown as Ctor[2];
  const actions = new PythonVersionActions({ name: '__default__' } as Ctor[0], GRAPH.nodes[projectName], config);
  await actions.init(tree);
  return actions;
}

const LIB_BUMPED = UV_LOCK.replace('name = "token-lib"\nversion = "0.1.0"', 'name = "token-lib"\nversion = "0.2.0"');

describe('PythonVersionActions in a uv workspace', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('py/pyproject.toml', UV_ROOT_PYPROJECT);
    tree.write('py/uv.lock', UV_LOCK);
    tree.write('py/packages/token-lib/pyproject.toml', UV_LIB_PYPROJECT);
    tree.write('py/packages/token-app/pyproject.toml', UV_APP_PYPROJECT);
  });

  it("writes a bumped member's version into the workspace root's uv.lock, and nothing else", async () => {
    const logs = await (await actionsFor(tree, 'token-lib')).updateProjectVersion(tree, '0.2.0');
    expect(tree.read('py/uv.lock', 'utf-8')).toBe(LIB_BUMPED);
    expect(logs).toEqual([
      '✍️  New version 0.2.0 written to manifest: py/packages/token-lib/pyproject.toml',
      '✍️  Updated 1 version in uv lock: py/uv.lock',
      '   token-lib version: 0.1.0 -> 0.2.0',
    ]);
  });

  it('bumps two members in one run, each edit applied to the lock the previous one left; the rewritten workspace requirements need no lock edit', async () => {
    await (await actionsFor(tree, 'token-lib')).updateProjectVersion(tree, '0.2.0');
    const app = await actionsFor(tree, 'token-app');
    await app.updateProjectVersion(tree, '0.1.1');
    const logs = await app.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.2.0' });

    expect(tree.read('py/packages/token-app/pyproject.toml', 'utf-8')).toBe(
      UV_APP_PYPROJECT.replace('version = "0.1.0"', 'version = "0.1.1"')
        .replace('"token-lib>=0.1.0", "httpx', '"token-lib>=0.2.0", "httpx')
        .replace('"click>=8", "token-lib>=0.1.0"', '"click>=8", "token-lib>=0.2.0"'),
    );
    expect(tree.read('py/uv.lock', 'utf-8')).toBe(LIB_BUMPED.replace('name = "token-app"\nversion = "0.1.0"', 'name = "token-app"\nversion = "0.1.1"'));
    expect(logs).toEqual([
      '✍️  Updated 2 dependencies in manifest: py/packages/token-app/pyproject.toml',
      '   dependencies: token-lib>=0.1.0 -> token-lib>=0.2.0',
      '   dependency-groups.test: token-lib>=0.1.0 -> token-lib>=0.2.0',
    ]);
  });

  it("reads a group requirement as the dependency's current version for Nx", async () => {
    tree.write(
      'py/packages/token-app/pyproject.toml',
      UV_APP_PYPROJECT.replace('dependencies = ["click>=8", "token-lib>=0.1.0"]', 'dependencies = ["click>=8"]'),
    );
    await expect((await actionsFor(tree, 'token-app')).readCurrentVersionOfDependency(tree, GRAPH, 'token-lib')).resolves.toEqual({
      currentVersion: 'token-lib>=0.1.0',
      dependencyCollection: 'dependency-groups.test',
    });
  });

  it('warns once with `uv lock` and leaves the lock unedited when the member has no entry in it', async () => {
    tree.write(
      'py/uv.lock',
      UV_LOCK.replace(
        'name = "token-lib"\nversion = "0.1.0"\nsource = { editable = "packages/token-lib" }\n',
        'name = "token-lib"\nversion = "0.1.0"\nsource = { editable = "packages/old-lib" }\n',
      ),
    );
    const before = tree.read('py/uv.lock', 'utf-8');
    const logs = await (await actionsFor(tree, 'token-lib')).updateProjectVersion(tree, '0.2.0');
    expect(tree.read('py/uv.lock', 'utf-8')).toBe(before);
    expect(logs.filter((l) => l.includes('uv'))).toEqual([
      '⚠️  py/uv.lock was not edited and no longer matches the workspace (it has no [[package]] entry for token-lib at py/packages/token-lib): run `uv lock` in py',
    ]);
  });

  it('warns to lock once published when a rewritten requirement is locked from an index, keeping the lock as it is', async () => {
    tree.write('libs/ext-lib/pyproject.toml', '[project]\nname = "ext-lib"\nversion = "1.1.0"\n');
    tree.write('py/packages/token-app/pyproject.toml', UV_APP_PYPROJECT.replace('"click>=8"', '"click>=8", "ext-lib>=1.0"'));
    const lock = UV_LOCK.replace(
      '    { name = "click", specifier = ">=8" },\n',
      '    { name = "click", specifier = ">=8" },\n    { name = "ext-lib", specifier = ">=1.0" },\n',
    );
    tree.write('py/uv.lock', lock);
    const logs = await (await actionsFor(tree, 'token-app')).updateProjectDependencies(tree, GRAPH, { 'ext-lib': '1.1.0' });
    expect(tree.read('py/packages/token-app/pyproject.toml', 'utf-8')).toContain('"ext-lib>=1.1.0"');
    expect(tree.read('py/uv.lock', 'utf-8')).toBe(lock);
    expect(logs[logs.length - 1]).toBe(
      '⚠️  py/uv.lock was not edited and no longer matches the workspace (token-app gets ext-lib from a package index there, so the lock must pin the new version and its file hashes): run `uv lock` in py once the new versions are published',
    );
  });

  it('keeps the version of a dependency the member reaches by path outside the workspace in step', async () => {
    tree.write('libs/ext-lib/pyproject.toml', '[project]\nname = "ext-lib"\nversion = "1.1.0"\n');
    tree.write(
      'py/packages/token-app/pyproject.toml',
      UV_APP_PYPROJECT.replace('"click>=8"', '"click>=8", "ext-lib"').replace(
        'token-lib = { workspace = true }',
        'token-lib = { workspace = true }\next-lib = { path = "../../../libs/ext-lib", editable = true }',
      ),
    );
    const lock = UV_LOCK.replace(
      '    { name = "click", specifier = ">=8" },\n',
      '    { name = "click", specifier = ">=8" },\n    { name = "ext-lib", editable = "../libs/ext-lib" },\n',
    ).replace(
      '[[package]]\nname = "httpx"',
      '[[package]]\nname = "ext-lib"\nversion = "1.0.0"\nsource = { editable = "../libs/ext-lib" }\n\n[[package]]\nname = "httpx"',
    );
    tree.write('py/uv.lock', lock);
    // ext-lib's own bump finds no uv.lock above it: only the dependent knows the lock that holds it.
    expect(await (await actionsFor(tree, 'ext-lib')).updateProjectVersion(tree, '1.1.0')).toEqual([
      '✍️  New version 1.1.0 written to manifest: libs/ext-lib/pyproject.toml',
    ]);
    const logs = await (await actionsFor(tree, 'token-app')).updateProjectDependencies(tree, GRAPH, { 'ext-lib': '1.1.0' });
    expect(tree.read('py/uv.lock', 'utf-8')).toBe(lock.replace('name = "ext-lib"\nversion = "1.0.0"', 'name = "ext-lib"\nversion = "1.1.0"'));
    expect(logs).toEqual(['✍️  Updated 1 version in uv lock: py/uv.lock', '   ext-lib version: 1.0.0 -> 1.1.0']);
  });

  it('updates the uv.lock of a lone uv project (its own workspace), and no other lock', async () => {
    const lone = 'version = 1\nrevision = 3\nrequires-python = ">=3.12"\n\n[[package]]\nname = "ext-lib"\nversion = "1.0.0"\nsource = { editable = "." }\n';
    tree.write('libs/ext-lib/pyproject.toml', '[project]\nname = "ext-lib"\nversion = "1.0.0"\n');
    tree.write('libs/ext-lib/uv.lock', lone);
    const logs = await (await actionsFor(tree, 'ext-lib')).updateProjectVersion(tree, '1.1.0');
    expect(tree.read('libs/ext-lib/uv.lock', 'utf-8')).toBe(lone.replace('"1.0.0"', '"1.1.0"'));
    expect(logs.slice(1)).toEqual(['✍️  Updated 1 version in uv lock: libs/ext-lib/uv.lock', '   ext-lib version: 1.0.0 -> 1.1.0']);
    expect(tree.read('py/uv.lock', 'utf-8')).toBe(UV_LOCK);
  });
});
