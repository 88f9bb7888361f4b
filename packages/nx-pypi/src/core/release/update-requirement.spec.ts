import { applyTextEdits } from '../pyproject/edit-text';
import { DependencyRangeError, locateSpecifierClauses, planRequirementUpdate } from './update-requirement';

const update = (requirement: string, version: string, preserveMatching = false): string =>
  applyTextEdits(requirement, planRequirementUpdate(requirement, version, { preserveMatching, dependency: 'token-lib' }));

describe('planRequirementUpdate', () => {
  it.each([
    // lower bounds follow the release
    ['token-lib>=0.1.0', '0.2.0', 'token-lib>=0.2.0'],
    ['token-lib >= 0.1.0', '0.2.0', 'token-lib >= 0.2.0'],
    ['token-lib>=0.3.0', '0.2.0', 'token-lib>=0.2.0'],
    // pins
    ['token-lib==0.1.0', '0.2.0', 'token-lib==0.2.0'],
    ['token-lib===0.1.0', '0.2.0rc1', 'token-lib===0.2.0rc1'],
    ['token-lib==0.1.*', '0.2.0', 'token-lib==0.2.*'],
    ['token-lib==0.2.*', '0.2.3', 'token-lib==0.2.*'],
    // compatible release keeps its number of release segments
    ['token-lib~=0.1.0', '0.2.0', 'token-lib~=0.2.0'],
    ['token-lib~=0.1', '0.2.0', 'token-lib~=0.2'],
    ['token-lib~=1.4', '1.5.2', 'token-lib~=1.5'],
    ['token-lib~=1.4.0', '1.5', 'token-lib~=1.5.0'],
    ['token-lib~=1.4', '2.0.0rc1', 'token-lib~=2.0rc1'],
    // ranges: the lower bound rises, an upper bound that excludes the release rises by its own significance
    ['token-lib>=0.1.0,<0.2', '0.1.1', 'token-lib>=0.1.1,<0.2'],
    ['token-lib>=0.1.0,<0.2', '0.2.0', 'token-lib>=0.2.0,<0.3'],
    ['token-lib>=1.0,<2.0.0', '2.1.0', 'token-lib>=2.1.0,<3.0.0'],
    ['token-lib>=1.0, <1.5.0', '1.5.3', 'token-lib>=1.5.3, <1.6.0'],
    ['token-lib>=0.1,<0.2', '0.2.0rc1', 'token-lib>=0.2.0rc1,<0.3'],
    ['token-lib~=0.1.0,<0.2', '0.2.0', 'token-lib~=0.2.0,<0.3'],
    ['token-lib>0.1,<=0.2', '0.3.0', 'token-lib>0.1,<=0.3.0'],
    ['token-lib>=0.1,!=0.1.5,<1', '0.2.0', 'token-lib>=0.2.0,!=0.1.5,<1'],
    // exclusions and caps written alone are kept while they admit the release
    ['token-lib!=0.1.5', '0.2.0', 'token-lib!=0.1.5'],
    ['token-lib<1', '0.2.0', 'token-lib<1'],
    ['token-lib<=0.2', '0.2.0', 'token-lib<=0.2'],
    ['token-lib>0.1', '0.2.0', 'token-lib>0.1'],
    // extras, markers, parentheses and URLs are never touched
    ['token-lib[cli,jwt] >=0.1.0 ; python_version >= "3.9"', '0.2.0', 'token-lib[cli,jwt] >=0.2.0 ; python_version >= "3.9"'],
    ["Token_Lib (>=0.1.0,<1) ; extra == 'x'", '0.2.0', "Token_Lib (>=0.2.0,<1) ; extra == 'x'"],
    ['token-lib @ file:///work/token-lib', '0.2.0', 'token-lib @ file:///work/token-lib'],
    ['token-lib', '0.2.0', 'token-lib'],
    ['token-lib; os_name == "nt"', '0.2.0', 'token-lib; os_name == "nt"'],
  ])('%s + %s -> %s', (requirement, version, expected) => {
    expect(update(requirement, version)).toBe(expected);
  });

  it('with preserveMatching, keeps what admits the release and rewrites what does not', () => {
    expect(update('token-lib>=0.1.0', '0.2.0', true)).toBe('token-lib>=0.1.0');
    expect(update('token-lib~=0.1.0', '0.1.4', true)).toBe('token-lib~=0.1.0');
    expect(update('token-lib==0.1.0', '0.2.0', true)).toBe('token-lib==0.2.0');
    expect(update('token-lib>=0.1,<0.2', '0.2.0', true)).toBe('token-lib>=0.2.0,<0.3');
  });

  it.each([
    ['token-lib!=0.2.0', '0.2.0'],
    ['token-lib!=0.2.*', '0.2.1'],
    ['token-lib<0.2', '0.2.0'],
    ['token-lib<0.2', '0.2.0rc1'],
    ['token-lib<=0.1.9', '0.2.0'],
    ['token-lib>0.2.0', '0.2.0'],
    ['token-lib>=0.1,!=0.2.0', '0.2.0'],
  ])('%s excludes %s: a clear error, nothing rewritten', (requirement, version) => {
    expect(() => update(requirement, version)).toThrow(DependencyRangeError);
  });

  it('says which clause excludes the release, where, and what to do', () => {
    const location = { file: 'b/pyproject.toml', keyPath: 'project.dependencies[0]', line: 4, column: 3 };
    try {
      planRequirementUpdate('token-lib<0.2', '0.2.0', { preserveMatching: false, dependency: 'token-lib', location });
      throw new Error('unreachable');
    } catch (err) {
      expect((err as DependencyRangeError).render()).toBe(
        'b/pyproject.toml:4:3 [project.dependencies[0]] "token-lib<0.2" excludes token-lib 0.2.0, the version being released (<0.2)\n' +
          '  widen the requirement by hand so it admits 0.2.0 (for example token-lib>=0.2.0), commit, and run nx release again',
      );
    }
  });
});

describe('locateSpecifierClauses', () => {
  it('finds the version characters of every clause', () => {
    const text = 'a [x] ( >= 1.0 , != 1.5.* , < 2 ) ; python_version < "3"';
    const located = locateSpecifierClauses(text).map((l) => text.slice(l.versionStart, l.versionEnd));
    expect(located).toEqual(['1.0', '1.5', '2']);
  });

  it('finds none for a URL or a bare name', () => {
    expect(locateSpecifierClauses('a @ https://h/a-1.0.tar.gz')).toEqual([]);
    expect(locateSpecifierClauses('a ; python_version >= "3.9"')).toEqual([]);
  });
});
