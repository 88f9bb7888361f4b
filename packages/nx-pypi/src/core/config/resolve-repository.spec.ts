import { NxPypiError } from '../../errors';
import type { NxPypiPluginOptions } from './nx-pypi-options';
import { resolveRepository, type ResolveRepositoryInput } from './resolve-repository';

const plugin: NxPypiPluginOptions = {
  defaultRepository: 'nexus',
  repositories: {
    nexus: {
      uploadUrl: 'https://nexus.example.com/repository/pypi-hosted',
      indexUrl: 'https://nexus.example.com/repository/pypi-public/simple',
      caBundle: 'tools/certs/nexus-chain.pem',
      usernameEnv: 'NEXUS_USERNAME',
      passwordEnv: 'NEXUS_PASSWORD',
    },
    staging: { uploadUrl: 'https://staging.example.com/repository/pypi-hosted/', ca: ['a.pem', 'b.pem'], publicRoots: false },
  },
};

function errorText(input: ResolveRepositoryInput): string {
  try {
    resolveRepository(input);
  } catch (e) {
    if (e instanceof NxPypiError) return e.render();
    throw e;
  }
  throw new Error('expected an error');
}

describe('resolveRepository', () => {
  it('uses defaultRepository, adds trailing slashes and derives the hosted index', () => {
    const r = resolveRepository({ settings: plugin, env: {} });
    expect(r).toMatchObject({
      name: 'nexus',
      uploadUrl: 'https://nexus.example.com/repository/pypi-hosted/',
      indexUrl: 'https://nexus.example.com/repository/pypi-public/simple/',
      hostedIndexUrl: 'https://nexus.example.com/repository/pypi-hosted/simple/',
      caFiles: ['tools/certs/nexus-chain.pem'],
      publicRoots: true,
    });
    expect(r.sources.uploadUrl).toBe('nx-pypi.json [repositories.nexus.uploadUrl]');
    expect(r.sources.name).toBe('nx-pypi.json [defaultRepository]');
  });

  it.each([
    ['the flag over everything', { flag: 'staging', env: { NX_PYPI_REPOSITORY: 'nexus' } }, 'staging', '--repository'],
    [
      'the project option over env and default',
      {
        projectOverrides: { options: { repository: 'staging' }, location: { file: 'p/project.json', keyPath: 'targets.publish.options' } },
        env: { NX_PYPI_REPOSITORY: 'nexus' },
      },
      'staging',
      'p/project.json [targets.publish.options.repository]',
    ],
    ['env NX_PYPI_REPOSITORY over the default', { env: { NX_PYPI_REPOSITORY: 'staging' } }, 'staging', 'env NX_PYPI_REPOSITORY'],
  ])('picks the name with %s', (_t, extra, name, source) => {
    const r = resolveRepository({ settings: plugin, ...extra });
    expect([r.name, r.sources.name]).toEqual([name, source]);
  });

  it('lets publish target options override single fields, ca replacing caBundle', () => {
    const r = resolveRepository({
      settings: plugin,
      projectOverrides: {
        options: { uploadUrl: 'https://other.example.com/repository/x/', ca: ['p.pem'], dryRun: true },
        location: { file: 'libs/a/project.json', keyPath: 'targets.publish.options' },
      },
      env: {},
    });
    expect(r.uploadUrl).toBe('https://other.example.com/repository/x/');
    expect(r.indexUrl).toBe('https://nexus.example.com/repository/pypi-public/simple/');
    expect(r.caFiles).toEqual(['p.pem']);
    expect(r.sources.ca).toBe('libs/a/project.json [targets.publish.options.ca]');
  });

  it('picks the only repository when there is exactly one, and returns an empty config when there is none', () => {
    expect(resolveRepository({ settings: { repositories: { only: {} } }, env: {} }).name).toBe('only');
    expect(resolveRepository({ settings: undefined, env: {} })).toEqual({
      name: undefined,
      caFiles: [],
      publicRoots: true,
      sources: {},
      uploadUrl: undefined,
      indexUrl: undefined,
      hostedIndexUrl: undefined,
      usernameEnv: undefined,
      passwordEnv: undefined,
      allowHttpLoopback: false,
      timeoutSeconds: 30,
    });
  });

  it('refuses an unknown repository name and lists the known ones', () => {
    expect(errorText({ settings: plugin, flag: 'prod', env: {} })).toBe(
      'repository "prod" (from --repository) is not defined in nx-pypi.json\n  Known repositories: nexus, staging. Add it under nx-pypi.json [repositories], or name another.',
    );
  });

  it('refuses two repositories without a choice', () => {
    expect(errorText({ settings: { repositories: plugin.repositories }, env: {} })).toMatch(
      /^nx-pypi\.json \[defaultRepository\] several repositories are defined \(nexus, staging\)/,
    );
  });

  it('refuses a literal password in nx-pypi.json and says which variable to use instead', () => {
    const text = errorText({
      settings: { repositories: { 'pypi-hosted': { uploadUrl: 'https://n/repository/h/', password: 's3cr3t-Pa55' } as never } },
      env: {},
    });
    expect(text).toBe(
      'nx-pypi.json [repositories.pypi-hosted.password] "password" holds a credential in a committed file; nx-pypi refuses to read it from here\n' +
        '  Remove it and rotate it (it was committed). Put the value in an environment variable from your CI secret store, e.g. PYPI_HOSTED_PASSWORD, and name that variable instead: "passwordEnv": "PYPI_HOSTED_PASSWORD".',
    );
    expect(text).not.toContain('s3cr3t-Pa55');
  });

  it('refuses user:password in a URL, a password pasted into passwordEnv, and a password in project options, all at once', () => {
    const text = errorText({
      settings: { repositories: { nexus: { uploadUrl: 'https://deployer:s3cr3t-Pa55@n.example.com/repository/h/', passwordEnv: 's3cr3t-Pa55!' } } },
      projectOverrides: { options: { token: 's3cr3t-Pa55' }, location: { file: 'libs/a/project.json', keyPath: 'targets.publish.options' } },
      env: {},
    });
    expect(text).toMatch(/^The repository configuration cannot be used \(3 problems\):/);
    expect(text).toContain('[repositories.nexus.uploadUrl] the URL carries a user name and password (https://n.example.com/repository/h/)');
    expect(text).toContain('"passwordEnv" must be the NAME of an environment variable');
    expect(text).toContain('libs/a/project.json [targets.publish.options.token] "token" holds a credential');
    expect(text).not.toContain('s3cr3t');
  });

  it('takes clientCert and clientKey as one setting: a layer that sets either replaces both', () => {
    const settings = { repositories: { nexus: { clientCert: 'certs/me.crt', clientKey: 'certs/me.key' } } };
    const overrides = (options: Record<string, unknown>) => ({ options, location: { file: 'libs/a/project.json', keyPath: 'targets.publish.options' } });
    expect(resolveRepository({ settings, env: {} })).toMatchObject({
      clientCert: 'certs/me.crt',
      clientKey: 'certs/me.key',
      sources: { clientCert: 'nx-pypi.json [repositories.nexus.clientCert]', clientKey: 'nx-pypi.json [repositories.nexus.clientKey]' },
    });
    const combined = resolveRepository({ settings, projectOverrides: overrides({ clientCert: '/etc/pki/ci.pem' }), env: {} });
    expect([combined.clientCert, combined.clientKey, combined.sources.clientKey]).toEqual(['/etc/pki/ci.pem', undefined, undefined]);
  });

  it('refuses clientKey without clientCert, and PEM text (a key above all) in place of a path, without echoing it', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----';
    const text = errorText({
      settings: {
        defaultRepository: 'nexus',
        repositories: { nexus: { clientKey: 'certs/me.key' }, other: { clientCert: '-----BEGIN CERTIFICATE-----\nMIIB', clientKey: key } },
      },
      env: {},
    });
    expect(text).toContain('nx-pypi.json [repositories.nexus.clientKey] "clientKey" is set without "clientCert"');
    expect(text).toContain('nx-pypi.json [repositories.other.clientCert] "clientCert" holds PEM text; it takes the path of a PEM file');
    expect(text).toContain('nx-pypi.json [repositories.other.clientKey] "clientKey" holds a private key itself, in a committed file');
    expect(text).not.toContain('MIGHAgEA');
    expect(text).not.toContain('MIIB');
  });

  it('refuses unknown keys and wrong types in a repository block', () => {
    const text = errorText({ settings: { repositories: { nexus: { uploadURL: 'x', publicRoots: 'no' } as never } }, env: {} });
    expect(text).toContain('unknown repository option "uploadURL"');
    expect(text).toContain('[repositories.nexus.publicRoots] expected true or false');
  });
});

