import { computeWorkspaceEdits, type WorkspaceSnapshot } from './compute-workspace-edits';

const endpoints = {
  uploadUrl: 'https://127.0.0.1:8443/repository/pypi-hosted/',
  indexUrl: 'https://127.0.0.1:8443/repository/pypi-public/simple/',
  chainPem: '-----BEGIN CERTIFICATE-----\nint\n-----END CERTIFICATE-----\n-----BEGIN CERTIFICATE-----\nroot\n-----END CERTIFICATE-----\n',
};
const localRepository = {
  uploadUrl: endpoints.uploadUrl,
  indexUrl: endpoints.indexUrl,
  caBundle: '.nx-pypi/local-registry-chain.pem',
  publicRoots: false,
  usernameEnv: 'NX_PYPI_LOCAL_USERNAME',
  passwordEnv: 'NX_PYPI_LOCAL_PASSWORD',
};

describe('computeWorkspaceEdits', () => {
  const empty: WorkspaceSnapshot = { pipConf: undefined, chain: undefined, localRegistry: undefined };
  const input = { endpoints, workspaceRoot: '/ws', pid: 4242, settings: undefined };

  it('writes the chain, a new pip.conf pointing at the group and the chain, and the local repository file; never nx.json', () => {
    const { changes } = computeWorkspaceEdits(empty, input);
    expect(changes.map((c) => [c.path, c.before])).toEqual([
      ['.nx-pypi/local-registry-chain.pem', undefined],
      ['pip.conf', undefined],
      ['.nx-pypi/local-registry.json', undefined],
    ]);
    expect(JSON.parse(changes[2].after)).toEqual({ version: 1, pid: 4242, repositories: { local: localRepository } });
    expect(changes[0].after).toBe(endpoints.chainPem);
    expect(changes[1].after).toBe(
      '# Written by nx-pypi:local-registry while it runs; removed (or restored) when it stops.\n' +
        '[global]\nindex-url = https://127.0.0.1:8443/repository/pypi-public/simple/\ncert = /ws/.nx-pypi/local-registry-chain.pem\n',
    );
  });

  it("names the registry's client certificate, where it lies, as the local repository's clientCert and pip.conf's client-cert", () => {
    const clientCert = '/ws/tmp/local-pypi-registry/certs/client.pem';
    const { changes } = computeWorkspaceEdits(empty, { ...input, endpoints: { ...endpoints, clientCert } });
    expect(JSON.parse(changes[2].after).repositories.local).toEqual({ ...localRepository, clientCert });
    expect(changes[1].after).toContain(`cert = /ws/.nx-pypi/local-registry-chain.pem\nclient-cert = ${clientCert}\n`);
  });

  it("edits an existing pip.conf in place, keeping the user's other settings, and passes its warnings on", () => {
    const pipConf = '# mine\n[global]\ntimeout = 5\nindex-url = https://pypi.org/simple/\n\n[install]\ntrusted-host = example.com\n';
    const { changes, notes } = computeWorkspaceEdits({ ...empty, pipConf }, { ...input, workspaceRoot: '/ws/' });
    const after = changes.find((c) => c.path === 'pip.conf')!.after;
    expect(after).toBe(
      '# mine\n[global]\ntimeout = 5\nindex-url = https://127.0.0.1:8443/repository/pypi-public/simple/\ncert = /ws/.nx-pypi/local-registry-chain.pem\n\n[install]\ntrusted-host = example.com\n',
    );
    expect(notes).toContain('pip.conf: [install] trusted-host disables certificate verification for those hosts; remove it');
  });

  it('leaves out files whose text would not change', () => {
    const first = computeWorkspaceEdits(empty, input).changes;
    const again = computeWorkspaceEdits({ localRegistry: first[2].after, pipConf: first[1].after, chain: first[0].after }, input);
    expect(again.changes).toEqual([]);
  });

  it.each([
    ['no repository settings', undefined, ['"local" is the default repository of every nx-pypi command while the registry runs (nx.json is not changed)']],
    [
      'another defaultRepository',
      { defaultRepository: 'nexus' },
      [
        '"local" is the default repository of every nx-pypi command while the registry runs (nx.json is not changed); use NX_PYPI_REPOSITORY=nexus or --repository=nexus for "nexus"',
      ],
    ],
    [
      'a configured repository named local',
      { repositories: { local: { uploadUrl: 'https://old/' } } },
      [
        '"local" is the default repository of every nx-pypi command while the registry runs (nx.json is not changed)',
        'nx-pypi.json defines a repository "local" too; the running registry\'s replaces it until it stops',
      ],
    ],
  ])('says which repository nx-pypi commands use with %s', (_t, settings, notes) => {
    expect(computeWorkspaceEdits(empty, { ...input, settings: settings && { settings, location: { file: 'nx-pypi.json' } } }).notes).toEqual(notes);
  });
});
