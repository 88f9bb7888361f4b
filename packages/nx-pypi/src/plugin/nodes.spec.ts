import { execSync } from 'node:child_process';
import type { CreateNodesContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodes, createProjectNode, toolchainCommand } from './nodes';
import { normalizePluginOptions } from '../core/config/nx-pypi-options';

const pyproject = (name: string, deps: string[] = [], extra = '') =>
  `[project]\nname = "${name}"\nversion = "0.1.0"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n${extra}`;

describe('createProjectNode', () => {
  const options = normalizePluginOptions({});

  it('names the project by [project].name as written, rooted at its folder', () => {
    const result = createProjectNode('libs/token-lib/pyproject.toml', pyproject('Token_Lib'), options);
    const node = result.projects?.['libs/token-lib'];
    expect(node).toMatchObject({ name: 'Token_Lib', root: 'libs/token-lib', projectType: 'library' });
    expect(node?.metadata?.pypi).toEqual({ name: 'Token_Lib', normalizedName: 'token-lib', requires: [] });
  });

  it('infers a cacheable build target with dist/ as output and tool output excluded from inputs', () => {
    const node = createProjectNode('a/pyproject.toml', pyproject('a'), options).projects?.['a'];
    const build = node?.targets?.build;
    expect(build).toMatchObject({ executor: 'nx-pypi:build', cache: true, options: { outputPath: 'a/dist' }, outputs: ['{options.outputPath}'] });
    // The file list is the project's named input, declared once and named by the build.
    expect(build?.inputs).toEqual(['pypi-sources', { env: 'SOURCE_DATE_EPOCH' }, { runtime: toolchainCommand() }]);
    expect(node?.namedInputs?.['pypi-sources']).toEqual(
      expect.arrayContaining(['{projectRoot}/**/*', '!{projectRoot}/{dist,build,.venv,.pytest_cache,.mypy_cache,.ruff_cache,.nx-pypi}/**/*']),
    );
    expect(build?.metadata?.description).toBeTruthy();
  });

  it("keeps the local registry's files out of a workspace-root project's build inputs, so starting it misses no cache", () => {
    const root = createProjectNode('pyproject.toml', pyproject('a'), options).projects?.['.'];
    expect(root?.targets?.build?.inputs).toContain('pypi-sources');
    expect(root?.namedInputs?.['pypi-sources']).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^!\{projectRoot\}\/\{[^}]*\.nx-pypi[,}]/),
        expect.stringMatching(/^!\{projectRoot\}\/\{[^}]*pip\.conf[,}]/),
      ]),
    );
  });

  it("keeps nx-pypi.json out of a workspace-root project's build inputs, so editing a repository's settings misses no cache", () => {
    const root = createProjectNode('pyproject.toml', pyproject('a'), options).projects?.['.'];
    expect(root?.targets?.build?.inputs).toContain('pypi-sources');
    expect(root?.namedInputs?.['pypi-sources']).toContain('{projectRoot}/**/*');
    expect(root?.namedInputs?.['pypi-sources']).toContainEqual(expect.stringMatching(/^!\{projectRoot\}\/\{[^}]*nx-pypi\.json[,}]/));
  });

  it('uses the configured target names, and publish depends on the renamed build', () => {
    const node = createProjectNode('a/pyproject.toml', pyproject('a'), normalizePluginOptions({ buildTargetName: 'py-build', publishTargetName: 'py-publish' }))
      .projects?.['a'];
    expect(Object.keys(node?.targets ?? {})).toEqual(['py-build', 'py-publish', 'nx-release-publish', 'install', 'doctor']);
    expect(node?.targets?.['py-publish']?.dependsOn).toEqual(['py-build', { target: 'py-publish', dependencies: true, params: 'forward' }]);
  });

  it('infers publish and nx-release-publish: uncached, after build and after the dependencies publish with the same flags', () => {
    const targets = createProjectNode('a/pyproject.toml', pyproject('a'), options).projects?.['a']?.targets;
    const after = (target: string) => ['build', { target, dependencies: true, params: 'forward' }];
    expect(targets?.publish).toMatchObject({ executor: 'nx-pypi:publish', cache: false, dependsOn: after('publish') });
    expect(targets?.['nx-release-publish']).toMatchObject({ executor: 'nx-pypi:publish', cache: false, dependsOn: after('nx-release-publish') });
  });

  it('records normalized requirement names from dependencies and optional-dependencies', () => {
    const text = pyproject('b', ['Token_Lib>=0.1', 'requests[socks]; python_version>"3.8"'], '\n[project.optional-dependencies]\ncli = ["token.cli==1.0"]\n');
    const node = createProjectNode('b/pyproject.toml', text, options).projects?.['b'];
    expect(node?.metadata?.pypi.requires).toEqual(['token-lib', 'requests', 'token-cli']);
  });

  it('treats a pyproject.toml without [project] (tool settings only) as no project', () => {
    expect(createProjectNode('pyproject.toml', '[tool.ruff]\nline-length = 100\n', options)).toEqual({});
  });

  it('fails on what the graph needs (name, requirements) with the file, line:col and key in the message', () => {
    expect(() => createProjectNode('libs/x/pyproject.toml', '[project]\nname = "x"\ndependencies = ["token-lib>>1"]\n', options)).toThrow(
      /libs\/x\/pyproject\.toml:3:\d+ \[project\.dependencies\[0\]\]/,
    );
    expect(() => createProjectNode('libs/x/pyproject.toml', '[project]\nname = "-x-"\n', options)).toThrow(/libs\/x\/pyproject\.toml:2:\d+ \[project\.name\]/);
  });

  it('adds what decides a VCS version (git describe: tags, HEAD, dirty state) to the inputs of a VCS-versioned build only', () => {
    const scm =
      '[build-system]\nrequires = ["setuptools>=64", "setuptools_scm>=8"]\nbuild-backend = "setuptools.build_meta"\n[project]\nname = "scm"\ndynamic = ["version"]\n';
    const vcs = createProjectNode('libs/scm/pyproject.toml', scm, options).projects?.['libs/scm']?.targets?.build?.inputs;
    expect(vcs).toContainEqual({ runtime: 'git describe --tags --long --dirty --always 2>/dev/null || echo no-git' });
    const hatch = '[project]\nname = "h"\ndynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n';
    expect(createProjectNode('libs/h/pyproject.toml', hatch, options).projects?.['libs/h']?.targets?.build?.inputs).toContainEqual(
      expect.objectContaining({ runtime: expect.stringContaining('git describe') }),
    );
    const plain = createProjectNode('libs/p/pyproject.toml', pyproject('p'), options).projects?.['libs/p']?.targets?.build?.inputs;
    expect(plain).not.toContainEqual(expect.objectContaining({ runtime: expect.stringContaining('git describe') }));
  });

  it('hashes the .gitignore files above a hatchling project, which hatchling reads and ships in its sdist, and only there', () => {
    const hatch = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n[project]\nname = "h"\nversion = "1.0"\n';
    const inputs = createProjectNode('libs/py/h/pyproject.toml', hatch, options).projects?.['libs/py/h']?.targets?.build?.inputs;
    expect(inputs).toEqual(expect.arrayContaining(['{workspaceRoot}/libs/py/.gitignore', '{workspaceRoot}/libs/.gitignore', '{workspaceRoot}/.gitignore']));
    expect(createProjectNode('pyproject.toml', hatch, options).projects?.['.']?.targets?.build?.inputs).not.toContainEqual(
      expect.stringContaining('.gitignore'),
    );
    const plain = createProjectNode('libs/p/pyproject.toml', pyproject('p'), options).projects?.['libs/p']?.targets?.build?.inputs;
    expect(plain).not.toContainEqual(expect.stringContaining('.gitignore'));
  });

  it("hashes the referenced projects' sources into the build of a project that pins workspace versions, and only there", () => {
    const poetry = '[tool.poetry]\nname = "cli"\nversion = "1.0.0"\n[tool.poetry.dependencies]\ntoken-lib = { path = "../token-lib", develop = true }\n';
    const uv = '[project]\nname = "uv-cli"\nversion = "1.0.0"\ndependencies = ["token-lib"]\n[tool.uv.sources]\ntoken-lib = { workspace = true }\n';
    for (const [root, text] of [
      ['libs/cli', poetry],
      ['libs/uv-cli', uv],
    ]) {
      expect(createProjectNode(`${root}/pyproject.toml`, text, options).projects?.[root]?.targets?.build?.inputs).toContainEqual({
        input: 'pypi-sources',
        dependencies: true,
      });
    }
    const plain = createProjectNode('libs/p/pyproject.toml', pyproject('p'), options).projects?.['libs/p'];
    expect(plain?.targets?.build?.inputs).not.toContainEqual(expect.objectContaining({ input: 'pypi-sources' }));
    // Every project names its sources, so a dependent's reference to it resolves.
    expect(plain?.namedInputs?.['pypi-sources']).toEqual(expect.arrayContaining(['{projectRoot}/**/*', expect.stringMatching(/^!\{projectRoot\}\/\{dist,/)]));
  });

  it('leaves rules that only matter for building to the build: a bad version, a License classifier beside an SPDX license', () => {
    const text =
      '[project]\nname = "x"\nversion = "1.0-foo"\nlicense = "MIT"\nclassifiers = ["License :: OSI Approved :: MIT License"]\nreadme = "README.weird"\n';
    expect(createProjectNode('libs/x/pyproject.toml', text, options).projects?.['libs/x']?.name).toBe('x');
    expect(createProjectNode('libs/y/pyproject.toml', '[project]\nname = "y"\ndynamic = ["version"]\n', options).projects?.['libs/y']?.name).toBe('y');
  });

  it('fails on a misspelled [project] header and on an empty file, naming the file', () => {
    expect(() => createProjectNode('z/pyproject.toml', '[projet]\nname = "z"\n', options)).toThrow(
      /z\/pyproject\.toml:1:\d+ \[projet\] .*rename \[projet\] to \[project\]/s,
    );
    expect(() => createProjectNode('e/pyproject.toml', '\n', options)).toThrow(/e\/pyproject\.toml:1:1 the file is empty/);
    expect(createProjectNode('t/pyproject.toml', '[tool.ruff]\nline-length = 100\n', options)).toEqual({});
  });

  it('reports a TOML syntax error with its position', () => {
    expect(() => createProjectNode('y/pyproject.toml', '[project]\nname = "y\n', options)).toThrow(/y\/pyproject\.toml:2:\d+/);
  });
});

