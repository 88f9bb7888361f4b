import type { ProjectGraph, ProjectGraphProjectNode, Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import PythonVersionActions from './version-actions';

type Ctor = ConstructorParameters<typeof PythonVersionActions>;

function node(name: string, root: string, normalizedName = name): ProjectGraphProjectNode {
  return { name, type: 'lib', data: { root, metadata: { pypi: { name, normalizedName, requires: [] } } } } as ProjectGraphProjectNode;
}

const GRAPH = {
  nodes: { 'token-lib': node('token-lib', 'libs/token-lib'), 'token-cli': node('token-cli', 'apps/token-cli') },
  dependencies: {},
} as unknown as ProjectGraph;

async function actionsFor(tree: Tree, projectName: string, config: Partial<Ctor[2]> = {}): Promise<PythonVersionActions> {
  const finalConfig = {
    manifestRootsToUpdate: [],
    preserveLocalDependencyProtocols: true,
    adjustSemverBumpsForZeroMajorVersion: true,
    ...config,
  } as unknown as Ctor[2];
  const actions = new PythonVersionActions({ name: '__default__' } as Ctor[0], GRAPH.nodes[projectName], finalConfig);
  await actions.init(tree);
  return actions;
}

const LIB = '[project]\nname = "token-lib"\nversion = "0.1.0"  # released by nx\n';
const CLI = [
  '[project]',
  'name = "token-cli"',
  "version = '0.1.0'",
  'dependencies = ["token-lib>=0.1.0", "click"]',
  '[project.optional-dependencies]',
  'pinned = ["token-lib==0.1.0"]',
  '',
].join('\n');

describe('PythonVersionActions', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
    tree.write('libs/token-lib/pyproject.toml', LIB);
    tree.write('libs/token-lib/token_lib/__init__.py', '"""Tokens."""\n__version__ = "0.1.0"\n');
    tree.write('apps/token-cli/pyproject.toml', CLI);
    tree.write('apps/token-cli/src/token_cli/__init__.py', "__version__ = '0.1.0'\n");
  });

  it('uses pyproject.toml as the manifest and keeps it out of Prettier', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    expect(actions.validManifestFilenames).toEqual(['pyproject.toml']);
    expect(actions.excludeManifestsFromFormatting).toBe(true);
    expect(actions.manifestsToUpdate.map((m) => m.manifestPath)).toEqual(['libs/token-lib/pyproject.toml']);
  });

  it('reads the current version from pyproject.toml', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    await expect(actions.readCurrentVersionFromSourceManifest(tree)).resolves.toEqual({
      currentVersion: '0.1.0',
      manifestPath: 'libs/token-lib/pyproject.toml',
    });
  });

  it('fails clearly on a dynamic version that no file holds', async () => {
    tree.write('libs/token-lib/pyproject.toml', '[project]\nname = "token-lib"\ndynamic = ["version"]\n');
    const actions = await actionsFor(tree, 'token-lib');
    await expect(actions.readCurrentVersionFromSourceManifest(tree)).rejects.toThrow(
      'libs/token-lib/pyproject.toml [project.dynamic] the version of "token-lib" is dynamic and computed at build time ([project].dynamic lists version but [tool.setuptools.dynamic] gives no version',
    );
  });

  it('writes the new version to pyproject.toml and __version__, touching nothing else', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    const logs = await actions.updateProjectVersion(tree, '0.2.0');
    expect(tree.read('libs/token-lib/pyproject.toml', 'utf-8')).toBe(LIB.replace('"0.1.0"', '"0.2.0"'));
    expect(tree.read('libs/token-lib/token_lib/__init__.py', 'utf-8')).toBe('"""Tokens."""\n__version__ = "0.2.0"\n');
    expect(logs).toEqual([
      '✍️  New version 0.2.0 written to manifest: libs/token-lib/pyproject.toml',
      '✍️  New version 0.2.0 written to __version__ in libs/token-lib/token_lib/__init__.py',
    ]);
  });

  it('finds __version__ in the src layout too', async () => {
    const actions = await actionsFor(tree, 'token-cli');
    await actions.updateProjectVersion(tree, '1.0.0rc1');
    expect(tree.read('apps/token-cli/src/token_cli/__init__.py', 'utf-8')).toBe("__version__ = '1.0.0rc1'\n");
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toContain("version = '1.0.0rc1'");
  });

  it('returns the requirement text as the current version of a dependency', async () => {
    const actions = await actionsFor(tree, 'token-cli');
    await expect(actions.readCurrentVersionOfDependency(tree, GRAPH, 'token-lib')).resolves.toEqual({
      currentVersion: 'token-lib>=0.1.0',
      dependencyCollection: 'dependencies',
    });
    const lib = await actionsFor(tree, 'token-lib');
    await expect(lib.readCurrentVersionOfDependency(tree, GRAPH, 'token-cli')).resolves.toEqual({ currentVersion: null, dependencyCollection: null });
  });

  it("moves dependents' requirements to the new version with preserveMatchingDependencyRanges: false", async () => {
    const actions = await actionsFor(tree, 'token-cli', { preserveMatchingDependencyRanges: false });
    const logs = await actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.2.0' });
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toBe(
      CLI.replace('token-lib>=0.1.0', 'token-lib>=0.2.0').replace('token-lib==0.1.0', 'token-lib==0.2.0'),
    );
    expect(logs).toEqual([
      '✍️  Updated 2 dependencies in manifest: apps/token-cli/pyproject.toml',
      '   dependencies: token-lib>=0.1.0 -> token-lib>=0.2.0',
      '   optional-dependencies.pinned: token-lib==0.1.0 -> token-lib==0.2.0',
    ]);
  });

  it("keeps requirements that admit the new version under Nx's default preserveMatchingDependencyRanges", async () => {
    const actions = await actionsFor(tree, 'token-cli');
    await actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.2.0' });
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toBe(CLI.replace('token-lib==0.1.0', 'token-lib==0.2.0'));
    const onlyExtras = await actionsFor(tree, 'token-cli', { preserveMatchingDependencyRanges: ['optionalDependencies'] });
    await onlyExtras.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.3.0' });
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toContain('"token-lib>=0.3.0"');
  });

  it('drops a semver prefix and ignores values that are not versions', async () => {
    const actions = await actionsFor(tree, 'token-cli', { preserveMatchingDependencyRanges: false });
    await expect(actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': 'token-lib>=0.1.0' })).resolves.toEqual([]);
    await actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '^0.4.0' });
    expect(tree.read('apps/token-cli/pyproject.toml', 'utf-8')).toContain('"token-lib>=0.4.0"');
  });

  it('fails with the file and key when a requirement excludes the release', async () => {
    tree.write('apps/token-cli/pyproject.toml', '[project]\nname = "token-cli"\nversion = "0.1.0"\ndependencies = ["token-lib<0.2"]\n');
    const actions = await actionsFor(tree, 'token-cli', { preserveMatchingDependencyRanges: false });
    await expect(actions.updateProjectDependencies(tree, GRAPH, { 'token-lib': '0.2.0' })).rejects.toThrow(
      'apps/token-cli/pyproject.toml:4:17 [project.dependencies[0]] "token-lib<0.2" excludes token-lib 0.2.0',
    );
  });

  it('calculates PEP 440 versions with Nx-style log text', async () => {
    const actions = await actionsFor(tree, 'token-lib');
    await expect(actions.calculateNewVersion('0.1.0', 'minor', 'CONVENTIONAL_COMMITS', {}, '')).resolves.toEqual({
      newVersion: '0.1.1',
      logText: '❓ Applied PEP 440 bump "patch" (from "minor"), derived from conventional commits data, to get new version 0.1.1',
    });
    await expect(actions.calculateNewVersion('1.2.0a1', 'patch', 'CONVENTIONAL_COMMITS', {}, '')).resolves.toMatchObject({ newVersion: '1.2.0a2' });
    await expect(actions.calculateNewVersion('0.1.0', '2.0.0-rc.1', 'USER_SPECIFIER', {}, '')).resolves.toMatchObject({ newVersion: '2.0.0rc1' });
    await expect(actions.calculateNewVersion('0.1.0', 'prerelease', 'VERSION_PLANS', { versionPlanPath: 'p.md' }, 'beta')).resolves.toEqual({
      newVersion: '0.1.1b1',
      logText: '❓ Applied PEP 440 bump "prerelease", read from version plan p.md, to get new version 0.1.1b1',
    });
    await expect(actions.calculateNewVersion('0.1.0', 'banana', 'USER_SPECIFIER', {}, '')).rejects.toThrow(
      '"banana" is neither a PEP 440 version nor a bump keyword',
    );
  });

  it('makes a dependent of a pre-release a pre-release of the same kind, not a stable release', async () => {
    const lib = await actionsFor(tree, 'token-lib');
    const cli = await actionsFor(tree, 'token-cli');
    await expect(lib.calculateNewVersion('0.1.0', '0.1.3.dev0', 'USER_SPECIFIER', {}, '')).resolves.toMatchObject({ newVersion: '0.1.3.dev0' });
    await expect(cli.calculateNewVersion('0.1.0', 'patch', 'DEPENDENCY_WAS_BUMPED', {}, '')).resolves.toEqual({
      newVersion: '0.1.1.dev0',
      logText:
        '❓ Applied PEP 440 bump "patch" as a "dev" pre-release, since a dependency is one, because a dependency was bumped, to get new version 0.1.1.dev0',
    });
  });

  it('keeps a dependent of a final release final', async () => {
    const lib = await actionsFor(tree, 'token-lib');
    const cli = await actionsFor(tree, 'token-cli');
    await lib.calculateNewVersion('0.1.0', 'minor', 'USER_SPECIFIER', {}, '');
    await expect(cli.calculateNewVersion('0.1.0', 'patch', 'DEPENDENCY_WAS_BUMPED', {}, '')).resolves.toMatchObject({ newVersion: '0.1.1' });
  });

  describe('a dynamic version kept as text', () => {
    const DYN =
      '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "token-lib"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { attr = "token_lib.__version__" }\n';

    it('reads the version where setuptools reads it and writes the new one there, leaving pyproject.toml alone', async () => {
      tree.write('libs/token-lib/pyproject.toml', DYN);
      tree.write('libs/token-lib/src/token_lib/__init__.py', '"""Tokens."""\n__version__ = "0.3.0"  # release\n');
      tree.delete('libs/token-lib/token_lib/__init__.py');
      const actions = await actionsFor(tree, 'token-lib');
      await expect(actions.readCurrentVersionFromSourceManifest(tree)).resolves.toEqual({
        currentVersion: '0.3.0',
        manifestPath: 'libs/token-lib/src/token_lib/__init__.py',
      });
      await expect(actions.updateProjectVersion(tree, '0.4.0')).resolves.toEqual([
        "✍️  New version 0.4.0 written to libs/token-lib/src/token_lib/__init__.py (the project's dynamic version)",
      ]);
      expect(tree.read('libs/token-lib/src/token_lib/__init__.py', 'utf8')).toBe('"""Tokens."""\n__version__ = "0.4.0"  # release\n');
      expect(tree.read('libs/token-lib/pyproject.toml', 'utf8')).toBe(DYN);
    });

    it('refuses to half-edit a version split over two literals, saying how to write it', async () => {
      tree.write('libs/token-lib/pyproject.toml', DYN);
      tree.write('libs/token-lib/src/token_lib/__init__.py', '__version__ = "0.3." "0"\n');
      tree.delete('libs/token-lib/token_lib/__init__.py');
      const actions = await actionsFor(tree, 'token-lib');
      await expect(actions.updateProjectVersion(tree, '0.4.0')).rejects.toThrow(
        /cannot write 0\.4\.0 into libs\/token-lib\/src\/token_lib\/__init__\.py[\s\S]*write it as __version__ = "0\.3\.0" on one line/,
      );
      expect(tree.read('libs/token-lib/src/token_lib/__init__.py', 'utf8')).toBe('__version__ = "0.3." "0"\n');
    });

    it('refuses a version computed at build time (VCS tags), saying why and what to do', async () => {
      tree.write(
        'libs/token-lib/pyproject.toml',
        '[build-system]\nrequires = ["setuptools>=61", "setuptools_scm>=8"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "token-lib"\ndynamic = ["version"]\n',
      );
      const actions = await actionsFor(tree, 'token-lib');
      await expect(actions.readCurrentVersionFromSourceManifest(tree)).rejects.toThrow(
        /"token-lib" is dynamic and computed at build time \(\[build-system\]\.requires lists setuptools-scm.*VCS-versioned projects/s,
      );
    });
  });
});
