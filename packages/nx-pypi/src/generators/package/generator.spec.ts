import type { Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { parsePyProject } from '../../core/pyproject';
import { packageGenerator } from './generator';

describe('package generator', () => {
  let tree: Tree;
  beforeEach(() => {
    tree = createTreeWithEmptyWorkspace();
  });

  const gen = (name: string, extra: Record<string, unknown> = {}) =>
    packageGenerator(tree, { name, skipFormat: true, author: 'Ada', authorEmail: 'ada@example.com', ...extra });

  it('creates the token_lib layout with one file per module', async () => {
    await gen('token-lib', { modules: 'paseto,jwt,branca,keys,utils' });
    for (const f of ['pyproject.toml', 'README.md', 'token_lib/__init__.py', 'tests/test_token_lib.py', 'token_lib/paseto.py', 'token_lib/jwt.py', 'token_lib/branca.py', 'token_lib/keys.py', 'token_lib/utils.py']) {
      expect(tree.exists(`token-lib/${f}`)).toBe(true);
    }
    const init = tree.read('token-lib/token_lib/__init__.py', 'utf-8');
    expect(init).toContain('__version__ = "0.1.0"');
    expect(init).toContain('from . import paseto, jwt, branca, keys, utils');
    expect(tree.read('token-lib/tests/test_token_lib.py', 'utf-8')).toContain('def test_jwt_module_imports');
  });

  it.each(['setuptools', 'hatchling', 'flit_core', 'pdm-backend'] as const)(
    'writes a pyproject.toml that the model accepts, for %s in flat and src layouts',
    async (buildBackend) => {
      await gen('flat-pkg', { buildBackend });
      await gen('src-pkg', { buildBackend, layout: 'src' });
      for (const dir of ['flat-pkg', 'src-pkg']) {
        const project = parsePyProject(tree.read(`${dir}/pyproject.toml`, 'utf-8') ?? '', `${dir}/pyproject.toml`);
        expect(project).toMatchObject({ name: dir, version: '0.1.0', requiresPython: '>=3.9', authors: [{ name: 'Ada', email: 'ada@example.com' }] });
        expect(project.readme).toMatchObject({ file: 'README.md', contentType: 'text/markdown' });
      }
      expect(tree.exists('src-pkg/src/src_pkg/__init__.py')).toBe(true);
    },
  );

  it('tells setuptools and hatchling where a src layout keeps its package', async () => {
    await gen('s-tools', { layout: 'src' });
    await gen('s-hatch', { layout: 'src', buildBackend: 'hatchling' });
    expect(tree.read('s-tools/pyproject.toml', 'utf-8')).toContain('[tool.setuptools.packages.find]\nwhere = ["src"]');
    expect(tree.read('s-hatch/pyproject.toml', 'utf-8')).toContain('packages = ["src/s_hatch"]');
  });

  it('turns a workspace package name into a requirement on its current version, and keeps external ones as written', async () => {
    await gen('token-lib');
    await gen('token-cli', { dependencies: 'Token_Lib, cryptography>=41' });
    const project = parsePyProject(tree.read('token-cli/pyproject.toml', 'utf-8') ?? '', 'token-cli/pyproject.toml');
    expect(project.dependencies.map((d) => d.raw)).toEqual(['Token_Lib>=0.1.0', 'cryptography>=41']);
  });

  it('places the project in --directory', async () => {
    await gen('token-lib', { directory: 'libs/python/token-lib' });
    expect(tree.exists('libs/python/token-lib/token_lib/__init__.py')).toBe(true);
  });

  it.each(['-bad', 'bad name', 'bad-', ''])('rejects the invalid name %j with the PEP 508 rule', async (name) => {
    await expect(gen(name)).rejects.toThrow(/not a valid Python distribution name/);
  });

  it('refuses to overwrite an existing folder', async () => {
    tree.write('token-lib/notes.txt', 'mine');
    await expect(gen('token-lib')).rejects.toThrow(/folder "token-lib" already exists/);
    expect(tree.read('token-lib/notes.txt', 'utf-8')).toBe('mine');
  });

  it('refuses a name that normalizes to an existing package', async () => {
    await gen('token-lib');
    await expect(gen('Token.Lib', { directory: 'other' })).rejects.toThrow(/already exists in token-lib\/pyproject\.toml/);
  });

  it.each(['class', '1abc', 'a-b'])('rejects the module name %j', async (module) => {
    await expect(gen('m-pkg', { modules: module })).rejects.toThrow(/not a valid Python module name/);
  });

  it('rejects a dependency that is not PEP 508', async () => {
    await expect(gen('d-pkg', { dependencies: 'requests>=>2' })).rejects.toThrow(/not a valid PEP 508 requirement/);
  });
});
