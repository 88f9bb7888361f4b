import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv, createVenv } from './support/python';
import { generateCaChain, initGitRepository, storedFilenames, writeRepositorySettings } from './support/repository';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * The README's CI recipe, as CI runs it: `nx release version` (conventional commits) then
 * `nx affected -t publish --base=<last release>`. `nx release` alone is not affected-aware
 * (nrwl/nx#33276) and `nx affected -t nx-release-publish` skips versioning (nrwl/nx#30670); the
 * recipe versions first, then lets `affected` pick exactly the projects the release touched.
 */
describe('affected-only release: nx release version, then nx affected -t publish', () => {
  let registry: RunningRegistry;
  let ws: TestWorkspace;
  let home: string;
  let beforeVersion: string;
  const captured: string[] = [];

  const env = (): Record<string, string | undefined> => ({
    ...cleanPythonEnv(home),
    NEXUS_USERNAME: registry.credentials.username,
    NEXUS_PASSWORD: registry.credentials.password,
  });
  const nx = async (args: string[]): Promise<RunResult> => {
    const r = await ws.nx(args, env());
    captured.push(r.stdout, r.stderr);
    return r;
  };
  let git: (...args: string[]) => Promise<string>;
  const storedSince = (n: number) => storedFilenames(registry, n);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-release-'));
    registry = await startRegistry({ dataDir: join(home, 'registry'), strict: true });
    ws = await createTestWorkspace('release-affected');
    git = await initGitRepository(ws);
    for (const step of [
      ['g', 'nx-pypi:init', '--release', '--no-interactive'],
      ['g', 'nx-pypi:package', 'a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'b', '--dependencies=a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'c', '--dependencies=b', '--no-interactive'],
      ['g', 'nx-pypi:package', 'd', '--no-interactive'],
    ]) {
      expect(await nx(step)).toMatchObject({ code: 0 });
    }
    writeRepositorySettings(ws, registry);
    expect(await generateCaChain(ws, registry, nx)).toMatchObject({ code: 0 });
    await git('add', '-A');
    await git('commit', '-qm', 'chore: workspace');
    for (const p of ['a', 'b', 'c', 'd']) await git('tag', '-a', `${p}@0.1.0`, '-m', `${p}@0.1.0`);
    const first = await nx(['run-many', '-t', 'publish', '--output-style=static']);
    expect(first.code).toBe(0);
    expect(storedSince(0)).toHaveLength(8);
    ws.write('a/a/fix.py', 'FIXED = True\n');
    await git('add', '-A');
    await git('commit', '-qm', 'fix(a): handle the edge case');
  }, 240_000);

  afterAll(async () => {
    await registry?.close();
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('nx release --dry-run changes no file and uploads nothing', async () => {
    const before = registry.uploads().length;
    // Version, changelog and publish, all dry: publish plans the versions the version step decided.
    const dry = await nx(['release', '--dry-run', '--yes']);
    expect({ code: dry.code, out: dry.code === 0 ? '' : dry.stdout + dry.stderr }).toEqual({ code: 0, out: '' });
    expect(dry.stdout).toMatch(/\[dry run\] a would be published as 0\.1\.1/);
    expect(await git('status', '--porcelain')).toBe('');
    expect(registry.uploads()).toHaveLength(before);
  }, 120_000);

  it('versions a by its fix and its dependents, leaves d alone', async () => {
    // The README's recipe: version with a commit and tags, then publish what that commit touched.
    beforeVersion = await git('rev-parse', 'HEAD');
    const run = await nx(['release', 'version', '--git-commit', '--git-tag']);
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    expect((await git('tag', '--points-at', 'HEAD')).split('\n').sort()).toEqual(['a@0.1.1', 'b@0.1.1', 'c@0.1.1']);
    expect(ws.read('a/pyproject.toml')).toContain('version = "0.1.1"');
    expect(ws.read('b/pyproject.toml')).toContain('"a>=0.1.1"');
    expect(ws.read('c/pyproject.toml')).toContain('"b>=0.1.1"');
    expect(ws.read('d/pyproject.toml')).toContain('version = "0.1.0"');
    const changed = (await git('diff', beforeVersion, 'HEAD', '--unified=0', '--no-color', '--', '*.toml')).split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed.every((l) => /^[-+](version = |dependencies = \[|\s+"[ab]>=0\.1\.[01]",?)/.test(l))).toBe(true);
  }, 120_000);

  it('publishes exactly a, b and c, in dependency order, and not d', async () => {
    const before = registry.uploads().length;
    const run = await nx(['affected', '-t', 'publish', `--base=${beforeVersion}`, '--output-style=static']);
    expect(run.code).toBe(0);
    const stored = storedSince(before);
    expect(stored.map((f) => f.replace(/-0\.1\.1.*/, '')).filter((v, i, all) => all.indexOf(v) === i)).toEqual(['a', 'b', 'c']);
    expect(stored.every((f) => f.includes('-0.1.1'))).toBe(true);
    expect(stored).toHaveLength(6);
  }, 180_000);

  it('a second run uploads nothing, and neither does nx release publish over everything', async () => {
    const before = registry.uploads().length;
    const run = await nx(['affected', '-t', 'publish', `--base=${beforeVersion}`, '--output-style=static']);
    expect(run.code).toBe(0);
    const all = await nx(['release', 'publish']);
    expect({ code: all.code, out: all.code === 0 ? '' : all.stdout + all.stderr }).toEqual({ code: 0, out: '' });
    expect(all.stdout).toMatch(/d 0\.1\.0: 0 uploaded, 2 already published/);
    expect(registry.uploads()).toHaveLength(before);
  }, 180_000);

  it('publishes nothing when nothing changed since the release commit', async () => {
    const run = await nx(['affected', '-t', 'publish', '--base=HEAD', '--output-style=static']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/No tasks were run|Successfully ran target publish for 0 projects/);
  }, 120_000);

  it('pip installs the new c from the group and gets a 0.1.1', async () => {
    expect(await nx(['g', 'nx-pypi:pip-config', '--no-interactive'])).toMatchObject({ code: 0 });
    const pipEnv = cleanPythonEnv(home, { PIP_CONFIG_FILE: join(ws.root, 'pip.conf') });
    const python = await createVenv(join(home, 'venv'), pipEnv, ws.run);
    const install = await ws.run(python, ['-m', 'pip', 'install', '--no-cache-dir', 'c'], { env: pipEnv });
    captured.push(install.stdout, install.stderr);
    expect(install.stdout).toMatch(/Successfully installed a-0\.1\.1 b-0\.1\.1 c-0\.1\.1/);
  }, 120_000);

  it('never shows the password', () => {
    expect(captured.join('\n')).not.toContain(registry.credentials.password);
  });
});
