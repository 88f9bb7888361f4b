import { classifyGroupIndex, classifyHostedIndex, classifyUnknownProjectProbe, parseNexusRepositoryName } from './classify-responses';
import { Secret, type ResolvedCredentials } from './credentials';

const url = 'https://n.example.com/repository/pypi-hosted/simple/';
const withCreds: ResolvedCredentials = {
  username: { value: 'ci', source: 'env NEXUS_USERNAME' },
  password: { value: new Secret('pw-value-xyz'), source: 'env NEXUS_PASSWORD' },
  notes: [],
};
const none: ResolvedCredentials = { notes: [] };

describe('classify doctor responses', () => {
  it.each([
    [200, withCreds, 'warning', 'LOGIN_NOT_VERIFIED'],
    [200, none, 'warning', 'NO_CREDENTIALS'],
    [401, none, 'fault', 'NO_CREDENTIALS'],
    [401, withCreds, 'fault', 'WRONG_PASSWORD'],
    [403, withCreds, 'fault', 'FORBIDDEN'],
    [404, withCreds, 'fault', 'NOT_A_PYPI_REPOSITORY'],
    [302, withCreds, 'fault', 'UNEXPECTED_REDIRECT'],
    [503, withCreds, 'fault', 'HTTP_ERROR'],
  ] as const)('hosted index %i -> %s %s', (status, creds, severity, code) => {
    const f = classifyHostedIndex({ url, status }, creds, { usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' });
    expect([f.severity, f.code]).toEqual([severity, code]);
    expect(JSON.stringify(f)).not.toContain('pw-value-xyz');
  });

  it.each([
    [
      'anonymous reads are refused',
      { anonymous: 401 },
      'ok',
      `user "ci" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: accepted by ${url}, which refuses anonymous reads`,
    ],
    [
      'a made-up login is refused',
      { anonymous: 200, wrongLogin: 401 },
      'ok',
      `user "ci" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: accepted by ${url}, which refuses a wrong login`,
    ],
    [
      'reads are anonymous and any login reads',
      { anonymous: 200, wrongLogin: 200 },
      'warning',
      `user "ci" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: not verified, because reads of ${url} are anonymous and the server does not check a login on them (a made-up login may read it too)`,
    ],
  ] as const)('a read that works with the password proves it only when %s', (_, proof, severity, message) => {
    expect(classifyHostedIndex({ url, status: 200 }, withCreds, {}, proof)).toMatchObject({ severity, message });
  });

  it('explains a 403 as a wrong password (naming its variable) or a missing Nexus privilege', () => {
    const f = classifyHostedIndex({ url, status: 403 }, withCreds, {});
    expect(`${f.message}\n${f.fix}`).toBe(
      `user "ci" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD: ${url} refused the read (403)\n` +
        'Either the password is wrong (some servers and proxies answer 403 rather than 401): check the username "ci" and the password in env NEXUS_PASSWORD; or the user lacks the Nexus privilege nx-repository-view-pypi-pypi-hosted-read: ask the Nexus administrator to grant it (or a role holding it) to "ci"; uploads need the -add privilege as well.',
    );
  });

  it('names what to export when no credentials are found', () => {
    expect(classifyHostedIndex({ url, status: 401 }, none, { passwordEnv: 'NEXUS_PASSWORD' }).fix).toBe(
      'Export TWINE_USERNAME and NEXUS_PASSWORD (or set usernameEnv/passwordEnv in nx-pypi.json to the variables your CI provides).',
    );
  });

  it.each([
    [200, 'ok', 'INDEX_OK'],
    [401, 'warning', 'INDEX_NEEDS_LOGIN'],
    [404, 'fault', 'INDEX_NOT_FOUND'],
  ] as const)('group index %i -> %s %s', (status, severity, code) => {
    expect(classifyGroupIndex({ url, status })).toMatchObject({ severity, code });
  });

  it.each([
    ['a hosted repository (404 for an unknown project)', 404, undefined, 'ok', 'UPLOAD_URL_HOSTED'],
    ['a Nexus group (200, and no upload route)', 200, 404, 'fault', 'UPLOAD_URL_IS_GROUP'],
    ['an index that serves its pages under the upload URL (pypiserver, devpi)', 200, 401, 'ok', 'UPLOAD_URL_ACCEPTS_UPLOADS'],
    ['a server that cannot tell', 401, undefined, 'info', 'UPLOAD_URL_KIND_UNKNOWN'],
  ] as const)('decides the upload URL by behaviour: %s', (_, status, postStatus, severity, code) => {
    const post = postStatus === undefined ? undefined : { url: 'https://n.example.com/repository/x/', status: postStatus };
    expect(classifyUnknownProjectProbe({ url, status }, post)).toMatchObject({ severity, code });
  });

  it('reads the repository name only from Nexus-shaped URLs', () => {
    expect(parseNexusRepositoryName('https://h/repository/pypi-hosted/')).toBe('pypi-hosted');
    expect(parseNexusRepositoryName('https://h/pypi/upload/')).toBeUndefined();
  });
});
