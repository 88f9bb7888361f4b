import { compileGitignore } from './gitignore';
import { compileFnmatch, compilePathGlob } from './path-glob';

describe('compilePathGlob', () => {
  it.each([
    ['LICEN[CS]E*', 'LICENSE.txt', true],
    ['LICEN[CS]E*', 'LICENCE', true],
    ['LICEN[CS]E*', 'LICENZE', false],
    ['LICEN[CS]E*', 'docs/LICENSE', false],
    ['data/*.json', 'data/a.json', true],
    ['data/*.json', 'data/sub/a.json', false],
    ['schemas/**/*.json', 'schemas/a.json', true],
    ['schemas/**/*.json', 'schemas/v1/v2/a.json', true],
    ['licenses/**', 'licenses/a/b.txt', true],
    ['a?.txt', 'ab.txt', true],
    ['a?.txt', 'a/.txt', false],
    ['[!a]*', 'b', true],
    ['[!a]*', 'a', false],
    ['a.b', 'axb', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(compilePathGlob(pattern).test(path)).toBe(expected);
  });
});

describe('compileFnmatch', () => {
  it.each([
    ['tests.*', 'tests.unit', true],
    ['token*', 'token_lib.sub', true],
    ['[._]*', '_private', true],
    ['[._]*', 'public', false],
    ['*__pycache__', 'pkg.__pycache__', true],
  ])('%s matches %s: %s', (pattern, name, expected) => {
    expect(compileFnmatch(pattern).test(name)).toBe(expected);
  });
});

describe('compileGitignore', () => {
  const matcher = compileGitignore('# build output\n/dist\n*.log\nsecrets/\nsrc/pkg/generated.py\n\n');
  it.each([
    ['dist/a.whl', true],
    ['src/dist/a.py', false],
    ['src/pkg/run.log', true],
    ['src/pkg/secrets/key.txt', true],
    ['src/pkg/secrets', false],
    ['src/pkg/generated.py', true],
    ['src/pkg/core.py', false],
  ])('%s ignored: %s', (path, expected) => {
    expect(matcher.kind === 'ok' && matcher.ignores(path)).toBe(expected);
  });

  it('reports negation as unsupported instead of guessing', () => {
    expect(compileGitignore('*.txt\n!keep.txt\n')).toEqual({ kind: 'unsupported', reason: '.gitignore negation "!keep.txt" is not supported natively' });
  });
});
