import { ProjectTree } from '../dist/project-tree';
import { Checker } from '../pyproject/checker';
import { poetryModuleName, readPoetryEditableLayout } from './poetry-packages';

function layoutOf(poetry: Record<string, unknown>, files: string[]) {
  const c = new Checker();
  const layout = readPoetryEditableLayout(c, { name: 'Token.Lib', ...poetry }, 'Token.Lib', new ProjectTree(files));
  return { layout, problems: c.problems.map((p) => ({ path: p.path.join('.'), code: p.code, message: p.message, hint: p.hint })) };
}

describe('poetryModuleName', () => {
  it("writes the normalized name's import form, as poetry-core does", () => {
    expect(poetryModuleName('Token.Lib')).toBe('token_lib');
    expect(poetryModuleName('my__pkg')).toBe('my_pkg');
  });
});

describe('readPoetryEditableLayout', () => {
  it.each([
    ['a package at the root', ['token_lib/__init__.py'], ''],
    ['a module at the root', ['token_lib.py'], ''],
    ['a package under src/', ['src/token_lib/__init__.py'], 'src'],
    ['a module under src/', ['src/token_lib.py', 'README.md'], 'src'],
  ])("finds poetry-core's default package: %s", (_, files, root) => {
    expect(layoutOf({}, files)).toEqual({ layout: { roots: [root], mapped: [] }, problems: [] });
  });

  it('refuses a default package that exists both as a folder and a module', () => {
    const { layout, problems } = layoutOf({}, ['token_lib/__init__.py', 'token_lib.py']);
    expect(layout).toBeUndefined();
    expect(problems).toEqual([expect.objectContaining({ path: 'tool.poetry.name', code: 'POETRY_AMBIGUOUS_PACKAGE' })]);
  });

  it('names the default package it looked for when there is none', () => {
    const { problems } = layoutOf({}, ['tokenlib/__init__.py']);
    expect(problems).toEqual([expect.objectContaining({ path: 'tool.poetry.name', code: 'POETRY_PACKAGE_NOT_FOUND' })]);
    expect(problems[0].message).toMatch(/no package token_lib\/ or module token_lib\.py .* root or under src\//);
    expect(problems[0].hint).toMatch(/packages = \[\{ include = "my_pkg" \}\]/);
  });

  it('serves every packages entry from its folder: plain names, modules and from', () => {
    const files = ['token_lib/__init__.py', 'src/extra/__init__.py', 'tools/helper.py', 'src/extra2/a.py'];
    const packages = [
      { include: 'token_lib' },
      { include: 'extra', from: 'src' },
      { include: 'helper.py', from: 'tools', format: ['sdist', 'wheel'] },
      { include: 'extra2', from: 'src/' },
    ];
    expect(layoutOf({ packages }, files)).toEqual({ layout: { roots: ['', 'src', 'tools'], mapped: [] }, problems: [] });
  });

  it('refuses a glob, a path, "to" and an sdist-only entry, naming the key and the fix', () => {
    const packages = [{ include: 'token_*' }, { include: 'token_lib/sub' }, { include: 'token_lib', to: 'vendor' }, { include: 'token_lib', format: 'sdist' }];
    const { layout, problems } = layoutOf({ packages }, ['token_lib/__init__.py', 'token_lib/sub/__init__.py']);
    expect(layout).toBeUndefined();
    expect(problems).toEqual([
      expect.objectContaining({ path: 'tool.poetry.packages.0.include', code: 'INSTALL_EDITABLE_UNSUPPORTED', hint: expect.stringMatching(/by its name/) }),
      expect.objectContaining({ path: 'tool.poetry.packages.1.include', code: 'INSTALL_EDITABLE_UNSUPPORTED' }),
      expect.objectContaining({ path: 'tool.poetry.packages.2.to', code: 'INSTALL_EDITABLE_UNSUPPORTED' }),
      expect.objectContaining({ path: 'tool.poetry.packages.3.format', code: 'INSTALL_EDITABLE_UNSUPPORTED', hint: expect.stringMatching(/add "wheel"/) }),
    ]);
  });

  it('reports a listed package that is missing, a from outside the project, unknown keys and an empty list', () => {
    const packages = [
      { include: 'token_lib', from: 'src' },
      { include: 'gone.py' },
      { include: 'x', from: '../other' },
      { include: 'token_lib', form: 'src' },
      'token_lib',
    ];
    const { problems } = layoutOf({ packages }, ['token_lib/__init__.py']);
    expect(problems.map((p) => `${p.path} ${p.code}`)).toEqual([
      'tool.poetry.packages.0.include POETRY_PACKAGE_NOT_FOUND',
      'tool.poetry.packages.1.include POETRY_PACKAGE_NOT_FOUND',
      'tool.poetry.packages.2.from POETRY_INVALID_PACKAGES',
      'tool.poetry.packages.3.form POETRY_INVALID_PACKAGES',
      'tool.poetry.packages.4 PYPROJECT_INVALID_TYPE',
    ]);
    expect(problems[0].message).toBe('package src/token_lib/ does not exist in the project');
    expect(layoutOf({ packages: [] }, ['token_lib/__init__.py']).problems).toEqual([expect.objectContaining({ code: 'POETRY_NO_PACKAGES' })]);
  });
});
