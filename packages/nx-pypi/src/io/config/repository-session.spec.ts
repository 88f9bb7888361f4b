import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { renderError } from '../../errors';
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
