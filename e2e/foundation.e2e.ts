import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createTestWorkspace, type TestWorkspace } from './support/workspace';

/**
 * The foundation, as a user meets it: a fresh Nx workspace, the packed plugin installed from its
 * tarball, real `nx g` and real `nx show` / `nx graph`.
 */
describe('nx-pypi in a fresh Nx workspace', () => {
  let ws: TestWorkspace;

  beforeAll(async () => {
    ws = await createTestWorkspace('foundation');
    const init = await ws.nx(['g', 'nx-pypi:init', '--no-interactive']);
    expect(init).toMatchObject({ code: 0 });
    const lib = await ws.nx(['g', 'nx-pypi:package', 'token-lib', '--modules=paseto,jwt,branca,keys,utils', '--no-interactive']);
    expect(lib.stderr + lib.stdout).toContain('token-lib/pyproject.toml');
    expect(lib.code).toBe(0);
    const cli = await ws.nx(['g', 'nx-pypi:package', 'token-cli', '--dependencies=token-lib', '--no-interactive']);
    expect(cli.code).toBe(0);
  }, 180_000);

  afterAll(() => ws?.remove());

  it('lays out token-lib as the article does', () => {
    for (const file of ['pyproject.toml', 'README.md', 'token_lib/__init__.py', 'token_lib/paseto.py', 'token_lib/utils.py', 'tests/test_token_lib.py']) {
      expect(existsSync(join(ws.root, 'token-lib', file))).toBe(true);
    }
    expect(ws.read('token-lib/token_lib/__init__.py')).toContain('__version__ = "0.1.0"');
    expect(ws.read('token-cli/pyproject.toml')).toContain('"token-lib>=0.1.0"');
  });

  it('registers the plugin in nx.json', () => {
    expect(JSON.parse(ws.read('nx.json')).plugins).toContainEqual({ plugin: 'nx-pypi', options: {} });
  });

  it('infers both packages as projects with the build target', async () => {
    const projects = await ws.nx(['show', 'projects', '--json']);
    expect(projects.code).toBe(0);
    expect(JSON.parse(projects.stdout).sort()).toEqual(['token-cli', 'token-lib']);
    const lib = await ws.nx(['show', 'project', 'token-lib', '--json']);
    const config = JSON.parse(lib.stdout);
    expect(config.root).toBe('token-lib');
    expect(config.targets.build).toMatchObject({
      executor: 'nx-pypi:build',
      cache: true,
      options: { outputPath: 'token-lib/dist' },
      outputs: ['{options.outputPath}'],
    });
  }, 60_000);

  it('draws the edge token-cli -> token-lib in the real project graph', async () => {
    const graph = await ws.nx(['graph', '--file=graph.json']);
    expect(graph.code).toBe(0);
    const deps = JSON.parse(ws.read('graph.json')).graph.dependencies;
    expect(deps['token-cli']).toEqual([{ source: 'token-cli', target: 'token-lib', type: 'static' }]);
    expect(deps['token-lib']).toEqual([]);
  }, 60_000);

  it('writes nothing on --dry-run', async () => {
    const dry = await ws.nx(['g', 'nx-pypi:package', 'dry-pkg', '--dry-run', '--no-interactive']);
    expect(dry.code).toBe(0);
    expect(existsSync(join(ws.root, 'dry-pkg'))).toBe(false);
  }, 60_000);

  it('refuses to generate over an existing project, naming the clash', async () => {
    const again = await ws.nx(['g', 'nx-pypi:package', 'Token_Lib', '--directory=libs/other', '--no-interactive']);
    expect(again.code).not.toBe(0);
    expect(again.stdout + again.stderr).toContain('already exists in token-lib/pyproject.toml');
  }, 60_000);

  it('fails `nx show projects` on what the graph needs (a bad requirement), naming the file, line and field', async () => {
    ws.write('broken/pyproject.toml', '[project]\nname = "broken"\ndependencies = ["token-lib>>1"]\n');
    try {
      const shown = await ws.nx(['show', 'projects', '--json']);
      expect(shown.code).not.toBe(0);
      expect(shown.stdout + shown.stderr).toMatch(/broken\/pyproject\.toml:3:\d+ \[project\.dependencies\[0\]\]/);
    } finally {
      ws.write('broken/pyproject.toml', '[tool.ruff]\nline-length = 100\n');
    }
  }, 60_000);

  it('keeps the graph for a build-only problem and a fixture, and lets the build name the problem', async () => {
    ws.write('odd/pyproject.toml', '[project]\nname = "odd"\nversion = "1.0-foo"\n');
    ws.write('token-lib/tests/fixtures/pkg/pyproject.toml', '[project]\ndescription = "a fixture"\n');
    try {
      const shown = await ws.nx(['show', 'projects', '--json']);
      expect(shown.code).toBe(0);
      expect(JSON.parse(shown.stdout.slice(shown.stdout.indexOf('[')))).toEqual(expect.arrayContaining(['odd', 'token-lib']));
      expect(shown.stdout + shown.stderr).toContain(
        'nx-pypi: token-lib/tests/fixtures/pkg/pyproject.toml is not a project ([project] has no name) and lies inside project token-lib (token-lib/); skipped.',
      );
      const built = await ws.nx(['run', 'odd:build', '--output-style=static']);
      expect(built.code).not.toBe(0);
      expect(built.stdout + built.stderr).toMatch(/odd\/pyproject\.toml:3:\d+ \[project\.version\]/);
    } finally {
      ws.write('odd/pyproject.toml', '[tool.ruff]\nline-length = 100\n');
      ws.write('token-lib/tests/fixtures/pkg/pyproject.toml', '[tool.ruff]\nline-length = 100\n');
    }
  }, 90_000);
});
