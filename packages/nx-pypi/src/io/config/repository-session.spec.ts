import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { renderError } from '../../errors';
import { createClientCert, createTestPki } from '../../test-support/ca';
import { createTestKeyring } from '../../test-support/keyring';
import { describeClientCertificate } from '../../core/tls/client-certificate';
import { resolveRepositorySession, type RepositorySessionInput } from './repository-session';

const PASSWORD = 'Sess10n-Secret-never-shown';
const nexus = (repo: Record<string, unknown>) => ({
  plugins: [
    {
      plugin: 'nx-pypi',
      options: {
        repositories: {
          nexus: {
            uploadUrl: 'https://nexus.example.com/repository/pypi-hosted/',
            indexUrl: 'https://nexus.example.com/repository/pypi-public/simple/',
            usernameEnv: 'NEXUS_USERNAME',
            passwordEnv: 'NEXUS_PASSWORD',
            ...repo,
          },
        },
      },
    },
  ],
});

describe('resolveRepositorySession', () => {
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-session-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  const session = ({ repo, env, ...over }: Partial<RepositorySessionInput> & { repo?: Record<string, unknown> } = {}) =>
    resolveRepositorySession({
      workspaceRoot: home,
      nxJson: nexus(repo ?? {}),
      env: { HOME: home, NEXUS_USERNAME: 'deployer', NEXUS_PASSWORD: PASSWORD, ...env },
      ...over,
    });
  const failure = (run: () => unknown): string => {
    try {
      run();
    } catch (error) {
      return renderError(error);
    }
    throw new Error('expected the session to be refused');
  };

  it('keeps the password a secret in everything it returns', () => {
    const s = session();
    expect(s.credentials?.password.reveal()).toBe(PASSWORD);
    expect(JSON.stringify(s)).not.toContain(PASSWORD);
    expect(inspect(s, { depth: 10 })).not.toContain(PASSWORD);
    expect(s.credentialsLine).toBe('user "deployer" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD');
    expect(s.timeoutMs).toBe(30_000);
  });

  it('refuses credentials for an http:// upload URL, naming the key that holds it', () => {
    const text = failure(() => session({ repo: { uploadUrl: 'http://nexus.example.com/repository/pypi-hosted/' } }));
    expect(text).toContain('over plain http to http://nexus.example.com/repository/pypi-hosted/');
    expect(text).toContain('nx.json [plugins[0].options.repositories.nexus.uploadUrl]');
    expect(text).not.toContain(PASSWORD);
  });

  it('refuses credentials for an http:// TWINE_REPOSITORY_URL and for an http:// group index', () => {
    const twine = failure(() =>
      resolveRepositorySession({
        workspaceRoot: home,
        nxJson: {},
        env: { HOME: home, TWINE_REPOSITORY_URL: 'http://nexus.example.com/repository/h/', TWINE_USERNAME: 'u', TWINE_PASSWORD: PASSWORD },
      }),
    );
    expect(twine).toContain('env TWINE_REPOSITORY_URL');
    const group = failure(() => session({ repo: { indexUrl: 'http://nexus.example.com/repository/pypi-public/simple/' } }));
    expect(group).toContain('repositories.nexus.indexUrl');
  });

  it('allows loopback http only with allowHttpLoopback, and anonymous http always', () => {
    const loopback = { uploadUrl: 'http://127.0.0.1:8081/repository/h/', indexUrl: 'http://127.0.0.1:8081/repository/g/simple/' };
    expect(failure(() => session({ repo: loopback }))).toContain('"allowHttpLoopback": true');
    expect(session({ repo: { ...loopback, allowHttpLoopback: true } }).uploadUrl?.value).toBe(loopback.uploadUrl);
    const anonymous = session({ repo: { uploadUrl: 'http://nexus.example.com/repository/h/' }, env: { NEXUS_USERNAME: undefined, NEXUS_PASSWORD: undefined } });
    expect(anonymous.credentials).toBeUndefined();
  });

  it('uses the options Nx handed the executor (command line and configurations) over the workspace settings', () => {
    const s = session({
      targetOptions: {
        options: { uploadUrl: 'https://other.example.com/repository/h2', timeoutSeconds: 5 },
        location: { file: 'libs/a/project.json', keyPath: 'targets.publish.options' },
      },
    });
    expect(s.uploadUrl).toEqual({ value: 'https://other.example.com/repository/h2/', source: 'libs/a/project.json [targets.publish.options.uploadUrl]' });
    expect(s.hostedIndexUrl).toBe('https://other.example.com/repository/h2/simple/');
    expect(s.timeoutMs).toBe(5000);
  });

  it('refuses a literal password in the publish target options, naming project.json and the variable to use', () => {
    const text = failure(() =>
      session({ targetOptions: { options: { password: PASSWORD }, location: { file: 'libs/a/project.json', keyPath: 'targets.publish.options' } } }),
    );
    expect(text).toContain('libs/a/project.json [targets.publish.options.password]');
    expect(text).toContain('passwordEnv');
    expect(text).not.toContain(PASSWORD);
  });

  it('explains a TWINE_REPOSITORY_URL that does not parse or has a bad % escape, without echoing it', () => {
    const bad = (url: string) => failure(() => resolveRepositorySession({ workspaceRoot: home, nxJson: {}, env: { HOME: home, TWINE_REPOSITORY_URL: url } }));
    expect(bad(`not a url ${PASSWORD}`)).toContain('env TWINE_REPOSITORY_URL is not a URL');
    const escape = bad(`https://u:${PASSWORD}%zz@nexus.example.com/repository/h/`);
    expect(escape).toContain('password in env TWINE_REPOSITORY_URL has a "%"');
    expect(escape).not.toContain(PASSWORD);
  });

  it('names the option when the .pypirc it points at does not exist', () => {
    const text = failure(() => session({ pypirc: { path: 'tools/missing.pypirc', option: 'the pypirc option of a:publish' } }));
    expect(text).toContain(`the .pypirc named by the pypirc option of a:publish does not exist: ${join(home, 'tools/missing.pypirc')}`);
  });

  it('reads ~/.pypirc for credentials when the variables are unset', () => {
    writeFileSync(join(home, '.pypirc'), `[distutils]\nindex-servers = nexus\n\n[nexus]\nusername = rc-user\npassword = ${PASSWORD}\n`);
    chmodSync(join(home, '.pypirc'), 0o600);
    const s = session({ env: { NEXUS_USERNAME: undefined, NEXUS_PASSWORD: undefined } });
    expect(s.credentials?.username).toBe('rc-user');
    expect(s.credentialsLine).toContain('[nexus] password');
  });

  describe('keyring (a real `keyring` command and file backend)', () => {
    const HOSTED = 'https://nexus.example.com/repository/pypi-hosted/';
    const GROUP = 'https://nexus.example.com/repository/pypi-public/simple/';
    const KEYRING_PASSWORD = 'Keyr1ng-Secret-never-shown';

    it('takes the password from keyring under the upload URL when no variable or .pypirc gives one, and names it', () => {
      const keyring = createTestKeyring(home);
      keyring.set(HOSTED, 'deployer', KEYRING_PASSWORD);
      const s = session({ env: { ...keyring.env, NEXUS_PASSWORD: undefined } });
      expect(s.credentials?.username).toBe('deployer');
      expect(s.credentials?.password.reveal()).toBe(KEYRING_PASSWORD);
      expect(s.credentials?.source).toBe(`keyring (service ${HOSTED})`);
      expect(s.credentialsLine).toBe(`user "deployer" (env NEXUS_USERNAME), password from keyring (service ${HOSTED})`);
      expect(s.notes).toEqual(['NEXUS_PASSWORD (passwordEnv) is not set; looking in TWINE_*, .pypirc and keyring instead']);
      expect(JSON.stringify(s)).not.toContain(KEYRING_PASSWORD);
      expect(inspect(s, { depth: 10 })).not.toContain(KEYRING_PASSWORD);
    });

    it('finds a password stored for pip (the group index URL, or its host) too', () => {
      const byIndex = createTestKeyring(join(home, 'by-index'));
      byIndex.set(GROUP, 'deployer', KEYRING_PASSWORD);
      expect(session({ env: { ...byIndex.env, NEXUS_PASSWORD: undefined } }).credentialsLine).toContain(`password from keyring (service ${GROUP})`);
      const byHost = createTestKeyring(join(home, 'by-host'));
      byHost.set('nexus.example.com', 'deployer', KEYRING_PASSWORD);
      expect(session({ env: { ...byHost.env, NEXUS_PASSWORD: undefined } }).credentials?.source).toBe('keyring (service nexus.example.com)');
    });

    it('says which services keyring was asked and the `keyring set` to run when it has nothing', () => {
      const keyring = createTestKeyring(home);
      const s = session({ env: { ...keyring.env, NEXUS_PASSWORD: undefined } });
      expect(s.credentials).toBeUndefined();
      expect(s.credentialsLine).toBe('user "deployer" (env NEXUS_USERNAME), no password');
      expect(s.notes).toContain(`keyring has no password for user "deployer" under ${HOSTED}, ${GROUP} or nexus.example.com`);
      expect(s.notes.join('\n')).toContain(`or store it with \`keyring set ${HOSTED} deployer\``);
    });

    it('prefers the environment over keyring, and asks nothing with NX_PYPI_KEYRING_PROVIDER=disabled', () => {
      const keyring = createTestKeyring(home);
      keyring.set(HOSTED, 'deployer', KEYRING_PASSWORD);
      expect(session({ env: keyring.env }).credentials?.source).toBe('env NEXUS_PASSWORD');
      const off = session({ env: { ...keyring.env, NEXUS_PASSWORD: undefined, NX_PYPI_KEYRING_PROVIDER: 'disabled' } });
      expect(off.credentials).toBeUndefined();
      expect(off.notes).toContain('keyring was not asked (env NX_PYPI_KEYRING_PROVIDER=disabled)');
    });

    it('refuses to send a keyring password over plain http, naming keyring as its source', () => {
      const keyring = createTestKeyring(home);
      keyring.set('http://nexus.example.com/repository/pypi-hosted/', 'deployer', KEYRING_PASSWORD);
      const text = failure(() =>
        session({ repo: { uploadUrl: 'http://nexus.example.com/repository/pypi-hosted/' }, env: { ...keyring.env, NEXUS_PASSWORD: undefined } }),
      );
      expect(text).toContain('refusing to send the password (keyring (service http://nexus.example.com/repository/pypi-hosted/)) over plain http');
      expect(text).not.toContain(KEYRING_PASSWORD);
    });
  });

  describe('nx-pypi.json', () => {
    const repository = {
      uploadUrl: 'https://nexus.example.com/repository/pypi-hosted/',
      indexUrl: 'https://nexus.example.com/repository/pypi-public/simple/',
      usernameEnv: 'NEXUS_USERNAME',
      passwordEnv: 'NEXUS_PASSWORD',
    };
    const withFile = (text: string, nxJson: unknown = { plugins: ['nx-pypi'] }) => {
      writeFileSync(join(home, 'nx-pypi.json'), text);
      return () => session({ nxJson });
    };

    it('reads the settings from nx-pypi.json at the workspace root, naming it as the source of every value', () => {
      const s = withFile(JSON.stringify({ defaultRepository: 'nexus', repositories: { nexus: repository, other: {} } }))();
      expect(s.settings.origin).toBe('nx-pypi.json');
      expect(s.settings.warning).toBeUndefined();
      expect(s.uploadUrl).toEqual({ value: repository.uploadUrl, source: 'nx-pypi.json [repositories.nexus.uploadUrl]' });
      expect(s.repository.sources.name).toBe('nx-pypi.json [defaultRepository]');
      expect(s.credentials?.username).toBe('deployer');
    });

    it('refuses a bad value, naming nx-pypi.json and the key path, without echoing a pasted secret', () => {
      const text = failure(withFile(JSON.stringify({ repositories: { nexus: { ...repository, indexUrl: 'nexus/simple', passwordEnv: PASSWORD } } })));
      expect(text).toContain('- nx-pypi.json [repositories.nexus.indexUrl] "nexus/simple" is not a URL');
      expect(text).toContain('- nx-pypi.json [repositories.nexus.passwordEnv] "passwordEnv" must be the NAME of an environment variable');
      expect(text).not.toContain(PASSWORD);
    });

    it('names nx-pypi.json and line:col for a JSON syntax error, and refuses an unknown top-level key', () => {
      expect(failure(withFile('{\n  "repositories": {\n    "nexus": {}\n  },\n}\n'))).toMatch(
        /^nx-pypi\.json:4:4 is not valid JSON: a trailing comma before "}"/,
      );
      expect(failure(withFile('{ "defaultRepositroy": "nexus" }'))).toMatch(
        /^nx-pypi\.json \[defaultRepositroy\] unknown key "defaultRepositroy"\n {2}nx-pypi\.json holds only "defaultRepository" and "repositories" \(did you mean "defaultRepository"\?\)/,
      );
    });

    it('refuses settings in both nx-pypi.json and nx.json, naming both files and the fix', () => {
      const text = failure(withFile(JSON.stringify({ repositories: { nexus: repository } }), nexus({})));
      expect(text).toMatch(
        /^nx\.json \[plugins\[0\]\.options\.repositories\] repository settings are in both nx-pypi\.json \(repositories\) and nx\.json \(repositories\)/,
      );
      expect(text).toContain('into nx-pypi.json');
    });

    it("still reads nx.json's plugin options without nx-pypi.json, and says what that costs", () => {
      const s = session();
      expect(s.settings.origin).toBe('nx.json');
      expect(s.uploadUrl?.source).toBe('nx.json [plugins[0].options.repositories.nexus.uploadUrl]');
      expect(s.settings.warning?.message).toContain('every edit of them (a URL, a CA bundle) invalidates every cached build');
      expect(s.settings.warning?.fix).toContain('nx-pypi.json');
    });
  });
});

describe("resolveRepositorySession with twine's client certificate", () => {
  it('reads TWINE_CLIENT_CERT (one PEM file with the certificate and its key) when the settings name no clientCert', async () => {
    const home = mkdtempSync(join(tmpdir(), 'nx-pypi-session-twine-cert-'));
    try {
      const pki = await createTestPki('Twine');
      const client = await createClientCert(pki.intermediate, { cn: 'deployer' });
      const file = join(home, 'client.pem');
      writeFileSync(file, `${client.cert}${client.key}`);
      const resolved = resolveRepositorySession({
        workspaceRoot: home,
        nxJson: nexus({}),
        env: { HOME: home, NEXUS_USERNAME: 'deployer', NEXUS_PASSWORD: PASSWORD, TWINE_CLIENT_CERT: file },
      });
      expect(resolved.clientCertificate && describeClientCertificate(resolved.clientCertificate)).toContain('deployer');
      expect(inspect(resolved)).not.toContain(client.key.split('\n')[1]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
