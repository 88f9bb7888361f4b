import type { ExecutorContext, ProjectGraph } from '@nx/devkit';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NxPypiError } from '../../errors';
import { runInstall } from './executor';
import { normalizeOptions } from './lib/normalize-options';
import { collectInstallProjects } from './lib/workspace-projects';

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
    write(
      'token-cli/pyproject.toml',
      '[project]\nname = "token-cli"\nversion = "0.1.0"\ndependencies = ["token-lib>=0.2"]\n\n[project.optional-dependencies]\nfast = ["orjson"]\n\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
    );
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

  it('says what to do for a Poetry 1.x dependency instead of asking for a [project] table', async () => {
    write('token-lib/pyproject.toml', '[tool.poetry]\nname = "token-lib"\nversion = "0.2.0"\n');
    try {
      const err = await run({}).catch((e: unknown) => e);
      expect((err as NxPypiError).render()).toMatch(/token-lib\/pyproject\.toml An editable install of a Poetry 1\.x project[\s\S]*poetry install/);
    } finally {
      write('token-lib/pyproject.toml', '[project]\nname = "token-lib"\nversion = "0.2.0"\n');
    }
  });
});
