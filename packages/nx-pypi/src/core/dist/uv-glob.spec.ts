import { compileUvGlob, firstSegmentMatchesEmpty, literalUvGlob, uvLiteralPathProblem, type UvGlob } from './uv-glob';

function glob(pattern: string, syntax: 'pep639' | 'uv' = 'uv'): UvGlob {
  const outcome = compileUvGlob(pattern, syntax);
  if (outcome.kind !== 'glob') throw new Error(`${outcome.kind}: ${outcome.reason}`);
  return outcome.glob;
}

describe('compileUvGlob matching (globset with literal_separator)', () => {
  it.each([
    ['*.md', 'README.md', true],
    ['*.md', 'docs/README.md', false],
    ['LICEN[CS]E*', 'LICENSE.txt', true],
    ['LICEN[CS]E*', 'LICENXE', false],
    ['lic?nse', 'license', true],
    ['tests/**', 'tests/a/b.py', true],
    ['tests/**', 'tests', false],
    ['**/x.csv', 'x.csv', true],
    ['**/x.csv', 'a/b/x.csv', true],
    ['assets/**/sample.csv', 'assets/sample.csv', true],
    ['assets/**/sample.csv', 'assets/a/b/sample.csv', true],
    ['assets/**/sample.csv', 'other/sample.csv', false],
    ['**', 'any/path', true],
    ['./docs/**', 'docs/a.md', false],
    ['docs/', 'docs', false],
    ['file\\*name', 'file*name', true],
    ['file\\*name', 'fileXname', false],
  ])('%s matches %s: %s', (pattern, path, expected) => {
    expect(glob(pattern).matches(path)).toBe(expected);
  });

  it('matches ? against one UTF-8 byte, as globset does', () => {
    expect(glob('?.txt').matches('a.txt')).toBe(true);
    expect(glob('?.txt').matches('é.txt')).toBe(false);
    expect(glob('??.txt').matches('é.txt')).toBe(true);
  });

  it('reports paths below which a match could still follow, as GlobDirFilter lets through', () => {
    expect(glob('tests/**').canMatchBelow('tests')).toBe(true);
    expect(glob('docs/*.md').canMatchBelow('docs')).toBe(true);
    expect(glob('docs/*.md').canMatchBelow('src')).toBe(false);
    expect(glob('*.md').canMatchBelow('README.md')).toBe(false);
    // A leading ** keeps every path open: uv's filter passes any file under such an include.
    expect(glob('**/*.md').canMatchBelow('src/pkg/a.py')).toBe(true);
  });
});

describe('compileUvGlob validation (uv-globfilter PortableGlobParser::check)', () => {
  it.each([
    ['../x', 'parent directory'],
    ['a/../x', 'parent directory'],
    ['***', 'too many stars'],
    ['**x', 'too many stars'],
    ['LICEN[!C]E', 'invalid character "!" in a range'],
    ['a b', 'invalid character " "'],
    ['x[]', 'unclosed "["'],
    ['a[bc', 'unclosed "["'],
    ['a\\', 'trailing backslash'],
    ['a\\/b', "path separators can't be escaped"],
  ])('refuses %s (%s)', (pattern, reason) => {
    expect(compileUvGlob(pattern, 'uv')).toEqual({ kind: 'invalid', reason: expect.stringContaining(reason) });
  });

  it('refuses a backslash escape in PEP 639 fields only', () => {
    expect(compileUvGlob('a\\*', 'pep639').kind).toBe('invalid');
    expect(compileUvGlob('a\\*', 'uv').kind).toBe('glob');
  });

  it('leaves patterns it does not model to uv_build', () => {
    expect(compileUvGlob('a**/b', 'uv')).toEqual({ kind: 'unsupported', reason: expect.stringContaining('inside a path segment') });
    expect(compileUvGlob('**/**/b', 'uv')).toEqual({ kind: 'unsupported', reason: expect.stringContaining('two "**" in a row') });
    expect(compileUvGlob('données/*', 'uv')).toEqual({ kind: 'unsupported', reason: expect.stringContaining('non-ASCII') });
  });
});

describe('literalUvGlob and uvLiteralPathProblem', () => {
  it('matches the path itself, or everything below it', () => {
    expect(literalUvGlob('src/pkg', true).matches('src/pkg/a/b.py')).toBe(true);
    expect(literalUvGlob('src/pkg', true).matches('src/pkg')).toBe(false);
    expect(literalUvGlob('README[1].md', false).matches('README[1].md')).toBe(true);
  });

  it('refuses folder names uv cannot turn into a glob', () => {
    expect(uvLiteralPathProblem('src/my_pkg-stubs')).toBeUndefined();
    expect(uvLiteralPathProblem('my src')).toContain('" "');
    expect(uvLiteralPathProblem('src/..hidden')).toContain('".."');
  });

  it('tells anchored patterns that can match the root of an absolute path', () => {
    expect(firstSegmentMatchesEmpty(glob('*/x'))).toBe(true);
    expect(firstSegmentMatchesEmpty(glob('dist'))).toBe(false);
  });
});
