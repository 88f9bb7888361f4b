import { computeNewVersion } from './compute-new-version';
import { leastMaturePhase, prereleasePhase } from './follow-prerelease';

describe('following a dependency into pre-releases', () => {
  it('reads the phase of an upcoming release, and none of a final or post release', () => {
    expect(['1.0.dev0', '1.0a1.dev2', '1.0a1', '1.0b2', '1.0rc1', '1.0', '1.0.post1', '1.0.post1.dev0'].map(prereleasePhase)).toEqual([
      'dev',
      'dev',
      'a',
      'b',
      'rc',
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('takes the least mature phase of the bumped dependencies', () => {
    expect(leastMaturePhase(['1.0rc1', '2.0a3', '3.0'])).toBe('a');
    expect(leastMaturePhase(['1.0', '2.0.post1'])).toBeUndefined();
  });

  const bump = (current: string, follow: 'dev' | 'a' | 'b' | 'rc') =>
    computeNewVersion({ current, input: 'patch', adjustForZeroMajor: false, stayInPrerelease: false, followPrerelease: follow }).newVersion;

  it('moves a final dependent to a pre-release of its next patch, and an already pre-released one along its phase', () => {
    expect(bump('0.1.2', 'dev')).toBe('0.1.3.dev0');
    expect(bump('0.1.2', 'rc')).toBe('0.1.3rc1');
    expect(bump('0.1.3a1', 'a')).toBe('0.1.3a2');
    expect(bump('0.1.3a1', 'rc')).toBe('0.1.3rc1');
    expect(bump('1.0rc1', 'a')).toBe('1.0rc2'); // never backwards to an alpha
  });
});
