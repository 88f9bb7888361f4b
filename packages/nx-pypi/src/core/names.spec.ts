import { isValidProjectName, normalizeName, toDistFilenamePart, toImportName } from './names';

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
