import { isValidSpecifierSet, normalizeSpecifierSet, parseSpecifierSet } from './specifier';

describe('normalizeSpecifierSet', () => {
  it.each([
    ['>=1.0', '>=1.0'],
    ['>= 1.0 , <2', '>=1.0,<2'],
    ['~=3.9', '~=3.9'],
    ['==1.4.*', '==1.4.*'],
    ['!=01.4.*', '!=1.4.*'],
    ['>=1.0-alpha1', '>=1.0a1'],
    ['==1.0+Local-1', '==1.0+local.1'],
    ['===foo-bar', '===foo-bar'],
    ['<2,>=1', '<2,>=1'],
    ['>v1.0', '>1.0'],
    ['', ''],
    ['   ', ''],
    ['~=1!2.0.post1', '~=1!2.0.post1'],
  ])('%j -> %j', (input, expected) => {
    expect(normalizeSpecifierSet(input)).toBe(expected);
    expect(isValidSpecifierSet(input)).toBe(true);
  });

  it.each([
    ['1.0', 0, 'expected a comparison operator'],
    ['>=1.0,', 6, 'expected a version specifier after ","'],
    ['>=', 2, 'expected a version after ">="'],
    ['~=1', 2, '"~=" needs at least two release numbers'],
    ['>=1.0.*', 2, 'prefix match is only allowed with == and !='],
    // @renovatebot/pep440 4.2.4 accepts this one; PEP 440 and packaging do not.
    ['==1.0a1.*', 2, 'may only follow a release number'],
    ['==1.*.0', 2, 'is not a valid PEP 440 version'],
    ['<1.0+local', 1, 'local version label'],
    ['>=1.0 <2', 6, 'expected "," or the end'],
    ['=>1.0', 0, 'expected a comparison operator'],
    ['>=latest', 2, 'is not a valid PEP 440 version'],
  ])('rejects %j at offset %d', (input, offset, message) => {
    const result = parseSpecifierSet(input);
    expect(result).toEqual({ ok: false, offset, message: expect.stringContaining(message) });
    expect(isValidSpecifierSet(input)).toBe(false);
    expect(normalizeSpecifierSet(input)).toBeUndefined();
  });
});
