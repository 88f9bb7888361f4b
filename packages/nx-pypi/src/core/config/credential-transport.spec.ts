import { checkCredentialTransport, isLoopbackHost } from './credential-transport';

const at = (url: string) => ({ url, source: 'nx.json [plugins[0].options.repositories.nexus.uploadUrl]' });

describe('checkCredentialTransport', () => {
  it('refuses a password over plain http to another host, naming the key and never the password', () => {
    const error = checkCredentialTransport({
      destinations: [at('http://nexus.example.com/repository/pypi-hosted/')],
      allowHttpLoopback: true,
      passwordSource: 'env NEXUS_PASSWORD',
    });
    expect(error?.code).toBe('CREDENTIALS_OVER_HTTP');
    expect(error?.render()).toContain('http://nexus.example.com/repository/pypi-hosted/');
    expect(error?.render()).toContain('nx.json [plugins[0].options.repositories.nexus.uploadUrl]');
    expect(error?.render()).toContain('env NEXUS_PASSWORD');
  });

  it('refuses http on loopback unless allowHttpLoopback is set, and says so', () => {
    const refused = checkCredentialTransport({ destinations: [at('http://127.0.0.1:8081/repository/x/')], allowHttpLoopback: false, passwordSource: 'env P' });
    expect(refused?.hint).toContain('"allowHttpLoopback": true');
    for (const url of ['http://127.0.0.1:8081/x/', 'http://localhost/x/', 'http://[::1]:9/x/', 'http://127.9.9.9/x/']) {
      expect(checkCredentialTransport({ destinations: [at(url)], allowHttpLoopback: true, passwordSource: 'env P' })).toBeUndefined();
    }
  });

  it('accepts https everywhere and checks every destination, not only the first', () => {
    expect(checkCredentialTransport({ destinations: [at('https://nexus.example.com/x/')], allowHttpLoopback: false, passwordSource: 'env P' })).toBeUndefined();
    const error = checkCredentialTransport({
      destinations: [at('https://nexus.example.com/x/'), { url: 'http://nexus.example.com/group/simple/', source: 'the indexUrl key' }],
      allowHttpLoopback: false,
      passwordSource: 'env P',
    });
    expect(error?.hint).toContain('the indexUrl key');
  });

  it('does not take a look-alike host for loopback', () => {
    expect(isLoopbackHost('127.0.0.1.evil.example')).toBe(false);
    expect(isLoopbackHost('128.0.0.1')).toBe(false);
    expect(isLoopbackHost('localhost.example.com')).toBe(false);
    expect(isLoopbackHost('LOCALHOST')).toBe(true);
  });
});
