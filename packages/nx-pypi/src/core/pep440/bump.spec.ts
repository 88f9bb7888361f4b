import { adjustBumpForZeroMajor, bumpVersion, isUpcomingPrerelease, normalizeExplicitVersion, parsePreid, VersionBumpError, type BumpKind } from './bump';
import { compareVersions } from './version';

describe('bumpVersion', () => {
  it.each<[string, BumpKind, string | undefined, string]>([
    // final releases
    ['1.2.3', 'major', undefined, '2.0.0'],
    ['1.2.3', 'minor', undefined, '1.3.0'],
    ['1.2.3', 'patch', undefined, '1.2.4'],
    ['0.1.0', 'patch', undefined, '0.1.1'],
    // the number of release segments is kept, padded only up to the bumped one
    ['1.2', 'minor', undefined, '1.3'],
    ['1.2', 'major', undefined, '2.0'],
    ['1', 'patch', undefined, '1.0.1'],
    ['1.2.3.4', 'patch', undefined, '1.2.4.0'],
    // epoch kept; post, dev and local dropped
    ['1!1.2.3', 'minor', undefined, '1!1.3.0'],
    ['1.2.3.post2', 'patch', undefined, '1.2.4'],
    ['1.2.3.post2.dev1', 'patch', undefined, '1.2.4'],
    ['1.2.3+local.7', 'patch', undefined, '1.2.4'],
    // a pre-release of exactly that release graduates (semver's inc does the same)
    ['2.0.0rc1', 'major', undefined, '2.0.0'],
    ['1.2.0a1', 'minor', undefined, '1.2.0'],
    ['1.2.3b2', 'patch', undefined, '1.2.3'],
    ['1.2.3.dev4', 'patch', undefined, '1.2.3'],
    ['1.2a1', 'patch', undefined, '1.2'],
    // ... otherwise it moves on
    ['1.2.3a1', 'minor', undefined, '1.3.0'],
    ['1.2.0a1', 'major', undefined, '2.0.0'],
    // pre* always move the release, then start a phase (a1 / b1 / rc1 / .dev0)
    ['1.2.3', 'premajor', undefined, '2.0.0a1'],
    ['1.2.3', 'preminor', 'beta', '1.3.0b1'],
    ['1.2.3', 'prepatch', 'rc', '1.2.4rc1'],
    ['1.2.3', 'prepatch', 'alpha', '1.2.4a1'],
    ['1.2.3', 'prepatch', 'dev', '1.2.4.dev0'],
    ['1.2.4a1', 'prepatch', 'a', '1.2.5a1'],
    // prerelease
    ['1.2.0a1', 'prerelease', undefined, '1.2.0a2'],
    ['1.2.0a1', 'prerelease', 'a', '1.2.0a2'],
    ['1.2.0a1', 'prerelease', 'alpha', '1.2.0a2'],
    ['1.2.0a2', 'prerelease', 'b', '1.2.0b1'],
    ['1.2.0b3', 'prerelease', 'rc', '1.2.0rc1'],
    ['1.2.0rc1', 'prerelease', 'rc', '1.2.0rc2'],
    ['1.2.0a1.dev3', 'prerelease', undefined, '1.2.0a1.dev4'],
    ['1.2.0a1.dev3', 'prerelease', 'a', '1.2.0a1'],
    ['1.2.0a1.dev3', 'prerelease', 'b', '1.2.0b1'],
    ['1.2.0a1', 'prerelease', 'dev', '1.2.0a2.dev0'],
    ['1.2.0.dev3', 'prerelease', undefined, '1.2.0.dev4'],
    ['1.2.0.dev3', 'prerelease', 'dev', '1.2.0.dev4'],
    ['1.2.0.dev3', 'prerelease', 'rc', '1.2.0rc1'],
    ['1.2.3', 'prerelease', undefined, '1.2.4a1'],
    ['1.2.3', 'prerelease', 'rc', '1.2.4rc1'],
    ['1.2.3.post1', 'prerelease', 'b', '1.2.4b1'],
    // any input spelling is read, the result is in normal form
    ['v1.2.0-Alpha.1', 'prerelease', undefined, '1.2.0a2'],
  ])('%s %s (preid %s) -> %s', (current, kind, preid, expected) => {
    const next = bumpVersion(current, kind, preid);
    expect(next).toBe(expected);
    expect(compareVersions(next, current)).toBeGreaterThan(0);
  });

  it('refuses a pre-release phase that would go backwards', () => {
    expect(() => bumpVersion('1.2.0rc1', 'prerelease', 'a')).toThrow(VersionBumpError);
    expect(() => bumpVersion('1.2.0rc1', 'prerelease', 'beta')).toThrow(/would be a lower version/);
  });

  it('refuses an unknown preid and an invalid current version, saying what to do', () => {
    expect(() => bumpVersion('1.2.3', 'prepatch', 'next')).toThrow('"next" is not a PEP 440 pre-release identifier');
    try {
      bumpVersion('1.2.x', 'patch');
      throw new Error('unreachable');
    } catch (err) {
      expect(err).toBeInstanceOf(VersionBumpError);
      expect((err as VersionBumpError).code).toBe('PEP440_INVALID_CURRENT_VERSION');
      expect((err as VersionBumpError).hint).toContain('explicit version');
    }
  });
});

