import { computeNxJsonEdit, computeWorkspaceEdits, type WorkspaceSnapshot } from './compute-workspace-edits';
import { LocalRegistryError } from './errors';

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

function pluginOptions(text: string): Record<string, unknown> {
  const plugins = JSON.parse(text).plugins as Array<string | { plugin: string; options?: Record<string, unknown> }>;
  const entry = plugins.find((p) => typeof p !== 'string' && p.plugin === 'nx-pypi') as { options: Record<string, unknown> };
  return entry.options;
}

describe('computeNxJsonEdit', () => {
  it.each([
    ['no plugins key', '{\n  "analytics": false\n}\n'],
    ['other plugins only', '{\n  "plugins": ["@nx/other"]\n}\n'],
    ['the plugin as a plain string', '{\n  "plugins": ["nx-pypi"]\n}\n'],
    ['the plugin with empty options', '{\n  "plugins": [{ "plugin": "nx-pypi", "options": {} }]\n}\n'],
  ])('adds the local repository and makes it the default with %s', (_title, text) => {
    const options = pluginOptions(computeNxJsonEdit(text, endpoints).text);
    expect(options).toEqual({ repositories: { local: localRepository }, defaultRepository: 'local' });
  });

  it('keeps an existing defaultRepository and the other repositories', () => {
    const text = JSON.stringify({ plugins: [{ plugin: 'nx-pypi', options: { defaultRepository: 'nexus', repositories: { nexus: { uploadUrl: 'https://n/' } }, exclude: ['x'] } }] });
    const edit = computeNxJsonEdit(text, endpoints);
    expect(pluginOptions(edit.text)).toEqual({ defaultRepository: 'nexus', repositories: { nexus: { uploadUrl: 'https://n/' }, local: localRepository }, exclude: ['x'] });
    expect(edit.notes).toEqual(['nx.json: defaultRepository stays "nexus"; publish here with --repository=local']);
  });

  it('keeps other plugins, other keys and the position of the nx-pypi entry', () => {
    const text = JSON.stringify({ analytics: false, plugins: ['@nx/a', { plugin: 'nx-pypi', include: ['py/**'] }, '@nx/b'] });
    const edited = JSON.parse(computeNxJsonEdit(text, endpoints).text);
    expect(edited.analytics).toBe(false);
    expect(edited.plugins[0]).toBe('@nx/a');
    expect(edited.plugins[1].include).toEqual(['py/**']);
    expect(edited.plugins[2]).toBe('@nx/b');
  });

  it('says so when it registers the plugin or replaces an existing "local" repository', () => {
    expect(computeNxJsonEdit('{}', endpoints).notes[0]).toMatch(/registered the nx-pypi plugin/);
    const existing = JSON.stringify({ plugins: [{ plugin: 'nx-pypi', options: { repositories: { local: { uploadUrl: 'https://old/' } } } }] });
    expect(computeNxJsonEdit(existing, endpoints).notes[0]).toMatch(/repository "local" already existed/);
  });

  it('creates nx.json content when the workspace has none', () => {
    expect(pluginOptions(computeNxJsonEdit(undefined, endpoints).text).defaultRepository).toBe('local');
  });

  it('keeps the file indentation (tabs, four spaces)', () => {
    expect(computeNxJsonEdit('{\n\t"analytics": false\n}\n', endpoints).text).toMatch(/^{\n\t"analytics"/);
    expect(computeNxJsonEdit('{\n    "analytics": false\n}\n', endpoints).text).toMatch(/^{\n {4}"analytics"/);
  });

  it('accepts comments in nx.json, as Nx does', () => {
    expect(pluginOptions(computeNxJsonEdit('{\n  // cache\n  "plugins": []\n}\n', endpoints).text).defaultRepository).toBe('local');
  });

  it.each([
    ['not JSON', '{ "plugins": [ }', /nx.json is not valid JSON/],
    ['an array', '[]', /does not hold a JSON object/],
    ['plugins not an array', '{ "plugins": {} }', /"plugins" is not an array/],
  ])('refuses nx.json that is %s, naming the file and the way out', (_title, text, message) => {
    let thrown: unknown;
    try {
      computeNxJsonEdit(text, endpoints);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(LocalRegistryError);
    expect((thrown as LocalRegistryError).render()).toMatch(message);
    expect((thrown as LocalRegistryError).render()).toMatch(/^nx.json.*\n {2}Fix .*--location=none|^nx.json \[plugins\]/);
  });
});

describe('computeWorkspaceEdits', () => {
  const empty: WorkspaceSnapshot = { nxJson: '{}\n', pipConf: undefined, chain: undefined };

  it('writes the chain, a new pip.conf pointing at the group and the chain, and nx.json', () => {
    const { changes } = computeWorkspaceEdits(empty, endpoints, '/ws');
    expect(changes.map((c) => [c.path, c.before])).toEqual([
      ['.nx-pypi/local-registry-chain.pem', undefined],
      ['pip.conf', undefined],
      ['nx.json', '{}\n'],
    ]);
    expect(changes[0].after).toBe(endpoints.chainPem);
    expect(changes[1].after).toBe(
      '# Written by nx-pypi:local-registry while it runs; removed (or restored) when it stops.\n' +
        '[global]\nindex-url = https://127.0.0.1:8443/repository/pypi-public/simple/\ncert = /ws/.nx-pypi/local-registry-chain.pem\n',
    );
  });

  it('edits an existing pip.conf in place, keeping the user\'s other settings, and passes its warnings on', () => {
    const pipConf = '# mine\n[global]\ntimeout = 5\nindex-url = https://pypi.org/simple/\n\n[install]\ntrusted-host = example.com\n';
    const { changes, notes } = computeWorkspaceEdits({ ...empty, pipConf }, endpoints, '/ws/');
    const after = changes.find((c) => c.path === 'pip.conf')!.after;
    expect(after).toBe(
      '# mine\n[global]\ntimeout = 5\nindex-url = https://127.0.0.1:8443/repository/pypi-public/simple/\ncert = /ws/.nx-pypi/local-registry-chain.pem\n\n[install]\ntrusted-host = example.com\n',
    );
    expect(notes).toContain('pip.conf: [install] trusted-host disables certificate verification for those hosts; remove it');
  });

  it('leaves out files whose text would not change', () => {
    const first = computeWorkspaceEdits(empty, endpoints, '/ws').changes;
    const again = computeWorkspaceEdits(
      { nxJson: first[2].after, pipConf: first[1].after, chain: first[0].after },
      endpoints,
      '/ws',
    );
    expect(again.changes).toEqual([]);
  });
});
