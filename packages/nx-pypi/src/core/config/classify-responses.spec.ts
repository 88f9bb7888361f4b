import { classifyGroupIndex, classifyHostedIndex, classifyUnknownProjectProbe, classifyUploadUrlByName, parseNexusRepositoryName } from './classify-responses';
import { Secret, type ResolvedCredentials } from './credentials';

const url = 'https://n.example.com/repository/pypi-hosted/simple/';
const withCreds: ResolvedCredentials = { username: { value: 'ci', source: 'env NEXUS_USERNAME' }, password: { value: new Secret('pw-value-xyz'), source: 'env NEXUS_PASSWORD' }, notes: [] };
const none: ResolvedCredentials = { notes: [] };

describe('classify doctor responses', () => {
  it.each([
    [200, withCreds, 'ok', 'LOGIN_OK'],
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

  it('names what to export when no credentials are found', () => {
    expect(classifyHostedIndex({ url, status: 401 }, none, { passwordEnv: 'NEXUS_PASSWORD' }).fix).toBe(
      'Export TWINE_USERNAME and NEXUS_PASSWORD (or set usernameEnv/passwordEnv in nx.json to the variables your CI provides).',
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
    [404, 'ok', 'UPLOAD_URL_HOSTED'],
    [200, 'fault', 'UPLOAD_URL_IS_GROUP'],
    [401, 'info', 'UPLOAD_URL_KIND_UNKNOWN'],
  ] as const)('unknown-project probe %i -> %s %s', (status, severity, code) => {
    expect(classifyUnknownProjectProbe({ url, status })).toMatchObject({ severity, code });
  });

  it('compares repository names only for Nexus-shaped URLs', () => {
    expect(parseNexusRepositoryName('https://h/repository/pypi-hosted/')).toBe('pypi-hosted');
    expect(parseNexusRepositoryName('https://h/pypi/upload/')).toBeUndefined();
    expect(classifyUploadUrlByName('https://h/repository/g/', 'https://h/repository/g/simple/')?.code).toBe('UPLOAD_URL_IS_GROUP');
    expect(classifyUploadUrlByName('https://h/repository/h/', 'https://h/repository/g/simple/')).toBeUndefined();
    expect(classifyUploadUrlByName('https://h/upload/', 'https://h/simple/')).toBeUndefined();
  });
});
