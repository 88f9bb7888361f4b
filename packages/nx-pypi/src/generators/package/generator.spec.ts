import { logger, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import childProcess from 'node:child_process';
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
    for (const f of [
      'pyproject.toml',
      'README.md',
      'token_lib/__init__.py',
      'tests/test_token_lib.py',
      'token_lib/paseto.py',
      'token_lib/jwt.py',
      'token_lib/branca.py',
      'token_lib/keys.py',
      'token_lib/utils.py',
    ]) {
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

  it.each(['-bad', 'bad name', 'bad-'])('rejects the invalid name %j with the PEP 508 rule', async (name) => {
    await expect(gen(name)).rejects.toThrow(/not a valid Python distribution name/);
  });

  /** Runs the generator expecting a refusal; asserts the tree is untouched and returns what the user reads. */
  async function refusal(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const before = tree.listChanges().map((c) => c.path);
    const err = await gen(name, extra).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(err).toBeInstanceOf(Error);
    expect(tree.listChanges().map((c) => c.path)).toEqual(before);
    return (err as Error).message;
  }

  it.each([
    ['bad name', 'bad-name'],
    ['-bad', 'bad'],
    ['café', 'cafe'],
  ])('names the option, the invalid name %j and a valid one to use instead', async (name, suggestion) => {
    const msg = await refusal(name);
    expect(msg).toContain(`--name=${JSON.stringify(name)} is not a valid Python distribution name`);
    expect(msg).toContain(`e.g. --name=${suggestion}`);
  });

  it('says what a name is when none is given', async () => {
    expect(await refusal('')).toMatch(/--name is required.*\n.*e\.g\. --name=token-lib/);
  });

  it.each([
    ['lambda', 'is a Python keyword', 'py-lambda', 'py_lambda'],
    ['class', 'is a Python keyword', 'py-class', 'py_class'],
    ['1abc', 'starts with a digit', 'py-1abc', 'py_1abc'],
    ['2fa-tool', 'starts with a digit', 'py-2fa-tool', 'py_2fa_tool'],
  ])('refuses %j, whose import name %s, and suggests one that imports', async (name, why, suggestion, importName) => {
    const msg = await refusal(name);
    expect(msg).toContain(`--name=${JSON.stringify(name)}`);
    expect(msg).toContain(why);
    expect(msg).toContain(`e.g. --name=${suggestion} (imported as ${importName})`);
  });

  it.each([
    ['None', 'use None_ instead'],
    ['\uFB01le', 'use file instead'],
    ['my-module', 'use my_module instead'],
  ])('rejects the module name %j, naming --modules and a name to use instead', async (module, instead) => {
    const msg = await refusal('m-pkg', { modules: `ok,${module}` });
    expect(msg).toContain(`${JSON.stringify(module)} (in --modules) is not a valid Python module name`);
    expect(msg).toContain(instead);
  });

  it('refuses __init__ in --modules: the package writes its own', async () => {
    expect(await refusal('m-pkg', { modules: '__init__' })).toContain('leave __init__ out of --modules');
  });

  it.each(['3.9', '>=3.9 and <4', '>=3.9,', '~=3', ''])(
    'refuses the invalid --requiresPython %j, naming the option and a valid form',
    async (requiresPython) => {
      const msg = await refusal('r-pkg', { requiresPython });
      expect(msg).toContain(`--requiresPython=${JSON.stringify(requiresPython)}`);
      expect(msg).toContain('--requiresPython=">=3.9"');
    },
  );

  it('accepts and normalizes a valid --requiresPython', async () => {
    await gen('r-pkg', { requiresPython: '>= 3.10, <4' });
    expect(parsePyProject(tree.read('r-pkg/pyproject.toml', 'utf-8') ?? '', 'r-pkg/pyproject.toml').requiresPython).toBe('>=3.10,<4');
  });

  it.each(['line one\nline two', 'a\r\nb'])('refuses a multi-line --description %j', async (description) => {
    const msg = await refusal('d-pkg', { description });
    expect(msg).toContain(`--description=${JSON.stringify(description)}`);
    expect(msg).toMatch(/single line/);
  });

  it.each(['ada at example.com', 'ada@localhost', 'ada@example.com, bob@example.com', 'Ada <ada@example.com>'])(
    'refuses the bad --authorEmail %j',
    async (authorEmail) => {
      const msg = await refusal('e-pkg', { authorEmail });
      expect(msg).toContain(`--authorEmail=${JSON.stringify(authorEmail)} is not a valid email address`);
      expect(msg).toContain('--authorEmail=ada@example.com');
    },
  );

  it('refuses an --author with a comma, which the metadata would read as two people', async () => {
    expect(await refusal('a-pkg', { author: 'Ada, Bob' })).toContain('--author="Ada, Bob"');
  });

  it('reports every bad option at once', async () => {
    const msg = await refusal('lambda', { requiresPython: 'py3', description: 'a\nb', authorEmail: 'nope', directory: '../x' });
    for (const option of ['--name', '--requiresPython', '--description', '--authorEmail', '--directory']) expect(msg).toContain(option);
  });

  it.each(['../x', 'libs/../../x', '/tmp/x', 'C:\\x', '..'])('refuses --directory=%j outside the workspace', async (directory) => {
    const msg = await refusal('token-lib', { directory });
    expect(msg).toContain(`--directory=${JSON.stringify(directory)} is outside the workspace`);
  });

  it('refuses an absolute --directory inside the workspace, giving the relative form', async () => {
    const msg = await refusal('token-lib', { directory: `${tree.root}/libs/token-lib` });
    expect(msg).toContain('--directory=libs/token-lib');
  });

  it('normalizes a --directory that stays inside the workspace', async () => {
    await gen('token-lib', { directory: './libs/python/../py/token-lib/' });
    expect(tree.exists('libs/py/token-lib/pyproject.toml')).toBe(true);
  });

  it('writes a description with quotes and backslashes as a valid docstring', async () => {
    await gen('q-pkg', { description: 'Say """hi""" & <bye> to C:\\temp' });
    expect(tree.read('q-pkg/q_pkg/__init__.py', 'utf-8')).toContain(String.raw`"""Say \"\"\"hi\"\"\" & <bye> to C:\\temp"""`);
  });

  it('leaves out a git user.email the metadata would refuse, and says so, instead of failing', async () => {
    jest
      .spyOn(childProcess, 'execFileSync')
      .mockImplementation(((_cmd: string, args: string[]) => (args.includes('user.email') ? 'root@localhost\n' : 'Ada\n')) as never);
    const warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    try {
      await packageGenerator(tree, { name: 'g-pkg', skipFormat: true });
      expect(parsePyProject(tree.read('g-pkg/pyproject.toml', 'utf-8') ?? '', 'g-pkg/pyproject.toml').authors).toEqual([{ name: 'Ada' }]);
      expect(warn.mock.calls.join('\n')).toMatch(/git's user\.email "root@localhost" .*--authorEmail/s);
    } finally {
      jest.restoreAllMocks();
    }
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

  it('sees Poetry projects and projects with build-only problems: no clash with them, and their version for --dependencies', async () => {
    tree.write('libs/poet/pyproject.toml', '[tool.poetry]\nname = "Poet_Lib"\nversion = "2.1.0"\n');
    tree.write('libs/odd/pyproject.toml', '[project]\nname = "odd-lib"\nversion = "1.0"\nreadme = "README.weird"\n');
    await expect(gen('poet-lib', { directory: 'elsewhere' })).rejects.toThrow(/already exists in libs\/poet\/pyproject\.toml/);
    await expect(gen('odd.lib', { directory: 'elsewhere' })).rejects.toThrow(/already exists in libs\/odd\/pyproject\.toml/);
    await gen('uses-poet', { dependencies: 'poet-lib' });
    expect(tree.read('uses-poet/pyproject.toml', 'utf-8')).toContain('"poet-lib>=2.1.0"');
  });

  it.each(['class', '1abc', 'a-b'])('rejects the module name %j', async (module) => {
    await expect(gen('m-pkg', { modules: module })).rejects.toThrow(/not a valid Python module name/);
  });

  it('rejects a dependency that is not PEP 508', async () => {
    await expect(gen('d-pkg', { dependencies: 'requests>=>2' })).rejects.toThrow(/not a valid PEP 508 requirement/);
  });
});
