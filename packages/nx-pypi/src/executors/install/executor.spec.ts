import type { ExecutorContext, ProjectGraph } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NxPypiError } from '../../errors';
import { readZipEntry } from '../../io/artifact/read-zip-entry';
import { runInstall } from './executor';
import { normalizeOptions } from './lib/normalize-options';
import { collectInstallProjects, workspaceDistributions } from './lib/workspace-projects';
import { writeEditableWheel } from './lib/write-editable-wheel';

type Node = { root: string; pypi?: string; deps?: string[] };

function graphOf(nodes: Record<string, Node>): ProjectGraph {
  return {
    nodes: Object.fromEntries(
      Object.entries(nodes).map(([name, n]) => [
        name,
        { name, type: 'lib', data: { root: n.root, metadata: n.pypi ? { pypi: { name: n.pypi, normalizedName: n.pypi, requires: [] } } : {} } },
      ]),
    ),
    dependencies: Object.fromEntries(
      Object.entries(nodes).map(([name, n]) => [name, (n.deps ?? []).map((target) => ({ source: name, target, type: 'static' }))]),
    ),
  } as unknown as ProjectGraph;
}

describe('collectInstallProjects', () => {
  const graph = graphOf({
    cli: { root: 'apps/cli', pypi: 'token-cli', deps: ['lib', 'web'] },
    lib: { root: 'libs/lib', pypi: 'token-lib', deps: ['core'] },
    core: { root: 'libs/core', pypi: 'token-core', deps: ['lib'] },
    web: { root: 'apps/web', deps: ['hidden'] },
    hidden: { root: 'libs/hidden', pypi: 'hidden' },
  });

  it('lists the project first, then its Python dependencies transitively, each once', () => {
    expect(collectInstallProjects(graph, 'cli', true)).toEqual([
      { name: 'cli', root: 'apps/cli', distribution: 'token-cli' },
      { name: 'lib', root: 'libs/lib', distribution: 'token-lib' },
      { name: 'core', root: 'libs/core', distribution: 'token-core' },
    ]);
  });

  it('lists only the project without withDependencies', () => {
    expect(collectInstallProjects(graph, 'cli', false).map((p) => p.name)).toEqual(['cli']);
  });

  it('refuses a project that is not a Python project', () => {
    expect(() => collectInstallProjects(graph, 'web', true)).toThrow(/"web" is not a Python project/);
  });
});

const PEP621_CLI =
  '[project]\nname = "token-cli"\nversion = "0.1.0"\ndependencies = ["token-lib>=0.2"]\n\n[project.optional-dependencies]\nfast = ["orjson"]\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
const POETRY_LIB = '[tool.poetry]\nname = "token-lib"\nversion = "0.2.0"\npackages = [{ include = "token_lib", from = "src" }]\n';
const POETRY_CLI = `[tool.poetry]
name = "token-cli"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.8"
token-lib = { path = "../token-lib", develop = true }
orjson = { version = "^3.9", optional = true }

[tool.poetry.extras]
fast = ["orjson"]

[tool.poetry.scripts]
token = "token_cli:main"
`;

