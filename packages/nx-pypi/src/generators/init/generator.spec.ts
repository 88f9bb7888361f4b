import { readNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parseRepositorySettingsFile } from '../../core/config/repository-settings-file';
import { initGenerator, REPOSITORY_SKELETON_PATH } from './generator';

describe('init generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  it('registers the plugin in nx.json', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toContainEqual({ plugin: 'nx-pypi', options: {} });
  });

  it('is idempotent: a second run adds no second plugin entry and no duplicate ignore lines', async () => {
    await initGenerator(tree, { skipFormat: true });
    await initGenerator(tree, { skipFormat: true });
    const entries = (readNxJson(tree)?.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p.plugin) === 'nx-pypi');
    expect(entries).toHaveLength(1);
    const gitignore = tree.read('.gitignore', 'utf-8') ?? '';
    expect(gitignore.match(/^__pycache__\/$/gm)).toHaveLength(1);
  });

  it('keeps an existing string registration and its neighbours', async () => {
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = ['some-other-plugin', 'nx-pypi'];
    tree.write('nx.json', JSON.stringify(nxJson));
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.plugins).toEqual(['some-other-plugin', 'nx-pypi']);
  });

  it('adds the Python build output folders to .gitignore, keeping what was there', async () => {
    tree.write('.gitignore', 'node_modules\n.venv/');
    await initGenerator(tree, { skipFormat: true });
    const lines = (tree.read('.gitignore', 'utf-8') ?? '').split('\n');
    expect(lines).toEqual(expect.arrayContaining(['node_modules', '.venv/', 'dist/', '__pycache__/', '*.egg-info/']));
    expect(lines.filter((l) => l === '.venv/')).toHaveLength(1);
  });

  it("ignores Nx's workspace data, setuptools' build/ folder and the machine-specific pip.conf", async () => {
    await initGenerator(tree, { skipFormat: true });
    const lines = (tree.read('.gitignore', 'utf-8') ?? '').split('\n');
    expect(lines).toEqual(expect.arrayContaining(['.nx/', 'build/', 'pip.conf']));
  });

  it('counts an entry written without its trailing slash or with a leading one as present', async () => {
    tree.write('.gitignore', '.nx\n/build\n/pip.conf\n');
    await initGenerator(tree, { skipFormat: true });
    const lines = (tree.read('.gitignore', 'utf-8') ?? '').split('\n');
    expect(lines.filter((l) => /^\/?\.nx\/?$/.test(l))).toEqual(['.nx']);
    expect(lines.filter((l) => /^\/?build\/?$/.test(l))).toEqual(['/build']);
    expect(lines.filter((l) => /^\/?pip\.conf$/.test(l))).toEqual(['/pip.conf']);
  });

  it('writes a commented repository skeleton that names env variables and holds no secret', async () => {
    await initGenerator(tree, { skipFormat: true });
    const skeleton = tree.read(REPOSITORY_SKELETON_PATH, 'utf-8') ?? '';
    expect(skeleton).toContain('"passwordEnv": "NEXUS_PASSWORD"');
    expect(skeleton).not.toMatch(/"password"\s*:/);
    expect(skeleton).toMatch(/^\/\/ /m);
  });

  it('writes the skeleton as an nx-pypi.json example, and no repository settings anywhere Nx hashes them', async () => {
    await initGenerator(tree, { skipFormat: true });
    const skeleton = tree.read(REPOSITORY_SKELETON_PATH, 'utf-8') ?? '';
    const withoutComments = skeleton
      .split('\n')
      .filter((line) => !/^\s*\/\//.test(line))
      .join('\n');
    expect(parseRepositorySettingsFile(withoutComments)).toMatchObject({
      defaultRepository: 'nexus',
      repositories: { nexus: { usernameEnv: 'NEXUS_USERNAME' } },
    });
    expect(skeleton).toContain('nx-pypi.json');
    expect(readNxJson(tree)?.plugins).toContainEqual({ plugin: 'nx-pypi', options: {} });
    expect(tree.exists('nx-pypi.json')).toBe(false);
  });

  it('writes the Python release section on --release, and leaves an existing one alone', async () => {
    await initGenerator(tree, { skipFormat: true, release: true });
    expect(readNxJson(tree)?.release).toMatchObject({
      projects: ['tag:lang:python'],
      releaseTag: { pattern: '{projectName}@{version}', requireSemver: false },
      version: { versionActions: 'nx-pypi/release/version-actions', conventionalCommits: true },
    });
    const custom = readNxJson(tree)!;
    custom.release = { projects: ['mine'] };
    tree.write('nx.json', JSON.stringify(custom));
    await initGenerator(tree, { skipFormat: true, release: true });
    expect(readNxJson(tree)?.release).toEqual({ projects: ['mine'] });
  });

  it('writes no release section without --release', async () => {
    await initGenerator(tree, { skipFormat: true });
    expect(readNxJson(tree)?.release).toBeUndefined();
  });
});