describe('parsePreid', () => {
  it.each([
    ['a', 'a'],
    ['alpha', 'a'],
    ['B', 'b'],
    ['beta', 'b'],
    ['rc', 'rc'],
    ['c', 'rc'],
    ['preview', 'rc'],
    ['dev', 'dev'],
    ['', undefined],
    [undefined, undefined],
  ])('%s -> %s', (preid, phase) => {
    expect(parsePreid(preid)).toBe(phase);
  });
});

describe('adjustBumpForZeroMajor', () => {
  it.each<[BumpKind, string, BumpKind]>([
    ['major', '0.3.1', 'minor'],
    ['premajor', '0.3.1', 'preminor'],
    ['minor', '0.3.1', 'patch'],
    ['preminor', '0.3.1', 'prepatch'],
    ['patch', '0.3.1', 'patch'],
    ['prerelease', '0.3.1a1', 'prerelease'],
    ['major', '1.0.0', 'major'],
    ['minor', '1!0.3', 'patch'],
  ])('%s on %s -> %s', (kind, current, expected) => {
    expect(adjustBumpForZeroMajor(kind, current)).toBe(expected);
  });
});

describe('normalizeExplicitVersion', () => {
  it.each([
    ['2.0.0rc1', '2.0.0rc1'],
    ['2.0.0-RC.1', '2.0.0rc1'],
    ['v2.0.0', '2.0.0'],
    ['1.0.post1', '1.0.post1'],
    ['1.0-1', '1.0.post1'],
    ['1.0.dev3', '1.0.dev3'],
    ['1.0.0-alpha.2', '1.0.0a2'],
  ])('%s -> %s', (input, expected) => {
    expect(normalizeExplicitVersion(input)).toBe(expected);
  });

  it('rejects what is neither a version nor a keyword', () => {
    expect(() => normalizeExplicitVersion('2.0.0-next')).toThrow('"2.0.0-next" is neither a PEP 440 version nor a bump keyword');
    expect(() => normalizeExplicitVersion('latest')).toThrow(VersionBumpError);
  });
});

describe('isUpcomingPrerelease', () => {
  it.each([
    ['1.2.0a1', true],
    ['1.2.0.dev1', true],
    ['1.2.0rc1.dev2', true],
    ['1.2.0', false],
    ['1.2.0.post1', false],
    ['1.2.0.post1.dev1', false],
    ['nope', false],
  ])('%s -> %s', (v, expected) => {
    expect(isUpcomingPrerelease(v)).toBe(expected);
  });
});
