import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tokenLibFiles } from '../packages/nx-pypi/src/executors/build/test-support/fixtures';
import { listZipEntries } from '../packages/nx-pypi/src/io/artifact/read-zip-entry';
import { createTestWorkspace, type TestWorkspace } from './support/workspace';

/**
 * The build executor as users run it: `nx run token-lib:build` in a fresh workspace with the packed
 * plugin, then again from the cache, then after a version bump.
 */
describe('nx run <project>:build', () => {
  let ws: TestWorkspace;
  const dist = () => readdirSync(join(ws.root, 'libs/token-lib/dist')).sort();
  const sha = (file: string) =>
    createHash('sha256')
      .update(readFileSync(join(ws.root, 'libs/token-lib/dist', file)))
      .digest('hex');

  beforeAll(async () => {
    ws = await createTestWorkspace('build');
    ws.write('nx.json', JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache', plugins: ['nx-pypi'] }, null, 2));
    for (const [path, content] of Object.entries(tokenLibFiles())) ws.write(`libs/token-lib/${path}`, content.toString());
  }, 180_000);

  afterAll(() => ws?.remove());

  it('builds both artifacts natively and prints one line each', async () => {
    const result = await ws.nx(['run', 'token-lib:build', '--output-style=static']);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout).toMatch(/libs\/token-lib\/dist\/token_lib-0\.1\.0\.tar\.gz \((\d+ B|\d\.\d kB)\)/);
    expect(result.stdout).toMatch(/libs\/token-lib\/dist\/token_lib-0\.1\.0-py3-none-any\.whl \(\d\.\d kB\)/);
    expect(dist()).toEqual(['token_lib-0.1.0-py3-none-any.whl', 'token_lib-0.1.0.tar.gz']);
  }, 60_000);

  it('restores the same bytes from the cache, and rebuilds the same bytes without it', async () => {
    const before = sha('token_lib-0.1.0-py3-none-any.whl');
    const cached = await ws.nx(['run', 'token-lib:build', '--output-style=static']);
    expect(cached.code).toBe(0);
    expect(cached.stdout).toContain('Nx read the output from the cache instead of running the command for 1 out of 1 tasks.');
    const fresh = await ws.nx(['run', 'token-lib:build', '--skip-nx-cache', '--output-style=static']);
    expect(fresh.code).toBe(0);
    expect(sha('token_lib-0.1.0-py3-none-any.whl')).toBe(before);
  }, 60_000);

  it('misses the cache when a source, the README or pyproject.toml changes, and not for another project or dist/', async () => {
    ws.write('libs/other/pyproject.toml', '[project]\nname = "other"\nversion = "0.1.0"\n');
    ws.write('libs/other/other/__init__.py', '');
    const hit = async () => (await ws.nx(['run', 'token-lib:build', '--output-style=static'])).stdout.includes('from the cache');
    expect(await hit()).toBe(true);
    ws.write('libs/other/other/__init__.py', 'CHANGED = 1\n');
    ws.write('libs/token-lib/dist/notes.txt', 'not an input\n');
    expect(await hit()).toBe(true);
    // A cache restore makes dist/ exactly the cached output, so the stray file may be gone already.
    rmSync(join(ws.root, 'libs/token-lib/dist/notes.txt'), { force: true });
    for (const file of ['src/token_lib/__init__.py', 'README.md', 'pyproject.toml']) {
      ws.write(`libs/token-lib/${file}`, `${ws.read(`libs/token-lib/${file}`)}\n# changed\n`);
      expect(await hit()).toBe(false);
      expect(await hit()).toBe(true);
    }
  }, 120_000);

  it('misses the cache of a hatchling project when a .gitignore above it changes what hatchling packs', async () => {
    ws.write(
      'libs/hatch-lib/pyproject.toml',
      '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "hatch-lib"\nversion = "0.1.0"\n',
    );
    ws.write('libs/hatch-lib/hatch_lib/__init__.py', '');
    ws.write('libs/hatch-lib/hatch_lib/trace.log', 'local noise\n');
    const build = async () => (await ws.nx(['run', 'hatch-lib:build', '--output-style=static'])).stdout;
    const wheelFiles = async () => (await listZipEntries(join(ws.root, 'libs/hatch-lib/dist/hatch_lib-0.1.0-py3-none-any.whl'))).map((e) => e.name);
    expect(await build()).not.toContain('from the cache');
    expect(await wheelFiles()).toContain('hatch_lib/trace.log');
    const tokenLibHit = async () => (await ws.nx(['run', 'token-lib:build', '--output-style=static'])).stdout.includes('from the cache');
    await tokenLibHit();

    // hatchling honours the nearest .gitignore, here one in a folder above the project. Nx leaves
    // ignored files out of a project's inputs, so the hash changes with hatchling's selection.
    ws.write('libs/.gitignore', '*.log\n');
    expect(await build()).not.toContain('from the cache');
    expect(await wheelFiles()).not.toContain('hatch_lib/trace.log');
    expect(await build()).toContain('from the cache');
    // setuptools never reads it: the other project stays cached.
    expect(await tokenLibHit()).toBe(true);
  }, 120_000);

  it("replaces the previous version's artifacts after a version bump", async () => {
    ws.write('libs/token-lib/pyproject.toml', ws.read('libs/token-lib/pyproject.toml').replace('version = "0.1.0"', 'version = "0.2.0rc1"'));
    const result = await ws.nx(['run', 'token-lib:build', '--output-style=static']);
    expect(result.code).toBe(0);
    expect(dist()).toEqual(['token_lib-0.2.0rc1-py3-none-any.whl', 'token_lib-0.2.0rc1.tar.gz']);
  }, 60_000);

  it('fails with the rendered error and no stack on bad input', async () => {
    const text = ws.read('libs/token-lib/pyproject.toml').replace('readme = "README.md"', 'readme = "MISSING.md"');
    ws.write('libs/token-lib/pyproject.toml', text);
    const line = text.split('\n').findIndex((l) => l.startsWith('readme = ')) + 1;
    const result = await ws.nx(['run', 'token-lib:build', '--output-style=static']);
    expect(result.code).not.toBe(0);
    const output = result.stdout + result.stderr;
    expect(output).toContain(`libs/token-lib/pyproject.toml:${line}:10 [project.readme] README file MISSING.md does not exist.`);
    expect(output).not.toMatch(/\n\s+at .*\.js:\d+/);
  }, 60_000);
});
