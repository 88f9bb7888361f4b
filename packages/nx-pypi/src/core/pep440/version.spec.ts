import { compareVersions, isValidVersion, normalizeVersion } from './version';
import { InvalidVersionError } from './errors';

describe('normalizeVersion', () => {
  it.each([
    ['1.0.0-alpha1', '1.0.0a1'],
    ['v1.0', '1.0'],
    ['V1.0', '1.0'],
    ['1.0-post1', '1.0.post1'],
    ['1.0.dev', '1.0.dev0'],
    ['1.0-1', '1.0.post1'],
    ['1.0-0', '1.0.post0'],
    ['1.0rev2', '1.0.post2'],
    ['1.0r', '1.0.post0'],
    ['1.0.post', '1.0.post0'],
    ['1.0RC1', '1.0rc1'],
    ['1.0c1', '1.0rc1'],
    ['1.0-preview.2', '1.0rc2'],
    ['1.0beta', '1.0b0'],
    ['1.0a1-dev-3', '1.0a1.dev3'],
    ['1.0.0001', '1.0.1'],
    ['0!1.0', '1.0'],
    ['1!2.0', '1!2.0'],
    [' 1.0 ', '1.0'],
    ['1.0+local', '1.0+local'],
    // @renovatebot/pep440 4.2.4 renders these as "1.0+ubuntu,1", "1.0+100000", "1.0+16", "1.0+abc,1".
    ['1.0+Ubuntu-1', '1.0+ubuntu.1'],
    ['1.0+1e5', '1.0+1e5'],
    ['1.0+0x10', '1.0+0x10'],
    ['1.0+abc_01', '1.0+abc.1'],
    // ... and loses digits past 2^53.
    ['20261125123456789012', '20261125123456789012'],
  ])('%j -> %s', (input, expected) => {
    expect(normalizeVersion(input)).toBe(expected);
    expect(isValidVersion(input)).toBe(true);
  });

  it.each(['1.0-foo', 'latest', '', '1.0+', '1.0+a..b', '1.0.', '.1', '1.0 a1', '1,0', '1.0.dev1.2', '1.0a1a2'])('rejects %j', (input) => {
    expect(normalizeVersion(input)).toBeUndefined();
    expect(isValidVersion(input)).toBe(false);
  });
});

describe('compareVersions', () => {
  // Ascending, from PEP 440's summary of permitted suffixes and relative ordering.
  const ordered = [
    '1.0.dev456',
    '1.0a1',
    '1.0a2.dev456',
    '1.0a12.dev456',
    '1.0a12',
    '1.0b1.dev456',
    '1.0b2',
    '1.0b2.post345.dev456',
    '1.0b2.post345',
    '1.0rc1.dev456',
    '1.0rc1',
    '1.0',
    '1.0+abc.5',
    '1.0+abc.7',
    '1.0+5',
    '1.0.post456.dev34',
    '1.0.post456',
    '1.0.15',
    '1.1.dev1',
    '20261125123456789012',
    '20261125123456789013',
    '1!0.1',
  ];
  it('orders the PEP 440 example list', () => {
    const shuffled = [...ordered].reverse();
    expect(shuffled.sort(compareVersions)).toEqual(ordered);
  });

  it.each([
    ['1.0', '1.0.0', 0],
    ['1.0', 'v1.0.0', 0],
    ['1.0a1', '1.0.0-alpha.1', 0],
    ['1.0', '1.0+local', -1],
    ['2.0', '10.0', -1],
  ])('compares %s and %s', (a, b, sign) => {
    expect(Math.sign(compareVersions(a, b))).toBe(sign);
    expect(Math.sign(compareVersions(b, a))).toBe(-sign || 0);
  });

  it('throws a typed error naming the bad version', () => {
    expect(() => compareVersions('1.0', 'latest')).toThrow(InvalidVersionError);
    expect(() => compareVersions('latest', '1.0')).toThrow('"latest" is not a valid PEP 440 version');
  });
});