describe('createNodes', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-nodes-'));
    for (const [dir, text] of [
      ['libs/a', pyproject('a')],
      ['node_modules/pkg', pyproject('vendored')],
      ['libs/a/.venv/lib/site', pyproject('venv-thing')],
      ['legacy/old', pyproject('old')],
    ] as const) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'pyproject.toml'), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const context = (): CreateNodesContext => ({ workspaceRoot: root, nxJsonConfiguration: {} }) as CreateNodesContext;
  const files = ['libs/a/pyproject.toml', 'node_modules/pkg/pyproject.toml', 'libs/a/.venv/lib/site/pyproject.toml', 'legacy/old/pyproject.toml'];

  it('skips node_modules, .venv and excluded globs', async () => {
    const results = await createNodes[1](files, { exclude: ['legacy/**'] }, context());
    expect(results.map(([file]) => file)).toEqual(['libs/a/pyproject.toml']);
  });

  describe('on a workspace of real repositories', () => {
    let ws: string;
    const warnings: string[] = [];
    let warn: jest.SpyInstance;
    beforeEach(() => {
      ws = mkdtempSync(join(tmpdir(), 'nx-pypi-real-'));
      warnings.length = 0;
      warn = jest.spyOn(console, 'warn').mockImplementation((line: string) => void warnings.push(line));
    });
    afterEach(() => {
      warn.mockRestore();
      rmSync(ws, { recursive: true, force: true });
    });
    const write = (file: string, text: string) => {
      mkdirSync(join(ws, file, '..'), { recursive: true });
      writeFileSync(join(ws, file), text);
    };
    const run = (list: string[]) => createNodes[1](list, {}, { workspaceRoot: ws, nxJsonConfiguration: {} } as CreateNodesContext);
    /** The per-file errors Nx aggregates and prints, as `file: message`. */
    const failures = async (list: string[]): Promise<string> => {
      try {
        await run(list);
      } catch (error) {
        return ((error as { errors: Array<[string, Error]> }).errors ?? []).map(([file, e]) => `${file}: ${e.message}`).join('\n');
      }
      throw new Error('expected graph creation to fail');
    };

    it('skips a test fixture inside another project with one warning naming it and the exclude option', async () => {
      write('libs/a/pyproject.toml', pyproject('a'));
      write('libs/a/tests/fixtures/pkg/pyproject.toml', '[project]\ndescription = "only a description"\n');
      write('libs/a/tests/broken/pyproject.toml', '[project\nname = ');
      const results = await run(['libs/a/pyproject.toml', 'libs/a/tests/fixtures/pkg/pyproject.toml', 'libs/a/tests/broken/pyproject.toml']);
      expect(results.filter(([, r]) => r.projects).map(([file]) => file)).toEqual(['libs/a/pyproject.toml']);
      expect(warnings).toHaveLength(2);
      expect(warnings[0]).toBe(
        'nx-pypi: libs/a/tests/fixtures/pkg/pyproject.toml is not a project ([project] has no name) and lies inside project a (libs/a/); skipped. List it in the nx-pypi plugin\'s "exclude" option to silence this.',
      );
    });

    it("still fails on a broken file that is no other project's fixture, and on a dangling link", async () => {
      write('libs/b/pyproject.toml', '[project]\ndescription = "no name"\n');
      expect(await failures(['libs/b/pyproject.toml'])).toMatch(/libs\/b\/pyproject\.toml:1:1 \[project\] \[project\] has no name/);
      symlinkSync(join(ws, 'nowhere.toml'), join(ws, 'libs', 'pyproject.toml'));
      expect(await failures(['libs/pyproject.toml'])).toMatch(/libs\/pyproject\.toml .*cannot be read \(a link to a file that does not exist\)/s);
    });

    it('refuses two projects whose names normalize equal, naming both files', async () => {
      write('one/pyproject.toml', pyproject('Alpha'));
      write('two/pyproject.toml', pyproject('alpha'));
      const text = await failures(['one/pyproject.toml', 'two/pyproject.toml']);
      expect(text).toContain(
        'one/pyproject.toml [project.name] "Alpha" names the same distribution as two/pyproject.toml ("alpha" after PEP 503 normalization)',
      );
      expect(text).toContain('two/pyproject.toml [project.name] "alpha" names the same distribution as one/pyproject.toml');
    });

    it('makes a Poetry 1.x project a project named by [tool.poetry].name, with group edges, and no warning', async () => {
      write('libs/token-lib/pyproject.toml', '[tool.poetry]\nname = "token-lib"\nversion = "0.1.0"\ndescription = "Tokens"\n');
      write(
        'apps/cli/pyproject.toml',
        '[tool.poetry]\nname = "token-cli"\nversion = "0.1.0"\n\n[tool.poetry.dependencies]\npython = "^3.9"\ntoken-lib = { path = "../../libs/token-lib", develop = true }\n\n[tool.poetry.group.test.dependencies]\ntest-helpers = "^0.1.0"\n',
      );
      const results = await run(['libs/token-lib/pyproject.toml', 'apps/cli/pyproject.toml']);
      expect(warnings).toEqual([]);
      const lib = results[0][1].projects?.['libs/token-lib'];
      expect(lib).toMatchObject({
        name: 'token-lib',
        metadata: { description: 'Tokens', pypi: { name: 'token-lib', normalizedName: 'token-lib', requires: [] } },
      });
      expect(Object.keys(lib?.targets ?? {})).toEqual(['build', 'publish', 'nx-release-publish', 'install', 'doctor']);
      expect(results[1][1].projects?.['apps/cli']?.metadata?.pypi).toEqual({
        name: 'token-cli',
        normalizedName: 'token-cli',
        requires: ['token-lib', 'test-helpers'],
      });
    });

    it('fails on a Poetry project with a bad name, located at tool.poetry.name', async () => {
      write('p/pyproject.toml', '[tool.poetry]\nname = "p q"\nversion = "0.1.0"\n');
      expect(await failures(['p/pyproject.toml'])).toMatch(/p\/pyproject\.toml:2:8 \[tool\.poetry\.name\] "p q" is not a valid project name/);
    });

    it('names [tool.poetry.name] when two Poetry projects normalize equal', async () => {
      write('one/pyproject.toml', '[tool.poetry]\nname = "Alpha"\n');
      write('two/pyproject.toml', pyproject('alpha'));
      const text = await failures(['one/pyproject.toml', 'two/pyproject.toml']);
      expect(text).toContain('one/pyproject.toml [tool.poetry.name] "Alpha" names the same distribution as two/pyproject.toml');
    });
  });

  it('matches pyproject.toml files anywhere', () => {
    expect(createNodes[0]).toBe('**/pyproject.toml');
  });
});

describe('the toolchain in the build cache key', () => {
  it("prints nx-pypi's version, the zlib of the Node running the plugin and the Node version of the run", () => {
    const out = execSync(toolchainCommand(), { cwd: tmpdir(), encoding: 'utf8', shell: '/bin/sh' }).trim();
    expect(out).toBe(
      `nx-pypi ${JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')).version} zlib ${process.versions.zlib}\n${process.version}`,
    );
  });
});
