import { compileGlob, matchesAnyGlob } from './glob';

describe('compileGlob', () => {
  it.each([
    ['legacy/**', 'legacy/a/pyproject.toml', true],
    ['legacy', 'legacy/a/pyproject.toml', true],
    ['legacy', 'legacy-two/pyproject.toml', false],
    ['**/fixtures/**', 'libs/x/fixtures/bad/pyproject.toml', true],
    ['**/fixtures/**', 'fixtures/pyproject.toml', true],
    ['libs/*/pyproject.toml', 'libs/a/pyproject.toml', true],
    ['libs/*/pyproject.toml', 'libs/a/b/pyproject.toml', false],
    ['libs/{a,b}', 'libs/b/pyproject.toml', true],
    ['libs/{a,b}', 'libs/c/pyproject.toml', false],
    ['./tools/', 'tools/gen/pyproject.toml', true],
    ['lib?', 'lib1/pyproject.toml', true],
    ['a.b', 'axb/pyproject.toml', false],
  ])('%s against %s is %s', (pattern, path, expected) => {
    expect(matchesAnyGlob(path, [compileGlob(pattern)])).toBe(expected);
  });
});
