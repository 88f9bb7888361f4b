import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv, createVenv } from './support/python';
import { generateCaChain, initGitRepository, storedFilenames, writeRepositorySettings } from './support/repository';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * The two layouts most Python monorepos already have (issue 13), released as CI would: a Poetry 1.x
 * pair joined by a path dependency, and a uv workspace whose member takes its library from
 * `[tool.uv.sources] = { workspace = true }`. `nx release version` bumps the libraries and their
 * dependents, `nx affected -t publish` uploads them in dependency order, and pip installs each top
 * package from the group, resolving its workspace dependency by version, never by a local path.
 */
const POETRY_BUILD_SYSTEM = '[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n';
const HATCH_BUILD_SYSTEM = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';

const FILES: Record<string, string> = {
  'poetry/token-lib/pyproject.toml': `[tool.poetry]
name = "token-lib"
version = "0.1.0"
description = "Tokens"
authors = ["Ada <ada@example.com>"]

[tool.poetry.dependencies]
python = "^3.8"

${POETRY_BUILD_SYSTEM}`,
  'poetry/token-lib/token_lib/__init__.py': 'TOKEN = "t"\n',
  'poetry/token-cli/pyproject.toml': `[tool.poetry]
name = "token-cli"
version = "0.1.0"
description = "Token CLI"
authors = ["Ada <ada@example.com>"]

[tool.poetry.dependencies]
python = "^3.8"
token-lib = { path = "../token-lib", develop = true }

[tool.poetry.group.dev.dependencies]
pytest = "^8"

${POETRY_BUILD_SYSTEM}`,
  'poetry/token-cli/token_cli/__init__.py': 'from token_lib import TOKEN\n',
  // A virtual uv workspace root: no [project], so not a project of its own.
  'uv/pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n',
  'uv/packages/uv-lib/pyproject.toml': `[project]
name = "uv-lib"
version = "0.1.0"
requires-python = ">=3.8"

${HATCH_BUILD_SYSTEM}`,
  'uv/packages/uv-lib/src/uv_lib/__init__.py': 'VALUE = 1\n',
  'uv/packages/uv-cli/pyproject.toml': `[project]
name = "uv-cli"
version = "0.1.0"
requires-python = ">=3.8"
dependencies = ["uv-lib"]

[tool.uv.sources]
uv-lib = { workspace = true }

${HATCH_BUILD_SYSTEM}`,
  'uv/packages/uv-cli/src/uv_cli/__init__.py': 'from uv_lib import VALUE\n',
};

