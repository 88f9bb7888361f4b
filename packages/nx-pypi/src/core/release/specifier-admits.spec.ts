import { parseSpecifierSet, parseVersion } from '../pep440';
import { admitsVersion } from './specifier-admits';

const admits = (specifier: string, version: string): boolean => {
  const set = parseSpecifierSet(specifier);
  if (!set.ok) throw new Error(set.message);
  return admitsVersion(set.clauses, parseVersion(version)!, version);
};

describe('admitsVersion', () => {
  it.each([
    ['>=0.1', '0.1.0', true],
    ['>=0.1', '0.0.9', false],
    ['==1.0', '1.0.0', true],
    ['==1.0', '1.0+local', true],
    ['==1.0+local', '1.0', false],
    ['!=1.0', '1.0.0', false],
    ['==1.4.*', '1.4.2a1', true],
    ['==1.4.*', '1.5', false],
    ['!=1.4.*', '1.5', true],
    ['~=1.4.2', '1.4.9', true],
    ['~=1.4.2', '1.5.0', false],
    ['~=1.4', '1.9', true],
    ['<2', '1.9', true],
    ['<2', '2.0a1', false],
    ['<2a2', '2.0a1', true],
    ['<=2', '2.0.0', true],
    ['>1.7', '1.7.post1', false],
    ['>1.7.post1', '1.7.post2', true],
    ['>1.7', '1.7+local', false],
    ['>1.7', '1.8', true],
    ['===1.0', '1.0', true],
    ['===1.0', '1.0.0', false],
    ['>=1,<2,!=1.5', '1.5', false],
    ['', '9', true],
  ])('%s admits %s: %s', (specifier, version, expected) => {
    expect(admits(specifier, version)).toBe(expected);
  });
});
