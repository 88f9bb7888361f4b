import {
  isImportName,
  isValidProjectName,
  normalizeName,
  PYTHON_KEYWORDS,
  suggestImportName,
  suggestProjectName,
  toDistFilenamePart,
  toImportName,
} from './names';

describe('normalizeName (PEP 503)', () => {
  it.each([
    ['Token_Lib', 'token-lib'],
    ['token-lib', 'token-lib'],
    ['token.lib', 'token-lib'],
    ['TOKEN__.-lib', 'token-lib'],
    ['zope.interface', 'zope-interface'],
    ['a', 'a'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeName(input)).toBe(expected);
  });
});

describe('isValidProjectName (PEP 508 name rule)', () => {
  it.each(['a', 'A1', 'token-lib', 'Token_Lib', 'zope.interface', '1password', 'a-_.b'])('accepts %s', (name) => {
    expect(isValidProjectName(name)).toBe(true);
  });
  it.each(['', '-a', 'a-', '.a', 'a_', 'a b', 'ünïcode', 'a/b', 'a+b'])('rejects %j', (name) => {
    expect(isValidProjectName(name)).toBe(false);
  });
});

describe('toImportName / toDistFilenamePart', () => {
  it.each([
    ['token-lib', 'token_lib'],
    ['Token.Lib', 'token_lib'],
    ['my--pkg_name', 'my_pkg_name'],
  ])('%s -> %s', (input, expected) => {
    expect(toImportName(input)).toBe(expected);
    expect(toDistFilenamePart(input)).toBe(expected);
  });
});

describe('isImportName (what `import name` finds: str.isidentifier(), not a keyword, NFKC)', () => {
  it.each(['token_lib', '_private', 'a1', 'match', 'case', 'type', '_', 'café', 'Δx'])('accepts %j', (name) => {
    expect(isImportName(name)).toBe(true);
  });
  it.each(['lambda', 'class', 'None', 'async', '1abc', 'a-b', 'a.b', '', ' a', '\uFB01le', '\uFF41'])('refuses %j', (name) => {
    expect(isImportName(name)).toBe(false);
  });
  it('knows exactly the keywords of Python 3 (keyword.kwlist)', () => {
    expect([...PYTHON_KEYWORDS].sort()).toEqual(
      [
        'False',
        'None',
        'True',
        'and',
        'as',
        'assert',
        'async',
        'await',
        'break',
        'class',
        'continue',
        'def',
        'del',
        'elif',
        'else',
        'except',
        'finally',
        'for',
        'from',
        'global',
        'if',
        'import',
        'in',
        'is',
        'lambda',
        'nonlocal',
        'not',
        'or',
        'pass',
        'raise',
        'return',
        'try',
        'while',
        'with',
        'yield',
      ].sort(),
    );
  });
});

describe('suggestProjectName (a valid, importable name close to the one given)', () => {
  it.each([
    ['bad name', 'bad-name'],
    ['-bad', 'bad'],
    ['bad-', 'bad'],
    ['caf\u00e9 lib', 'cafe-lib'],
    ['a/b+c', 'a-b-c'],
    ['lambda', 'py-lambda'],
    ['1abc', 'py-1abc'],
    ['-class-', 'py-class'],
    ['token-lib', 'token-lib'],
  ])('%j -> %j', (input, expected) => {
    expect(suggestProjectName(input)).toBe(expected);
    expect(isValidProjectName(expected)).toBe(true);
    expect(isImportName(toImportName(expected))).toBe(true);
  });
  it.each(['', '---', '\u4e2d\u6587'])('has nothing to suggest for %j', (input) => {
    expect(suggestProjectName(input)).toBeUndefined();
  });
});

describe('suggestImportName (a module name close to the one given)', () => {
  it.each([
    ['class', 'class_'],
    ['1abc', '_1abc'],
    ['a-b', 'a_b'],
    ['my module.py', 'my_module_py'],
    ['\uFB01le', 'file'],
    ['jwt', 'jwt'],
  ])('%j -> %j', (input, expected) => {
    expect(suggestImportName(input)).toBe(expected);
    expect(isImportName(expected)).toBe(true);
  });
  it.each(['', '---', '_'])('has nothing to suggest for %j', (input) => {
    expect(suggestImportName(input)).toBeUndefined();
  });
});
