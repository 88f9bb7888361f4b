import { classifyWritePolicy, computeNexusSettingsUrl } from './classify-write-policy';

const api = 'https://n.example.com/service/rest/v1/repositories/pypi/hosted/pypi-hosted';
const settings = (writePolicy: unknown): string =>
  JSON.stringify({
    name: 'pypi-hosted',
    format: 'pypi',
    type: 'hosted',
    online: true,
    storage: { blobStoreName: 'default', strictContentTypeValidation: true, writePolicy },
  });

describe('computeNexusSettingsUrl', () => {
  it.each([
    ['https://n.example.com/repository/pypi-hosted/', { repository: 'pypi-hosted', url: api }],
    [
      'https://n.example.com/nexus/repository/pypi-hosted/',
      { repository: 'pypi-hosted', url: 'https://n.example.com/nexus/service/rest/v1/repositories/pypi/hosted/pypi-hosted' },
    ],
    [
      'https://ci:secret@n.example.com:8443/repository/py%20pi/',
      { repository: 'py pi', url: 'https://n.example.com:8443/service/rest/v1/repositories/pypi/hosted/py%20pi' },
    ],
  ])('%s -> the Nexus REST URL of its repository, without userinfo', (uploadUrl, expected) => {
    expect(computeNexusSettingsUrl(uploadUrl)).toEqual(expected);
  });

  it.each(['https://pypi.example.com/', 'https://n.example.com/repository/pypi-hosted/legacy/', 'https://n.example.com/repository/', 'not a url'])(
    '%s is not a Nexus repository URL',
    (uploadUrl) => expect(computeNexusSettingsUrl(uploadUrl)).toBeUndefined(),
  );
});

describe('classifyWritePolicy', () => {
  it.each([
    ['ALLOW_ONCE', 'ok', 'WRITE_POLICY_ALLOW_ONCE'],
    ['allow_once', 'ok', 'WRITE_POLICY_ALLOW_ONCE'],
    ['ALLOW', 'warning', 'WRITE_POLICY_ALLOW'],
    ['allow', 'warning', 'WRITE_POLICY_ALLOW'],
    ['DENY', 'fault', 'WRITE_POLICY_DENY'],
    ['SOMETHING_NEW', 'info', 'WRITE_POLICY_UNKNOWN'],
    [undefined, 'info', 'WRITE_POLICY_UNKNOWN'],
  ] as const)('storage.writePolicy %s -> %s %s (Nexus has sent both casings)', (writePolicy, severity, code) => {
    expect(classifyWritePolicy('pypi-hosted', { url: api, status: 200, body: settings(writePolicy) })).toMatchObject({ severity, code });
  });

  it('names the fix for a repository that allows redeploys', () => {
    const f = classifyWritePolicy('pypi-hosted', { url: api, status: 200, body: settings('ALLOW') });
    expect(`${f.message}\n${f.fix}`).toBe(
      'pypi-hosted allows redeploys (Deployment policy "Allow redeploy"): two concurrent runs can replace a file that one of them reported uploaded (publish then fails, naming the file)\n' +
        'In Nexus, Administration > Repository > Repositories > pypi-hosted: set Deployment policy to "Disable redeploy".',
    );
  });

  it('calls a read-only repository a fault: every upload is refused', () => {
    expect(classifyWritePolicy('pypi-hosted', { url: api, status: 200, body: settings('DENY') }).message).toBe(
      'pypi-hosted is read-only (Deployment policy "Read-only"): every upload will be refused',
    );
  });

  it.each([
    [404, 'the user may not read repository settings: Nexus answers 404 without the privilege nx-repository-admin-pypi-pypi-hosted-read'],
    [403, 'the user may not read repository settings (403)'],
    [401, 'the REST API refused the login (401)'],
    [500, `${api} answered 500`],
  ])('cannot tell on %i, and says what the policy should be', (status, reason) => {
    const f = classifyWritePolicy('pypi-hosted', { url: api, status, body: '' });
    expect(f).toMatchObject({ severity: 'info', code: 'WRITE_POLICY_UNKNOWN' });
    expect(f.message).toBe(`cannot tell whether pypi-hosted refuses redeploys (${reason})`);
    expect(f.fix).toBe(
      'Deployment policy should be "Disable redeploy": check Administration > Repository > Repositories > pypi-hosted in Nexus, or grant the user nx-repository-admin-pypi-pypi-hosted-read so the doctor can read it.',
    );
  });

  it('cannot tell from a 200 that is not JSON (not Nexus)', () => {
    expect(classifyWritePolicy('pypi-hosted', { url: api, status: 200, body: '<html></html>' })).toMatchObject({
      severity: 'info',
      message: `cannot tell whether pypi-hosted refuses redeploys (${api} did not answer with Nexus repository settings)`,
    });
  });
});
