import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { RepositoryConfig } from '../../core/config/nx-pypi-options';
import { createClientCert, createTestPki, type TestCert } from '../../test-support/ca';
import pipConfigGenerator from './generator';

const INDEX = 'https://nexus.example.com/repository/pypi-public/simple/';

function setup(repos: Record<string, RepositoryConfig>, files: Record<string, string> = { 'tools/certs/chain.pem': 'PEM' }): Tree {
  const tree = createTreeWithEmptyWorkspace();
  const nxJson = readNxJson(tree) ?? {};
  nxJson.plugins = [{ plugin: 'nx-pypi', options: {} }];
  updateNxJson(tree, nxJson);
  tree.write('nx-pypi.json', JSON.stringify({ repositories: repos }, null, 2));
  for (const [p, c] of Object.entries(files)) tree.write(p, c);
  return tree;
}

describe('pip-config generator', () => {
  const saved = { ...process.env };
  let info: jest.SpyInstance;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    for (const v of ['PIP_CERT', 'REQUESTS_CA_BUNDLE', 'CURL_CA_BUNDLE', 'PIP_INDEX_URL', 'PIP_CLIENT_CERT']) delete process.env[v];
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    process.env = { ...saved };
    jest.restoreAllMocks();
  });

  it('writes a workspace pip.conf with the group index and the absolute chain path, and says how to use it', async () => {
    const tree = setup({ nexus: { indexUrl: INDEX.slice(0, -1), caBundle: 'tools/certs/chain.pem' } });
    const done = await pipConfigGenerator(tree, {});
    expect(tree.read('pip.conf', 'utf8')).toBe(
      `# Written by \`nx g nx-pypi:pip-config\`: the Nexus group index and the workspace CA chain.\n[global]\nindex-url = ${INDEX}\ncert = ${join(tree.root, 'tools/certs/chain.pem')}\n`,
    );
    expect(tree.read('pip.conf', 'utf8')).not.toMatch(/trusted-host|break-system-packages/);
    process.env.PIP_CERT = '/etc/ssl/certs/ca-certificates.crt';
    done();
    expect(info.mock.calls.join('\n')).toContain(`export PIP_CONFIG_FILE=${join(tree.root, 'pip.conf')}`);
    expect(warn.mock.calls.join('\n')).toContain('PIP_CERT=/etc/ssl/certs/ca-certificates.crt overrides the pip.conf cert: unset PIP_CERT');
  });

  it('keeps the rest of an existing file at --output', async () => {
    const tree = setup(
      { nexus: { indexUrl: INDEX, caBundle: 'tools/certs/chain.pem' } },
      { 'tools/certs/chain.pem': 'PEM', 'ci/pip.conf': '[global]\ntimeout = 60\n' },
    );
    await pipConfigGenerator(tree, { output: 'ci/pip.conf' });
    expect(tree.read('ci/pip.conf', 'utf8')).toBe(`[global]\ntimeout = 60\nindex-url = ${INDEX}\ncert = ${join(tree.root, 'tools/certs/chain.pem')}\n`);
  });

  it('--user writes $XDG_CONFIG_HOME/pip/pip.conf in the callback, outside the tree', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-pypi-pipconf-'));
    try {
      process.env.XDG_CONFIG_HOME = dir;
      const tree = setup({ a: { indexUrl: INDEX, caBundle: 'tools/certs/chain.pem' }, b: {} });
      const done = await pipConfigGenerator(tree, { user: true, repository: 'a' });
      expect(tree.exists('pip.conf')).toBe(false);
      done();
      expect(readFileSync(join(dir, 'pip', 'pip.conf'), 'utf8')).toContain(`index-url = ${INDEX}\ncert = ${join(tree.root, 'tools/certs/chain.pem')}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['no indexUrl', { nexus: { caBundle: 'tools/certs/chain.pem' } }, /repository "nexus" has no indexUrl/],
    ['no CA chain', { nexus: { indexUrl: INDEX } }, /^nx-pypi\.json \[repositories\.nexus\.caBundle\] repository "nexus" has no CA chain \(caBundle\)/],
    [
      'several CA files',
      { nexus: { indexUrl: INDEX, ca: ['a.pem', 'b.pem'] } },
      /lists 2 CA files, and pip's cert takes exactly one\n {2}Record one chain file first: nx g nx-pypi:ca-chain/,
    ],
    ['a chain file that does not exist', { nexus: { indexUrl: INDEX, caBundle: 'missing.pem' } }, /the CA chain missing\.pem .* does not exist/],
  ])('refuses %s and writes nothing', async (_t, repos, message) => {
    const tree = setup(repos as Record<string, RepositoryConfig>);
    await expect(pipConfigGenerator(tree, {})).rejects.toThrow(message);
    expect(tree.exists('pip.conf')).toBe(false);
  });

  it("reads a workspace's settings from nx.json's plugin options when there is no nx-pypi.json", async () => {
    const tree = setup({});
    tree.delete('nx-pypi.json');
    const nxJson = readNxJson(tree)!;
    nxJson.plugins = [{ plugin: 'nx-pypi', options: { repositories: { nexus: { indexUrl: INDEX } } } }];
    updateNxJson(tree, nxJson);
    await expect(pipConfigGenerator(tree, {})).rejects.toThrow(
      /^nx\.json \[plugins\[0\]\.options\.repositories\.nexus\.caBundle\] repository "nexus" has no CA chain/,
    );
    tree.write('nx-pypi.json', JSON.stringify({ repositories: { nexus: { indexUrl: INDEX, caBundle: 'tools/certs/chain.pem' } } }));
    await expect(pipConfigGenerator(tree, {})).rejects.toThrow(/repository settings are in both nx-pypi\.json \(repositories\) and nx\.json \(repositories\)/);
  });

  describe('with a client certificate', () => {
    let client: TestCert;
    beforeAll(async () => {
      client = await createClientCert((await createTestPki('PipConf')).intermediate, { cn: 'dev' });
    });

    it('writes client-cert when clientCert holds the certificate and its key, and says where it is', async () => {
      const tree = setup(
        { nexus: { indexUrl: INDEX, caBundle: 'tools/certs/chain.pem', clientCert: 'certs/client.pem' } },
        { 'tools/certs/chain.pem': 'PEM', 'certs/client.pem': client.cert + client.key },
      );
      const done = await pipConfigGenerator(tree, {});
      expect(tree.read('pip.conf', 'utf8')).toContain(
        `cert = ${join(tree.root, 'tools/certs/chain.pem')}\nclient-cert = ${join(tree.root, 'certs/client.pem')}\n`,
      );
      done();
      expect(info.mock.calls.join('\n')).toContain(`client-cert = ${join(tree.root, 'certs/client.pem')}`);
      expect(`${info.mock.calls.join('\n')}${warn.mock.calls.join('\n')}`).not.toContain(client.key.split('\n')[1]);
    });

    it('writes no client-cert for two files, and says in one line how to make the one file pip takes', async () => {
      const tree = setup(
        { nexus: { indexUrl: INDEX, caBundle: 'tools/certs/chain.pem', clientCert: 'certs/client.crt', clientKey: 'certs/client.key' } },
        { 'tools/certs/chain.pem': 'PEM', 'certs/client.crt': client.cert, 'certs/client.key': client.key },
      );
      const done = await pipConfigGenerator(tree, {});
      expect(tree.read('pip.conf', 'utf8')).not.toContain('client-cert');
      done();
      const lines = warn.mock.calls.map((c) => String(c[0])).filter((l) => l.includes('client-cert'));
      expect(lines).toEqual([
        expect.stringContaining(
          'no client-cert written: pip takes one file with the certificate and its key, and certs/client.crt and certs/client.key are two; run `cat certs/client.crt certs/client.key > client.pem && chmod 600 client.pem`',
        ),
      ]);
      expect(lines[0]).not.toContain('\n');
    });

    it('refuses a key that does not belong to the certificate, and writes nothing', async () => {
      const other = await createClientCert((await createTestPki('Other')).intermediate, { cn: 'other' });
      const tree = setup(
        { nexus: { indexUrl: INDEX, caBundle: 'tools/certs/chain.pem', clientCert: 'certs/client.crt', clientKey: 'certs/other.key' } },
        { 'tools/certs/chain.pem': 'PEM', 'certs/client.crt': client.cert, 'certs/other.key': other.key },
      );
      await expect(pipConfigGenerator(tree, {})).rejects.toThrow(/does not belong to the client certificate CN=dev/);
      expect(tree.exists('pip.conf')).toBe(false);
    });
  });

  it('refuses an --output outside the workspace and writes nothing', async () => {
    const tree = setup({ nexus: { indexUrl: INDEX } });
    await expect(pipConfigGenerator(tree, { output: '../outside.conf' })).rejects.toThrow('--output=../outside.conf is outside the workspace');
    expect(tree.listChanges().map((c) => c.path)).not.toContain('../outside.conf');
    expect(tree.listChanges().some((c) => c.path.endsWith('.conf'))).toBe(false);
  });

  it('refuses --user together with --output', async () => {
    await expect(pipConfigGenerator(setup({}), { user: true, output: 'x.conf' })).rejects.toThrow('--output and --user name two different files');
  });
});
