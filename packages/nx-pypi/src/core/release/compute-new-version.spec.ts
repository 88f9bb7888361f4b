import { computeNewVersion, type NewVersionRequest } from './compute-new-version';

const base: NewVersionRequest = { current: '0.1.0', input: 'patch', adjustForZeroMajor: false, stayInPrerelease: false };

describe('computeNewVersion', () => {
  it('bumps by keyword', () => {
    expect(computeNewVersion(base)).toEqual({ newVersion: '0.1.1', description: 'PEP 440 bump "patch"' });
  });

  it('applies adjustSemverBumpsForZeroMajorVersion below 1.0 only', () => {
    expect(computeNewVersion({ ...base, input: 'major', adjustForZeroMajor: true })).toEqual({
      newVersion: '0.2.0',
      description: 'PEP 440 bump "minor" (from "major")',
    });
    expect(computeNewVersion({ ...base, current: '1.0.0', input: 'major', adjustForZeroMajor: true }).newVersion).toBe('2.0.0');
    expect(computeNewVersion({ ...base, input: 'major' }).newVersion).toBe('1.0.0');
  });

  it('keeps a PEP 440 pre-release in pre-releases when conventional commits choose the bump', () => {
    expect(computeNewVersion({ ...base, current: '1.2.0a1', input: 'minor', stayInPrerelease: true }).newVersion).toBe('1.2.0a2');
    expect(computeNewVersion({ ...base, current: '1.2.0a1', input: 'minor' }).newVersion).toBe('1.2.0');
  });

  it('passes the preid on', () => {
    expect(computeNewVersion({ ...base, input: 'prepatch', preid: 'rc' }).newVersion).toBe('0.1.1rc1');
  });

  it('validates and normalizes an explicit version', () => {
    expect(computeNewVersion({ ...base, input: '2.0.0-RC1' })).toEqual({
      newVersion: '2.0.0rc1',
      description: 'explicit version "2.0.0-RC1" (normalized to 2.0.0rc1)',
    });
    expect(computeNewVersion({ ...base, current: null, input: '1.0.post1' }).newVersion).toBe('1.0.post1');
    expect(() => computeNewVersion({ ...base, input: '2.0.0-next' })).toThrow('"2.0.0-next" is neither a PEP 440 version nor a bump keyword');
  });

  it('refuses a keyword without a current version', () => {
    expect(() => computeNewVersion({ ...base, current: null })).toThrow('cannot apply the bump "patch": no current version was resolved');
  });
});