describe('Poetry and uv monorepos: nx release version, nx affected -t publish, pip install from the group', () => {
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
  const ok = (r: RunResult) => ({ code: r.code, out: r.code === 0 ? '' : r.stdout + r.stderr });

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-layouts-'));
    registry = await startRegistry({ dataDir: join(home, 'registry'), strict: true });
    ws = await createTestWorkspace('layouts');
    git = await initGitRepository(ws);
    expect(ok(await nx(['g', 'nx-pypi:init', '--release', '--no-interactive']))).toEqual({ code: 0, out: '' });
    for (const [path, text] of Object.entries(FILES)) ws.write(path, text);
    writeRepositorySettings(ws, registry);
    const nxJson = JSON.parse(ws.read('nx.json'));
    // PyPI is out of reach: Poetry projects fall back to Debian's poetry-core instead of an isolated venv.
    nxJson.targetDefaults = { 'nx-pypi:build': { options: { python: '/usr/bin/python3', isolated: false } } };
    ws.write('nx.json', JSON.stringify(nxJson, null, 2));
    expect(ok(await generateCaChain(ws, registry, nx))).toEqual({ code: 0, out: '' });
    await git('add', '-A');
    await git('commit', '-qm', 'chore: workspace');
    const first = await nx(['run-many', '-t', 'publish', '--output-style=static']);
    expect(ok(first)).toEqual({ code: 0, out: '' });
    for (const p of ['token-lib', 'token-cli', 'uv-lib', 'uv-cli']) await git('tag', '-a', `${p}@0.1.0`, '-m', `${p}@0.1.0`);
    ws.write('poetry/token-lib/token_lib/fix.py', 'FIXED = True\n');
    ws.write('uv/packages/uv-lib/src/uv_lib/fix.py', 'FIXED = True\n');
    await git('add', '-A');
    await git('commit', '-qm', 'fix: handle the edge case in both libraries');
  }, 300_000);

  afterAll(async () => {
    await registry?.close();
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('shows every project and the edges from the path dependency and the uv source', async () => {
    const graph = await nx(['graph', '--file=graph.json']);
    expect(ok(graph)).toEqual({ code: 0, out: '' });
    const { graph: g } = JSON.parse(ws.read('graph.json')) as {
      graph: { nodes: Record<string, unknown>; dependencies: Record<string, Array<{ target: string }>> };
    };
    expect(Object.keys(g.nodes).sort()).toEqual(['token-cli', 'token-lib', 'uv-cli', 'uv-lib']);
    expect(g.dependencies['token-cli'].map((d) => d.target)).toEqual(['token-lib']);
    expect(g.dependencies['uv-cli'].map((d) => d.target)).toEqual(['uv-lib']);
  }, 60_000);

  it('the first release required each library by the range of its version then, not by its folder', async () => {
    const stored = registry.uploads().filter((u) => u.outcome === 'stored');
    expect(stored.map((u) => u.filename).sort()).toEqual([
      'token_cli-0.1.0-py3-none-any.whl',
      'token_cli-0.1.0.tar.gz',
      'token_lib-0.1.0-py3-none-any.whl',
      'token_lib-0.1.0.tar.gz',
      'uv_cli-0.1.0-py3-none-any.whl',
      'uv_cli-0.1.0.tar.gz',
      'uv_lib-0.1.0-py3-none-any.whl',
      'uv_lib-0.1.0.tar.gz',
    ]);
    const requiresDist = async (wheel: string) => {
      const script =
        'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); m = [n for n in z.namelist() if n.endswith(".dist-info/METADATA")][0]; print([l for l in z.read(m).decode().splitlines() if l.startswith("Requires-Dist")])';
      return (await ws.run('python3', ['-c', script, join(ws.root, wheel)])).stdout.trim();
    };
    expect(await requiresDist('poetry/token-cli/dist/token_cli-0.1.0-py3-none-any.whl')).toBe("['Requires-Dist: token-lib (>=0.1.0,<0.2.0)']");
    expect(await requiresDist('uv/packages/uv-cli/dist/uv_cli-0.1.0-py3-none-any.whl')).toBe("['Requires-Dist: uv-lib>=0.1.0,<0.2.0']");
  });

  it('versions both libraries by their fix and their dependents after them, leaving path and source entries as written', async () => {
    beforeVersion = await git('rev-parse', 'HEAD');
    expect(ok(await nx(['release', 'version', '--git-commit', '--git-tag']))).toEqual({ code: 0, out: '' });
    expect((await git('tag', '--points-at', 'HEAD')).split('\n').sort()).toEqual(['token-cli@0.1.1', 'token-lib@0.1.1', 'uv-cli@0.1.1', 'uv-lib@0.1.1']);
    expect(ws.read('poetry/token-cli/pyproject.toml')).toBe(FILES['poetry/token-cli/pyproject.toml'].replace('version = "0.1.0"', 'version = "0.1.1"'));
    expect(ws.read('uv/packages/uv-cli/pyproject.toml')).toBe(FILES['uv/packages/uv-cli/pyproject.toml'].replace('version = "0.1.0"', 'version = "0.1.1"'));
  }, 120_000);

  it('publishes the four bumped projects, each library before its dependent', async () => {
    const before = registry.uploads().length;
    const run = await nx(['affected', '-t', 'publish', `--base=${beforeVersion}`, '--output-style=static']);
    expect(ok(run)).toEqual({ code: 0, out: '' });
    const stored = storedFilenames(registry, before);
    expect(stored).toHaveLength(8);
    expect(stored.every((f) => f.includes('-0.1.1'))).toBe(true);
    const firstOf = (prefix: string) => stored.findIndex((f) => f.startsWith(prefix));
    expect(firstOf('token_lib')).toBeLessThan(firstOf('token_cli'));
    expect(firstOf('uv_lib')).toBeLessThan(firstOf('uv_cli'));
  }, 240_000);

  it('pip installs each top package from the group, with its library by version', async () => {
    expect(ok(await nx(['g', 'nx-pypi:pip-config', '--no-interactive']))).toEqual({ code: 0, out: '' });
    const pipEnv = cleanPythonEnv(home, { PIP_CONFIG_FILE: join(ws.root, 'pip.conf') });
    const python = await createVenv(join(home, 'venv'), pipEnv, ws.run);
    const install = await ws.run(python, ['-m', 'pip', 'install', '--no-cache-dir', 'token-cli', 'uv-cli'], { env: pipEnv });
    captured.push(install.stdout, install.stderr);
    expect(install.stdout).toMatch(/Successfully installed (?=.*token-cli-0\.1\.1)(?=.*token-lib-0\.1\.1)(?=.*uv-cli-0\.1\.1)(?=.*uv-lib-0\.1\.1)/);
    const requires = await ws.run(
      python,
      ['-c', 'import importlib.metadata as m; print(m.requires("token-cli")); print(m.requires("uv-cli")); import token_cli, uv_cli'],
      { env: pipEnv },
    );
    expect(requires.stdout).toBe("['token-lib (>=0.1.1,<0.2.0)']\n['uv-lib>=0.1.1,<0.2.0']\n");
  }, 180_000);

  it('never shows the password', () => {
    expect(captured.join('\n')).not.toContain(registry.credentials.password);
  });
});
