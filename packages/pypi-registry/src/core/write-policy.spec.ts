import { decideWrite } from './write-policy';

const PATH = '/packages/foo/1.0/foo-1.0.tar.gz';

describe('decideWrite', () => {
  it.each([
    ['allow-once', 'sql', false, { allowed: true, overwrite: false }],
    ['allow-once', 'sql', true, { allowed: false, message: 'repo/packages/foo/1.0/foo-1.0.tar.gz cannot be updated' }],
    ['allow-once', 'orient', true, { allowed: false, message: 'Repository does not allow updating assets: repo' }],
    ['allow', 'sql', true, { allowed: true, overwrite: true }],
    ['allow', 'orient', false, { allowed: true, overwrite: false }],
    ['deny', 'sql', false, { allowed: false, message: 'repo/packages/foo/1.0/foo-1.0.tar.gz is read-only' }],
    ['deny', 'orient', true, { allowed: false, message: 'Repository is read only: repo' }],
  ] as const)('%s on %s with existing=%s', (policy, flavour, exists, expected) => {
    expect(decideWrite(policy, flavour, 'repo', PATH, exists)).toEqual(expected);
  });
});