describe('runInstall with NX_DRY_RUN', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const graph = graphOf({ 'token-cli': { root: 'token-cli', pypi: 'token-cli', deps: ['token-lib'] }, 'token-lib': { root: 'token-lib', pypi: 'token-lib' } });
  const context = (): ExecutorContext =>
    ({
      root,
      cwd: root,
      isVerbose: false,
      projectName: 'token-cli',
      projectGraph: graph,
      projectsConfigurations: { version: 2, projects: { 'token-cli': { root: 'token-cli' }, 'token-lib': { root: 'token-lib' } } },
      nxJsonConfiguration: {},
    }) as unknown as ExecutorContext;
  const run = async (options: Parameters<typeof normalizeOptions>[0]) => {
    const lines: string[] = [];
    await runInstall(normalizeOptions(options, context(), { NX_DRY_RUN: 'true' }), context(), {}, (l) => lines.push(l));
    return lines;
  };

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-install-spec-'));
    write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\nversion = "0.2.0"\n');
    write('token-lib/token_lib/__init__.py', '');
    write('token-cli/pyproject.toml', PEP621_CLI);
    write('token-cli/src/token_cli/__init__.py', '');
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('reports each project with its source folder (src layout and flat) and the extras, and creates no venv', async () => {
    const lines = await run({ extras: ['fast'] });
    expect(lines).toEqual(
      expect.arrayContaining([
        'would install token-cli[fast] 0.1.0 editable from token-cli/src',
        'would install token-lib 0.2.0 editable from token-lib',
        'NX_DRY_RUN: nothing was installed into .venv',
      ]),
    );
    expect(lines[0]).toMatch(/^nx-pypi: .*(CA|trust)/);
    expect(existsSync(join(root, '.venv'))).toBe(false);
  });

  it('refuses an extra the project does not declare, naming the declared ones', async () => {
    const err = await run({ extras: ['fats'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NxPypiError);
    expect((err as NxPypiError).code).toBe('INSTALL_UNKNOWN_EXTRA');
    expect((err as NxPypiError).render()).toMatch(/"fats" are not declared by token-cli[\s\S]*Declared extras: fast/);
  });

  it('names the pyproject.toml of a dependency that cannot be installed editable', async () => {
    write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\ndynamic = ["version"]\n');
    try {
      const err = await run({}).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(NxPypiError);
      expect((err as NxPypiError).render()).toMatch(/token-lib\/pyproject\.toml/);
    } finally {
      write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\nversion = "0.2.0"\n');
    }
  });

  it('installs a dependency whose dynamic version the backend reads from a file, with that version', async () => {
    write(
      'token-lib/pyproject.toml',
      '[project]\nname = "token-lib"\ndynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { attr = "token_lib.__version__" }\n',
    );
    write('token-lib/token_lib/__init__.py', '__version__ = "0.3.1"\n');
    try {
      expect(await run({})).toEqual(expect.arrayContaining(['would install token-lib 0.3.1 editable from token-lib']));
    } finally {
      write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\nversion = "0.2.0"\n');
      write('token-lib/token_lib/__init__.py', '');
    }
  });

  it('installs a Poetry 1.x project and its Poetry path dependency editable, from their packages folders', async () => {
    write('token-lib/pyproject.toml', POETRY_LIB);
    write('token-lib/src/token_lib/__init__.py', 'VALUE = 42\n');
    write('token-cli/pyproject.toml', POETRY_CLI);
    try {
      expect(await run({ extras: ['fast'] })).toEqual(
        expect.arrayContaining([
          'would install token-cli[fast] 0.1.0 editable from token-cli/src',
          'would install token-lib 0.2.0 editable from token-lib/src',
        ]),
      );
      const err = await run({ extras: ['fats'] }).catch((e: unknown) => e);
      expect((err as NxPypiError).render()).toMatch(/token-cli\/pyproject\.toml \[tool\.poetry\.extras\][\s\S]*Declared extras: fast/);
    } finally {
      write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\nversion = "0.2.0"\n');
      rmSync(join(root, 'token-lib/src'), { recursive: true, force: true });
      write('token-cli/pyproject.toml', PEP621_CLI);
    }
  });

  it('installs a Poetry 2 project ([project] built by poetry-core) editable from its [tool.poetry] packages folder, with its version from either table', async () => {
    const poetry2 = (dynamic: string) =>
      `[project]\nname = "token-lib"\nversion = "0.2.0"\n${dynamic}\n[tool.poetry]\npackages = [{ include = "token_lib", from = "src" }]\n\n[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n`;
    write('token-lib/pyproject.toml', poetry2('dependencies = ["idna>=3"]'));
    write('token-lib/src/token_lib/__init__.py', 'VALUE = 42\n');
    try {
      expect(await run({})).toEqual(expect.arrayContaining(['would install token-lib 0.2.0 editable from token-lib/src']));
      // The version [project] leaves to [tool.poetry], as poetry-core builds it.
      write(
        'token-lib/pyproject.toml',
        poetry2('dependencies = ["idna>=3"]')
          .replace('version = "0.2.0"', 'dynamic = ["version"]')
          .replace('[tool.poetry]\n', '[tool.poetry]\nversion = "0.3.0"\n'),
      );
      expect(await run({})).toEqual(expect.arrayContaining(['would install token-lib 0.3.0 editable from token-lib/src']));
      write('token-lib/pyproject.toml', poetry2('dynamic = ["dependencies"]'));
      const err = await run({}).catch((e: unknown) => e);
      expect((err as NxPypiError).render()).toMatch(
        /token-lib\/pyproject\.toml:\d+:\d+ \[project\.dynamic\] An editable install of a Poetry 2 project needs its dependencies in \[project\]/,
      );
    } finally {
      write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\nversion = "0.2.0"\n');
      rmSync(join(root, 'token-lib/src'), { recursive: true, force: true });
    }
  });

  it('names the missing package of a Poetry 1.x project, located', async () => {
    write('token-lib/pyproject.toml', POETRY_LIB);
    try {
      const err = await run({}).catch((e: unknown) => e);
      expect((err as NxPypiError).render()).toMatch(
        /token-lib\/pyproject\.toml:4:\d+ \[tool\.poetry\.packages\[0\]\.include\] package src\/token_lib\/ does not exist/,
      );
    } finally {
      write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\nversion = "0.2.0"\n');
    }
  });
});

describe('the editable wheel of a Poetry 1.x project', () => {
  let root: string;
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  const member = async (wheel: string, suffix: string) =>
    (await readZipEntry(wheel, (entries) => entries.find((e) => e.name.endsWith(suffix)), 1 << 20))?.data.toString('utf8');

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-poetry-editable-'));
    write('token-lib/pyproject.toml', POETRY_LIB);
    write('token-lib/src/token_lib/__init__.py', 'VALUE = 42\n');
    write('token-cli/pyproject.toml', POETRY_CLI);
    write('token-cli/token_cli/__init__.py', 'from token_lib import VALUE\n\ndef main():\n    print(f"token {VALUE}")\n');
    mkdirSync(join(root, 'out'));
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('installs with pip into a venv: imports read the source tree, the Poetry script runs, the path dependency is required by name', async () => {
    const graph = graphOf({
      'token-cli': { root: 'token-cli', pypi: 'token-cli', deps: ['token-lib'] },
      'token-lib': { root: 'token-lib', pypi: 'token-lib' },
    });
    const names = workspaceDistributions(graph);
    expect([...names].sort()).toEqual(['token-cli', 'token-lib']);
    const lib = await writeEditableWheel(root, 'token-lib', join(root, 'out'), names);
    const cli = await writeEditableWheel(root, 'token-cli', join(root, 'out'), names);
    expect(lib.sourceRoots).toEqual([join(root, 'token-lib/src')]);
    expect(await member(lib.path, '.pth')).toBe(`${join(root, 'token-lib/src')}\n`);
    const metadata = await member(cli.path, '/METADATA');
    expect(metadata).toContain(
      'Name: token-cli\nVersion: 0.1.0\nRequires-Python: >=3.8,<4.0\nRequires-Dist: token-lib\nProvides-Extra: fast\nRequires-Dist: orjson>=3.9,<4.0; extra == "fast"\n',
    );
    expect(await member(cli.path, '/entry_points.txt')).toBe('[console_scripts]\ntoken = token_cli:main\n');

    const venv = join(root, 'venv');
    execFileSync('python3', ['-m', 'venv', venv]);
    execFileSync(join(venv, 'bin/python'), ['-m', 'pip', 'install', '--no-index', '--disable-pip-version-check', '-q', lib.path, cli.path], {
      env: { ...process.env, PIP_CONFIG_FILE: '/dev/null' },
    });
    expect(execFileSync(join(venv, 'bin/token'), { encoding: 'utf8' })).toBe('token 42\n');
    // An edit is seen without reinstalling.
    write('token-lib/src/token_lib/__init__.py', 'VALUE = 43\n');
    expect(execFileSync(join(venv, 'bin/token'), { encoding: 'utf8' })).toBe('token 43\n');
  }, 120_000);
});
