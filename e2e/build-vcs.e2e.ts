import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv } from './support/python';
import { storedFilenames } from './support/repository';
import { createTestWorkspace, type TestWorkspace } from './support/workspace';

/**
 * A project whose version comes from git tags (setuptools_scm), in a monorepo, as the README's
 * "VCS-versioned projects" section sets it up: per-project tags `<name>@<version>` that the
 * plugin parses and `git describe --match` scopes. A new tag must be a cache miss: Nx does not
 * hash tags by itself, and a cached build would publish the previous version.
 */
const PYPROJECT = `[build-system]
requires = ["setuptools>=61", "setuptools_scm>=7"]
build-backend = "setuptools.build_meta"

[project]
name = "scm-lib"
dynamic = ["version"]
description = "Versioned by git tags"

[tool.setuptools_scm]
root = "../.."
tag_regex = "^scm-lib@(?P<version>[0-9][^+]*)$"
git_describe_command = "git describe --dirty --tags --long --match scm-lib@*"
`;

describe('a VCS-versioned project (setuptools_scm) in an Nx workspace', () => {
  let ws: TestWorkspace;
  let registry: RunningRegistry;
  let home: string;
  const git = async (...args: string[]) => {
    const r = await ws.run('git', args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout;
  };
  const build = () => ws.nx(['run', 'scm-lib:build', '--output-style=static']);
  const dist = () => readdirSync(join(ws.root, 'libs/scm-lib/dist')).sort();

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-vcs-home-'));
    registry = await startRegistry({ dataDir: join(home, 'registry') });
    ws = await createTestWorkspace('vcs');
    const repository = {
      uploadUrl: registry.uploadUrl(),
      indexUrl: registry.indexUrl(),
      caBundle: 'tools/certs/chain.pem',
      usernameEnv: 'NEXUS_USERNAME',
      passwordEnv: 'NEXUS_PASSWORD',
    };
    ws.write(
      'nx.json',
      JSON.stringify(
        {
          analytics: false,
          neverConnectToCloud: true,
          cacheDirectory: '.nx/cache',
          plugins: ['nx-pypi'],
        },
        null,
        2,
      ),
    );
    ws.write('nx-pypi.json', JSON.stringify({ repositories: { local: repository } }, null, 2));
    mkdirSync(join(ws.root, 'tools/certs'), { recursive: true });
    copyFileSync(registry.certs.chain, join(ws.root, 'tools/certs/chain.pem'));
    ws.write('.gitignore', 'node_modules/\n.nx/\ndist/\n*.egg-info/\nbuild/\n');
    ws.write('libs/scm-lib/pyproject.toml', PYPROJECT);
    ws.write('libs/scm-lib/scm_lib/__init__.py', '"""Versioned by tags."""\n');
    // Debian's setuptools_scm runs in Debian's python (the fallback, not isolated: offline).
    ws.write('libs/scm-lib/project.json', JSON.stringify({ targets: { build: { options: { python: '/usr/bin/python3', isolated: false } } } }, null, 2));
    await git('init', '-q', '-b', 'main');
    await git('config', 'user.name', 'Release Bot');
    await git('config', 'user.email', 'release@example.com');
    await git('config', 'commit.gpgsign', 'false');
    await git('config', 'tag.gpgsign', 'false');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'initial');
    await git('tag', '-a', 'scm-lib@1.0.0', '-m', 'scm-lib 1.0.0');
    await git('tag', '-a', 'other@9.9.9', '-m', 'another project of the monorepo');
  }, 180_000);

  afterAll(async () => {
    await registry?.close();
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('builds the version of its own tag through the fallback, saying why', async () => {
    const run = await build();
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    expect(run.stdout).toContain('[build-system].requires lists setuptools-scm, a build plugin the native builder does not run');
    // Debian's setuptools 66 predates PEP 625 sdist names.
    expect(dist()).toEqual(['scm-lib-1.0.0.tar.gz', 'scm_lib-1.0.0-py3-none-any.whl']);
    expect((await build()).stdout).toContain('from the cache');
  }, 120_000);

  it('misses the cache after a new tag on a commit that changed no file of the project, and builds the new version', async () => {
    // No project file changes: only the tag (and HEAD) tell the versions apart.
    await git('commit', '-q', '--allow-empty', '-m', 'release');
    await git('tag', '-a', 'scm-lib@1.1.0', '-m', 'scm-lib 1.1.0');
    const run = await build();
    expect(run.code).toBe(0);
    expect(run.stdout).not.toContain('from the cache');
    expect(dist()).toEqual(['scm-lib-1.1.0.tar.gz', 'scm_lib-1.1.0-py3-none-any.whl']);
    expect((await build()).stdout).toContain('from the cache');
  }, 120_000);

  it('publishes the version the tag decided, read from what the build wrote', async () => {
    const run = await ws.nx(
      ['run', 'scm-lib:publish', '--output-style=static'],
      cleanPythonEnv(home, { NEXUS_USERNAME: registry.credentials.username, NEXUS_PASSWORD: registry.credentials.password }),
    );
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    expect(run.stdout).toContain('scm-lib 1.1.0 ->');
    expect(storedFilenames(registry).sort()).toEqual(['scm-lib-1.1.0.tar.gz', 'scm_lib-1.1.0-py3-none-any.whl']);
  }, 120_000);
});
