import { NxPypiError } from '../../errors';
import { LOCAL_REGISTRY_FILE, parseLocalRegistryFile, renderLocalRegistryFile } from './local-registry-file';

const repository = {
  uploadUrl: 'https://127.0.0.1:8443/repository/pypi-hosted/',
  indexUrl: 'https://127.0.0.1:8443/repository/pypi-public/simple/',
  caBundle: '.nx-pypi/local-registry-chain.pem',
  publicRoots: false,
  usernameEnv: 'NX_PYPI_LOCAL_USERNAME',
  passwordEnv: 'NX_PYPI_LOCAL_PASSWORD',
};

describe('local registry file', () => {
  it('reads back what it renders, with the repository under repositories.local', () => {
    const text = renderLocalRegistryFile({ pid: 4242, repository });
    expect(JSON.parse(text)).toEqual({ version: 1, pid: 4242, repositories: { local: repository } });
    expect(parseLocalRegistryFile(text)).toEqual({ pid: 4242, repository });
  });

  it('lives under the folder init gitignores', () => {
    expect(LOCAL_REGISTRY_FILE).toBe('.nx-pypi/local-registry.json');
  });

  it.each([
    ['not JSON', '{', /cannot be read: .*JSON/],
    ['another version', '{"version":2,"pid":1,"repositories":{"local":{}}}', /unknown version/],
    ['no pid', '{"version":1,"repositories":{"local":{}}}', /"pid" is not a process id/],
    ['no local repository', '{"version":1,"pid":1,"repositories":{}}', /"repositories.local" is not an object/],
    ['a key no repository has', '{"version":1,"pid":1,"repositories":{"local":{"password":"x"}}}', /unknown keys in "repositories.local": password/],
  ])('refuses a file that is %s, naming it and what to do', (_title, text, message) => {
    let thrown: unknown;
    try {
      parseLocalRegistryFile(text);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(NxPypiError);
    const rendered = (thrown as NxPypiError).render();
    expect(rendered).toMatch(message);
    expect(rendered).toContain('.nx-pypi/local-registry.json');
    expect(rendered).toMatch(/start it again/);
  });
});
