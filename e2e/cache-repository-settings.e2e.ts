import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { tokenLibFiles } from '../packages/nx-pypi/src/executors/build/test-support/fixtures';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * Issue 16: rotating a repository's URLs, credential variable names or CA bundle must leave every
 * Python build a cache hit. They live in nx-pypi.json, which no build hashes; nx.json, which Nx
 * hashes into every task, is the control: the same edit there costs the build its cache.
 */
const NX_JSON = { analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache' };
const REPOSITORY = {
  uploadUrl: 'https://nexus.example.com/repository/pypi-hosted/',
  indexUrl: 'https://nexus.example.com/repository/pypi-public/simple/',
  caBundle: 'tools/certs/nexus-chain.pem',
  usernameEnv: 'NEXUS_USERNAME',
  passwordEnv: 'NEXUS_PASSWORD',
};
const ROTATED = {
  ...REPOSITORY,
  uploadUrl: 'https://nexus2.example.com/repository/pypi-releases/',
  caBundle: 'tools/certs/nexus-chain-2027.pem',
  usernameEnv: 'NEXUS_DEPLOY_USERNAME',
  passwordEnv: 'NEXUS_DEPLOY_PASSWORD',
};

/** What Nx 24 prints for a task it replayed from the local cache (--output-style=static). */
function fromCache(result: RunResult, task: string): boolean {
  expect({ code: result.code, output: result.code === 0 ? '' : result.stdout + result.stderr }).toEqual({ code: 0, output: '' });
  const hit = result.stdout.includes('Nx read the output from the cache instead of running the command for 1 out of 1 tasks.');
  // The task's own header says the same; both or neither.
  expect(new RegExp(`nx run ${task}\\s+\\[local cache\\]`).test(result.stdout)).toBe(hit);
  return hit;
}

function settingsFile(repository: Record<string, unknown>): string {
  return `${JSON.stringify({ defaultRepository: 'nexus', repositories: { nexus: repository } }, null, 2)}\n`;
}

describe('repository settings and the build cache', () => {
  describe('a project in libs/', () => {
    let ws: TestWorkspace;
    const build = async () => fromCache(await ws.nx(['run', 'token-lib:build', '--output-style=static']), 'token-lib:build');

    beforeAll(async () => {
      ws = await createTestWorkspace('cache-settings');
      ws.write('nx.json', JSON.stringify({ ...NX_JSON, plugins: [{ plugin: 'nx-pypi', options: {} }] }, null, 2));
      ws.write('nx-pypi.json', settingsFile(REPOSITORY));
      for (const [path, content] of Object.entries(tokenLibFiles())) ws.write(`libs/token-lib/${path}`, content.toString());
    }, 180_000);

    afterAll(() => ws?.remove());

    it("stays a cache hit when nx-pypi.json's uploadUrl, caBundle and credential variable names change", async () => {
      expect(await build()).toBe(false);
      expect(await build()).toBe(true);
      ws.write('nx-pypi.json', settingsFile(ROTATED));
      expect(await build()).toBe(true);
      // A new repository and another default: still nothing a build depends on.
      ws.write('nx-pypi.json', `${JSON.stringify({ defaultRepository: 'mirror', repositories: { nexus: ROTATED, mirror: REPOSITORY } }, null, 2)}\n`);
      expect(await build()).toBe(true);
    }, 120_000);

    it('misses the cache for the same edit made in nx.json (settings kept there, as before nx-pypi.json)', async () => {
      rmSync(join(ws.root, 'nx-pypi.json'));
      const inNxJson = (repository: Record<string, unknown>) =>
        ws.write(
          'nx.json',
          JSON.stringify(
            { ...NX_JSON, plugins: [{ plugin: 'nx-pypi', options: { defaultRepository: 'nexus', repositories: { nexus: repository } } }] },
            null,
            2,
          ),
        );
      inNxJson(REPOSITORY);
      await build();
      expect(await build()).toBe(true);
      inNxJson(ROTATED);
      expect(await build()).toBe(false);
    }, 120_000);
  });

  describe('a project at the workspace root', () => {
    let ws: TestWorkspace;
    const build = async () => fromCache(await ws.nx(['run', 'root-app:build', '--output-style=static']), 'root-app:build');

    beforeAll(async () => {
      ws = await createTestWorkspace('cache-settings-root');
      ws.write('nx.json', JSON.stringify({ ...NX_JSON, plugins: [{ plugin: 'nx-pypi', options: {} }] }, null, 2));
      ws.write('nx-pypi.json', settingsFile(REPOSITORY));
      ws.write(
        'pyproject.toml',
        '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "root-app"\nversion = "0.1.0"\n\n[tool.setuptools]\npackages = ["root_app"]\n',
      );
      ws.write('root_app/__init__.py', '"""An application whose pyproject.toml is the workspace\'s own."""\n');
    }, 180_000);

    afterAll(() => ws?.remove());

    it('stays a cache hit when nx-pypi.json changes, though its inputs are every file of the workspace', async () => {
      expect(await build()).toBe(false);
      expect(await build()).toBe(true);
      ws.write('nx-pypi.json', settingsFile(ROTATED));
      expect(await build()).toBe(true);
      // The control: any other file at the root is an input of this project's build.
      ws.write('NOTES.md', 'an input\n');
      expect(await build()).toBe(false);
    }, 120_000);
  });
});
