import { renderBanner, shellQuote } from './render-banner';

const input = {
  origin: 'https://127.0.0.1:8443',
  dataDir: '/ws/tmp/local-pypi-registry',
  uploadUrl: 'https://127.0.0.1:8443/repository/pypi-hosted/',
  indexUrl: 'https://127.0.0.1:8443/repository/pypi-public/simple/',
  chainPath: '/ws/.nx-pypi/local-registry-chain.pem',
  credentialsFile: '/ws/tmp/local-pypi-registry/credentials',
  username: 'publisher',
  notes: [],
  overridingEnv: [],
};

describe('renderBanner', () => {
  it('prints the URLs, the chain, and how to read the credentials without the password', () => {
    expect(
      renderBanner({
        ...input,
        pipConf: '/ws/pip.conf',
        notes: ['"local" is the default repository of every nx-pypi command while the registry runs (nx.json is not changed)'],
      }).join('\n'),
    ).toMatchInlineSnapshot(`
"nx-pypi local registry listening on https://127.0.0.1:8443 (data: /ws/tmp/local-pypi-registry)
  upload URL: https://127.0.0.1:8443/repository/pypi-hosted/
  index URL:  https://127.0.0.1:8443/repository/pypi-public/simple/
  CA chain:   /ws/.nx-pypi/local-registry-chain.pem
  credentials: /ws/tmp/local-pypi-registry/credentials (user "publisher"); for nx-pypi:publish run:
    export NX_PYPI_LOCAL_USERNAME=publisher
    export NX_PYPI_LOCAL_PASSWORD="$(sed -n 's/^password = //p' /ws/tmp/local-pypi-registry/credentials)"
  pip.conf:   /ws/pip.conf (pip reads it with: export PIP_CONFIG_FILE=/ws/pip.conf)
  note: "local" is the default repository of every nx-pypi command while the registry runs (nx.json is not changed)
Stop with Ctrl+C (or SIGTERM): pip.conf and the chain are restored and the local repository removed then."
`);
  });

  it('names the variables that would override pip.conf', () => {
    expect(renderBanner({ ...input, pipConf: '/ws/pip.conf', overridingEnv: ['PIP_CERT', 'REQUESTS_CA_BUNDLE'] })).toContain(
      '  note: PIP_CERT, REQUESTS_CA_BUNDLE are set and override pip.conf for pip; unset them (or point them at the CA chain) in the shell that installs',
    );
  });

  it('promises no restore when nothing was written', () => {
    const lines = renderBanner(input);
    expect(lines.some((l) => l.includes('pip.conf'))).toBe(false);
    expect(lines[lines.length - 1]).toBe('Stop with Ctrl+C (or SIGTERM).');
  });
});

describe('shellQuote', () => {
  it.each([
    ['/ws/tmp/credentials', '/ws/tmp/credentials'],
    ['/my ws/credentials', "'/my ws/credentials'"],
    ["/it's/credentials", "'/it'\\''s/credentials'"],
    ['/$HOME/x', "'/$HOME/x'"],
  ])('%s -> %s', (value, quoted) => expect(shellQuote(value)).toBe(quoted));
});
