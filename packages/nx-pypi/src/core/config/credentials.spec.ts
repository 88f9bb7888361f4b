import { inspect } from 'node:util';
import { resolveCredentials, describeCredentials, Secret } from './credentials';
import type { AskKeyring } from './keyring';
import { parsePypirc, classifyPypircPermissions } from './pypirc';
import { resolveRepository } from './resolve-repository';

const PASSWORD = 'hunter2-test-password';
const repo = resolveRepository({
  settings: {
    repositories: { nexus: { uploadUrl: 'https://n.example.com/repository/hosted/', usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' } },
  },
  env: {},
});
const bare = resolveRepository({ settings: { repositories: { nexus: {} } }, env: {} });
const pypirc = parsePypirc(
  `[distutils]\nindex-servers =\n    nexus\n    other\n\n[nexus]\nrepository = https://rc.example.com/repository/hosted/\nusername = rc-user\npassword = ${PASSWORD}\nca_cert = /etc/rc-ca.pem\n\n[hidden]\nusername = x\n`,
  '/home/u/.pypirc',
);

describe('resolveCredentials', () => {
  it('prefers the configured variables over TWINE_* and .pypirc', () => {
    const c = resolveCredentials({
      repository: repo,
      env: { NEXUS_USERNAME: 'cfg-user', NEXUS_PASSWORD: PASSWORD, TWINE_USERNAME: 'tw', TWINE_PASSWORD: 'tw' },
      pypirc,
    });
    expect(describeCredentials(c)).toBe('user "cfg-user" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD');
    expect(c.password?.value.reveal()).toBe(PASSWORD);
    expect(c.uploadUrl).toEqual({
      value: 'https://n.example.com/repository/hosted/',
      source: 'nx-pypi.json [repositories.nexus.uploadUrl]',
    });
  });

  it('falls back to TWINE_* (including user:password in TWINE_REPOSITORY_URL) and says the configured variable is unset', () => {
    const c = resolveCredentials({
      repository: repo,
      env: { TWINE_PASSWORD: PASSWORD, TWINE_REPOSITORY_URL: 'https://url-user:pw@t.example.com/repository/h/', TWINE_CERT: '/ca.pem' },
    });
    expect(describeCredentials(c)).toBe('user "url-user" (user name in env TWINE_REPOSITORY_URL), password from env TWINE_PASSWORD');
    expect(c.notes).toEqual([
      'NEXUS_USERNAME (usernameEnv) is not set; looking in TWINE_* and .pypirc instead',
      'NEXUS_PASSWORD (passwordEnv) is not set; looking in TWINE_* and .pypirc instead',
    ]);
    const b = resolveCredentials({ repository: bare, env: { TWINE_REPOSITORY_URL: 'https://url-user:pw@t.example.com/repository/h/', TWINE_CERT: '/ca.pem' } });
    expect(b.uploadUrl).toEqual({ value: 'https://t.example.com/repository/h/', source: 'env TWINE_REPOSITORY_URL' });
    expect(b.caFiles).toEqual({ value: ['/ca.pem'], source: 'env TWINE_CERT' });
  });

  it('reads the listed .pypirc section last', () => {
    const c = resolveCredentials({ repository: bare, env: {}, pypirc });
    expect(describeCredentials(c)).toBe('user "rc-user" (/home/u/.pypirc [nexus] username), password from /home/u/.pypirc [nexus] password');
    expect(c.uploadUrl?.source).toBe('/home/u/.pypirc [nexus] repository');
    expect(c.caFiles).toEqual({ value: ['/etc/rc-ca.pem'], source: '/home/u/.pypirc [nexus] ca_cert' });
  });

  it('ignores a section not listed in index-servers, as twine does, and says so', () => {
    const c = resolveCredentials({
      repository: bare,
      env: { TWINE_REPOSITORY: 'hidden' },
      pypirc: parsePypirc('[distutils]\nindex-servers = other\n[nexus]\nusername = x\n[hidden]\nusername = y\n', '.pypirc'),
    });
    expect(c.username).toBeUndefined();
    expect(c.notes).toEqual([
      '.pypirc has a [nexus] section, but it is not listed in [distutils] index-servers, so twine and nx-pypi ignore it',
      '.pypirc has a [hidden] section, but it is not listed in [distutils] index-servers, so twine and nx-pypi ignore it',
    ]);
  });

  it('refuses a TWINE_REPOSITORY_URL that is not http(s), without echoing it', () => {
    expect(() => resolveCredentials({ repository: bare, env: { TWINE_REPOSITORY_URL: 'ftp://u:secret@n.example.com/pypi/' } })).toThrow(
      expect.objectContaining({ code: 'TWINE_REPOSITORY_URL_INVALID', message: 'env TWINE_REPOSITORY_URL is a ftp: URL, not an http(s) one' }),
    );
  });

  it('refuses a .pypirc repository that is not an http(s) URL, naming the file, section and line', () => {
    const rc = parsePypirc('[distutils]\nindex-servers = nexus\n\n[nexus]\nrepository = nexus-hosted\n', '/h/.pypirc');
    expect(() => resolveCredentials({ repository: bare, env: {}, pypirc: rc })).toThrow(
      expect.objectContaining({ code: 'PYPIRC_BAD_URL', location: { file: '/h/.pypirc', line: 4, keyPath: 'nexus.repository' } }),
    );
  });

  it('says so when a user name has no password, instead of going anonymous in silence', () => {
    const c = resolveCredentials({ repository: bare, env: { TWINE_USERNAME: 'deployer' } });
    expect(c.password).toBeUndefined();
    expect(c.notes).toEqual([
      'a user name is configured (env TWINE_USERNAME) but no password, so requests go without credentials; set the variable named by passwordEnv or TWINE_PASSWORD',
    ]);
  });

  describe('keyring, after the environment and .pypirc', () => {
    const stored = (password: string): { ask: AskKeyring; asked: string[][] } => {
      const asked: string[][] = [];
      return {
        asked,
        ask: (service, username) => {
          asked.push([service, username]);
          return service === 'https://n.example.com/repository/hosted/' ? { kind: 'found', password: new Secret(password) } : { kind: 'none' };
        },
      };
    };

    it('gives the password for a known user name when no variable and no .pypirc does, and says so', () => {
      const k = stored(PASSWORD);
      const c = resolveCredentials({ repository: repo, env: { NEXUS_USERNAME: 'deployer' }, keyring: k.ask });
      expect(c.password?.value.reveal()).toBe(PASSWORD);
      expect(describeCredentials(c)).toBe('user "deployer" (env NEXUS_USERNAME), password from keyring (service https://n.example.com/repository/hosted/)');
      expect(k.asked).toEqual([['https://n.example.com/repository/hosted/', 'deployer']]);
      expect(c.notes).toEqual(['NEXUS_PASSWORD (passwordEnv) is not set; looking in TWINE_*, .pypirc and keyring instead']);
      expect(inspect(c, { depth: 10 })).not.toContain(PASSWORD);
    });

    it('is not asked when a variable or .pypirc has the password, nor without a user name', () => {
      const k = stored('never-used');
      expect(resolveCredentials({ repository: repo, env: { NEXUS_USERNAME: 'u', TWINE_PASSWORD: PASSWORD }, keyring: k.ask }).password?.source).toBe(
        'env TWINE_PASSWORD',
      );
      expect(resolveCredentials({ repository: bare, env: {}, pypirc, keyring: k.ask }).password?.source).toBe('/home/u/.pypirc [nexus] password');
      expect(resolveCredentials({ repository: repo, env: {}, keyring: k.ask }).password).toBeUndefined();
      expect(k.asked).toEqual([]);
    });

    it('is not asked with NX_PYPI_KEYRING_PROVIDER=disabled, and a mistyped value is an error even when not needed', () => {
      const k = stored(PASSWORD);
      const c = resolveCredentials({ repository: repo, env: { NEXUS_USERNAME: 'deployer', NX_PYPI_KEYRING_PROVIDER: 'disabled' }, keyring: k.ask });
      expect(c.password).toBeUndefined();
      expect(c.notes).toContain('keyring was not asked (env NX_PYPI_KEYRING_PROVIDER=disabled)');
      expect(k.asked).toEqual([]);
      expect(() => resolveCredentials({ repository: repo, env: { NEXUS_PASSWORD: PASSWORD, NX_PYPI_KEYRING_PROVIDER: 'no' }, keyring: k.ask })).toThrow(
        expect.objectContaining({ code: 'KEYRING_PROVIDER_INVALID' }),
      );
    });

    it('names the `keyring set` command to run when keyring has nothing either', () => {
      const c = resolveCredentials({ repository: repo, env: { TWINE_USERNAME: 'deployer' }, keyring: () => ({ kind: 'none' }) });
      expect(c.notes.slice(-2)).toEqual([
        'a user name is configured (env TWINE_USERNAME) but no password, so requests go without credentials; set the variable named by passwordEnv (NEXUS_PASSWORD) or TWINE_PASSWORD, or store it with `keyring set https://n.example.com/repository/hosted/ deployer`',
        'keyring has no password for user "deployer" under https://n.example.com/repository/hosted/',
      ]);
    });
  });

  it('says so when TWINE_REPOSITORY names a section the .pypirc lacks (twine stops there)', () => {
    const unnamed = resolveRepository({ settings: undefined, env: {} });
    const c = resolveCredentials({ repository: unnamed, env: { TWINE_REPOSITORY: 'nexsu' }, pypirc });
    expect(c.notes).toEqual([
      'env TWINE_REPOSITORY names [nexsu], but /home/u/.pypirc has no such section (it has [nexus]); fix TWINE_REPOSITORY or add the section',
    ]);
  });

  it('never shows the password when the result is printed', () => {
    const c = resolveCredentials({ repository: repo, env: { NEXUS_PASSWORD: PASSWORD } });
    expect(JSON.stringify(c)).not.toContain(PASSWORD);
    expect(inspect(c, { depth: 10 })).not.toContain(PASSWORD);
    expect(String(c.password?.value)).toBe('***');
  });
});

describe('.pypirc', () => {
  it('defaults index-servers to pypi testpypi and keeps values verbatim (no inline comments)', () => {
    const rc = parsePypirc('[pypi]\npassword = a # b\n', 'rc');
    expect(rc.indexServers).toEqual(['pypi', 'testpypi']);
    expect(rc.servers.get('pypi')?.password).toBe('a # b');
  });

  it('reports a syntax error with file and line', () => {
    expect(() => parsePypirc('[distutils]\nindex-servers = a\nnot a pair\n', '/h/.pypirc')).toThrow(
      expect.objectContaining({ location: { file: '/h/.pypirc', line: 3, column: 1 } }),
    );
  });

  it.each([
    [0o600, undefined],
    [0o640, '/h/.pypirc holds a password ([nexus]) and is readable by its group (mode 640)'],
    [0o644, '/h/.pypirc holds a password ([nexus]) and is readable by every user (mode 644)'],
    [null, undefined],
  ])('mode %p with a password -> %p', (mode, message) => {
    const rc = parsePypirc(`[distutils]\nindex-servers = nexus\n[nexus]\npassword = ${PASSWORD}\n`, '/h/.pypirc');
    const w = classifyPypircPermissions(rc, mode);
    expect(w?.message).toBe(message);
    if (w) expect(w.fix).toBe('Run: chmod 600 /h/.pypirc');
  });

  it('does not warn about a world-readable .pypirc without passwords', () => {
    expect(classifyPypircPermissions(parsePypirc('[distutils]\nindex-servers = nexus\n[nexus]\nusername = u\n', 'rc'), 0o644)).toBeUndefined();
  });
});

describe("twine's client certificate", () => {
  const twineRc = parsePypirc('[distutils]\nindex-servers = nexus\n\n[nexus]\nusername = u\nclient_cert = /etc/pki/deploy.pem\n', '/home/u/.pypirc');

  it('comes from TWINE_CLIENT_CERT, then the .pypirc section client_cert, as twine reads them', () => {
    expect(resolveCredentials({ repository: bare, env: { TWINE_CLIENT_CERT: '/ci/client.pem' }, pypirc: twineRc }).clientCert).toEqual({
      value: '/ci/client.pem',
      source: 'env TWINE_CLIENT_CERT',
    });
    expect(resolveCredentials({ repository: bare, env: {}, pypirc: twineRc }).clientCert).toEqual({
      value: '/etc/pki/deploy.pem',
      source: '/home/u/.pypirc [nexus] client_cert',
    });
  });

  it('gives way to clientCert in the settings', () => {
    const configured = resolveRepository({ settings: { repositories: { nexus: { clientCert: 'certs/deploy.pem' } } }, env: {} });
    expect(resolveCredentials({ repository: configured, env: { TWINE_CLIENT_CERT: '/ci/client.pem' }, pypirc: twineRc }).clientCert).toBeUndefined();
  });
});
