import { DependencyRangeError } from '../release/update-requirement';
import { planPoetryConstraintUpdate } from './update-constraint';

const update = (constraint: string, version: string, preserveMatching = false): string =>
  planPoetryConstraintUpdate(constraint, version, { preserveMatching, dependency: 'token-lib' });

describe('planPoetryConstraintUpdate', () => {
  it.each([
    // caret and tilde keep their style and their number of segments
    ['^0.1.0', '0.2.0', '^0.2.0'],
    ['^0.1', '0.2.3', '^0.2'],
    ['^ 1.2.3', '2.0.0', '^ 2.0.0'],
    ['^1', '2.0.0rc1', '^2rc1'],
    ['^0.1.0', '0.2.0rc1', '^0.2.0rc1'],
    ['~0.1.0', '0.2.0', '~0.2.0'],
    ['~1.4', '1.5.2', '~1.5'],
    // pins follow the release, as ==X does in PEP 508
    ['0.1.0', '0.2.0', '0.2.0'],
    ['==0.1.0', '0.2.0', '==0.2.0'],
    ['=0.1.0', '0.2.0', '=0.2.0'],
    // wildcards
    ['0.1.*', '0.2.0', '0.2.*'],
    ['==0.1.*', '0.2.0', '==0.2.*'],
    ['0.2.*', '0.2.3', '0.2.*'],
    // PEP 440 clauses: the PEP 508 updater's rules
    ['>=0.1.0,<0.2.0', '0.2.0', '>=0.2.0,<0.3.0'],
    ['>=0.1.0, <0.2.0', '0.1.5', '>=0.1.5, <0.2.0'],
    ['~=0.1.0', '0.2.0', '~=0.2.0'],
    ['>=0.1', '0.2.0', '>=0.2.0'],
    ['!=0.1.5', '0.2.0', '!=0.1.5'],
    ['<1', '0.2.0', '<1'],
    // any version
    ['*', '0.2.0', '*'],
  ])('%s + %s -> %s', (constraint, version, expected) => {
    expect(update(constraint, version)).toBe(expected);
  });

  it('with preserveMatching, keeps what admits the release, in any style, and rewrites what does not', () => {
    expect(update('^0.1.0', '0.1.4', true)).toBe('^0.1.0');
    expect(update('>=0.1 <0.3', '0.2.0', true)).toBe('>=0.1 <0.3');
    expect(update('^0.1 || ^1.0', '1.2.0', true)).toBe('^0.1 || ^1.0');
    expect(update('^0.1.0', '0.2.0', true)).toBe('^0.2.0');
    expect(update('0.1.0', '0.2.0', true)).toBe('0.2.0');
  });

  it.each([
    ['!=0.2.0', '0.2.0', 'RELEASE_REQUIREMENT_EXCLUDES_VERSION'],
    ['<0.2', '0.2.0', 'RELEASE_REQUIREMENT_EXCLUDES_VERSION'],
    ['^0.1 || ^1.0', '0.2.0', 'RELEASE_POETRY_CONSTRAINT_UNSUPPORTED'],
    ['>=0.1 <0.2', '0.2.0', 'RELEASE_POETRY_CONSTRAINT_UNSUPPORTED'],
    ['^0.1,!=0.1.5', '0.2.0', 'RELEASE_POETRY_CONSTRAINT_UNSUPPORTED'],
  ])('%s cannot follow %s: an error, never a silent skip', (constraint, version, code) => {
    expect(() => update(constraint, version)).toThrow(DependencyRangeError);
    expect(() => update(constraint, version)).toThrow(expect.objectContaining({ code }));
  });

  it('says what it cannot rewrite, where, and what to write instead', () => {
    const location = { file: 'apps/f/pyproject.toml', keyPath: 'tool.poetry.dependencies.token-lib', line: 7, column: 13 };
    try {
      planPoetryConstraintUpdate('^0.1 || ^1.0', '0.2.0', { preserveMatching: true, dependency: 'token-lib', location });
      throw new Error('unreachable');
    } catch (err) {
      expect((err as DependencyRangeError).render()).toBe(
        'apps/f/pyproject.toml:7:13 [tool.poetry.dependencies.token-lib] "^0.1 || ^1.0" on token-lib cannot follow 0.2.0, the version being released: nx-pypi rewrites ^X, ~X, ~=X, X, ==X, X.* and comma-separated >=/</<= ranges, and this is none of them\n' +
          '  write it in one of those styles (for example token-lib = "^0.2.0"), commit, and run nx release again',
      );
    }
  });
});
