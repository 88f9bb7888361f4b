import { computeUserPipConfPath, renderPipConf, updatePipConf } from './pip-conf';

const s = { indexUrl: 'https://n.example.com/repository/pypi-public/simple/', cert: '/ws/tools/certs/chain.pem' };

describe('pip.conf', () => {
  it('renders [global] with index-url and cert only', () => {
    expect(renderPipConf(s)).toBe(
      '# Written by `nx g nx-pypi:pip-config`: the Nexus group index and the workspace CA chain.\n[global]\nindex-url = https://n.example.com/repository/pypi-public/simple/\ncert = /ws/tools/certs/chain.pem\n',
    );
  });

  it('replaces existing values (any key spelling, with continuation lines) and keeps everything else', () => {
    const before = '# mine\n[global]\ntimeout = 60\nindex_url = https://old/simple\n  https://continued\n\n[install]\nuser = false\n';
    expect(updatePipConf(before, s)).toEqual({
      text: '# mine\n[global]\ntimeout = 60\nindex-url = https://n.example.com/repository/pypi-public/simple/\ncert = /ws/tools/certs/chain.pem\n\n[install]\nuser = false\n',
      warnings: [],
    });
  });

  it('adds a [global] section when there is none, and warns about trusted-host and per-command overrides', () => {
    const r = updatePipConf('[install]\ntrusted-host = n.example.com\nindex-url = https://x/simple\n', s);
    expect(r.text).toBe(
      '[install]\ntrusted-host = n.example.com\nindex-url = https://x/simple\n\n[global]\nindex-url = https://n.example.com/repository/pypi-public/simple/\ncert = /ws/tools/certs/chain.pem\n',
    );
    expect(r.warnings).toEqual([
      '[install] trusted-host disables certificate verification for those hosts; remove it',
      '[install] index-url overrides [global] for that command',
    ]);
  });

  it('writes client-cert after cert when one file with the client certificate and key is configured, and replaces an old one', () => {
    const withClient = { ...s, clientCert: '/etc/pki/ci/client.pem' };
    expect(renderPipConf(withClient)).toContain('cert = /ws/tools/certs/chain.pem\nclient-cert = /etc/pki/ci/client.pem\n');
    expect(updatePipConf('[global]\nclient_cert = /old.pem\ntimeout = 5\n', withClient).text).toBe(
      '[global]\nclient-cert = /etc/pki/ci/client.pem\ntimeout = 5\nindex-url = https://n.example.com/repository/pypi-public/simple/\ncert = /ws/tools/certs/chain.pem\n',
    );
    // Without one configured, a client-cert the user set stays.
    expect(updatePipConf('[global]\nclient-cert = /mine.pem\n', s).text).toContain('client-cert = /mine.pem\n');
    expect(updatePipConf('[download]\nclient-cert = /x.pem\n', withClient).warnings).toEqual(['[download] client-cert overrides [global] for that command']);
  });

  it.each([
    [{ platform: 'linux', env: {}, homedir: '/home/u' }, '/home/u/.config/pip/pip.conf'],
    [{ platform: 'linux', env: { XDG_CONFIG_HOME: '/xdg' }, homedir: '/home/u' }, '/xdg/pip/pip.conf'],
    [{ platform: 'linux', env: { XDG_CONFIG_HOME: 'relative' }, homedir: '/home/u' }, '/home/u/.config/pip/pip.conf'],
    [{ platform: 'darwin', env: {}, homedir: '/Users/u', macAppSupportPipExists: true }, '/Users/u/Library/Application Support/pip/pip.conf'],
    [{ platform: 'win32', env: { APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, homedir: 'C:\\Users\\u' }, 'C:\\Users\\u\\AppData\\Roaming\\pip\\pip.ini'],
  ])('user config path for %j is %s', (input, expected) => {
    expect(computeUserPipConfPath(input)).toBe(expected);
  });
});