describe('resolveRepository with a running local registry', () => {
  const local = {
    repository: {
      uploadUrl: 'https://127.0.0.1:8443/repository/pypi-hosted/',
      indexUrl: 'https://127.0.0.1:8443/repository/pypi-public/simple/',
      caBundle: '.nx-pypi/local-registry-chain.pem',
      publicRoots: false,
    },
    location: { file: '.nx-pypi/local-registry.json', keyPath: 'repositories.local' },
  };

  it('makes "local" the default while it runs, over defaultRepository (as verdaccio sets the registry), with its file as the source', () => {
    const r = resolveRepository({ settings: plugin, localRegistry: local, env: {} });
    expect(r).toMatchObject({ name: 'local', uploadUrl: local.repository.uploadUrl, caFiles: ['.nx-pypi/local-registry-chain.pem'], publicRoots: false });
    expect(r.sources.name).toBe('the running local registry (.nx-pypi/local-registry.json)');
    expect(r.sources.uploadUrl).toBe('.nx-pypi/local-registry.json [repositories.local.uploadUrl]');
  });

  it.each([
    ['--repository', { flag: 'nexus' }],
    [
      'the project option',
      { projectOverrides: { options: { repository: 'nexus' }, location: { file: 'p/project.json', keyPath: 'targets.publish.options' } } },
    ],
    ['env NX_PYPI_REPOSITORY', { env: { NX_PYPI_REPOSITORY: 'nexus' } }],
  ])('still lets %s choose another repository', (_t, extra) => {
    expect(resolveRepository({ settings: plugin, localRegistry: local, env: {}, ...extra }).name).toBe('nexus');
  });

  it('is selectable by name, replaces a configured repository called "local", and works with no configured repositories at all', () => {
    expect(resolveRepository({ settings: plugin, localRegistry: local, flag: 'local', env: {} }).name).toBe('local');
    const shadowed = resolveRepository({
      settings: { repositories: { local: { uploadUrl: 'https://old.example.com/', usernameEnv: 'OLD_USER' } } },
      localRegistry: local,
      env: {},
    });
    expect([shadowed.uploadUrl, shadowed.usernameEnv]).toEqual([local.repository.uploadUrl, undefined]);
    expect(resolveRepository({ settings: undefined, localRegistry: local, env: {} }).indexUrl).toBe(local.repository.indexUrl);
  });

  it('lists "local" among the known repositories when a name is unknown', () => {
    expect(errorText({ settings: plugin, localRegistry: local, flag: 'prod', env: {} })).toMatch(/Known repositories: nexus, staging, local\./);
  });
});
