import { pythonChildEnv } from './env';

describe('pythonChildEnv', () => {
  const inherited = { PATH: '/bin', PIP_CERT: '/etc/ssl/certs/ca-certificates.crt', REQUESTS_CA_BUNDLE: '/etc/ssl/certs/ca-certificates.crt' };

  it('points all four CA variables at the configured chain, replacing inherited ones, without touching the base', () => {
    const r = pythonChildEnv(inherited, { caBundle: '/ws/tools/certs/chain.pem', indexUrl: 'https://n/repository/g/simple/' });
    expect(r.env).toEqual({
      PATH: '/bin',
      PIP_CERT: '/ws/tools/certs/chain.pem',
      REQUESTS_CA_BUNDLE: '/ws/tools/certs/chain.pem',
      CURL_CA_BUNDLE: '/ws/tools/certs/chain.pem',
      SSL_CERT_FILE: '/ws/tools/certs/chain.pem',
      PIP_INDEX_URL: 'https://n/repository/g/simple/',
    });
    expect(r.description).toBe(
      'Python tools trust /ws/tools/certs/chain.pem via PIP_CERT, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, SSL_CERT_FILE (replacing inherited PIP_CERT, REQUESTS_CA_BUNDLE)',
    );
    expect(inherited.PIP_CERT).toBe('/etc/ssl/certs/ca-certificates.crt');
  });

  it('leaves inherited variables alone when no chain is configured, and says which are used', () => {
    const r = pythonChildEnv(inherited, {});
    expect(r.env).toEqual(inherited);
    expect(r.description).toBe(
      'no CA chain configured; Python tools use the inherited PIP_CERT=/etc/ssl/certs/ca-certificates.crt, REQUESTS_CA_BUNDLE=/etc/ssl/certs/ca-certificates.crt',
    );
    expect(pythonChildEnv({ PATH: '/bin' }, {}).description).toBe("no CA chain configured; Python tools use their default trust (certifi or the system's)");
  });

  it('passes the client certificate file as PIP_CLIENT_CERT, over an inherited one, and keeps an inherited one when none is configured', () => {
    const r = pythonChildEnv({ PATH: '/bin', PIP_CLIENT_CERT: '/home/u/old.pem' }, { clientCert: '/tmp/nx-pypi-client-cert-x/client.pem' });
    expect(r.env.PIP_CLIENT_CERT).toBe('/tmp/nx-pypi-client-cert-x/client.pem');
    expect(r.description).toMatch(
      /; pip presents the client certificate in \/tmp\/nx-pypi-client-cert-x\/client\.pem via PIP_CLIENT_CERT \(replacing the inherited one\)$/,
    );
    expect(pythonChildEnv({ PIP_CLIENT_CERT: '/home/u/old.pem' }, {}).env.PIP_CLIENT_CERT).toBe('/home/u/old.pem');
  });
});
