import { logger, readNxJson, updateNxJson, type Tree } from '@nx/devkit';
import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import { createIntermediateCa, createRootCa, createTestPki, daysFromNow, type TestPki } from '../../test-support/ca';
import caChainGenerator from './generator';

let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki('Gen');
});

function setup(files: Record<string, string>): Tree {
  const tree = createTreeWithEmptyWorkspace();
  for (const [path, content] of Object.entries(files)) tree.write(path, content);
  return tree;
}

function settingsFile(tree: Tree): unknown {
  return JSON.parse(tree.read('nx-pypi.json', 'utf8') ?? 'null');
}

function withSettings(settings: Record<string, unknown>, files: Record<string, string> = { 'r.pem': pki.root.cert, 'i.pem': pki.intermediate.cert }): Tree {
  const tree = setup(files);
  tree.write('nx-pypi.json', JSON.stringify(settings, null, 2));
  return tree;
}

/** Runs the generator expecting failure; returns the message and asserts nothing was written. */
async function expectRefusal(files: Record<string, string>, certs: string[]): Promise<string> {
  const tree = setup(files);
  const before = JSON.stringify(tree.listChanges().map((c) => [c.path, c.type]));
  const nxJsonBefore = tree.read('nx.json', 'utf8');
  const err = await caChainGenerator(tree, { certs }).then(
    () => undefined,
    (e: Error) => e,
  );
  expect(err).toBeInstanceOf(Error);
  expect(JSON.stringify(tree.listChanges().map((c) => [c.path, c.type]))).toBe(before);
  expect(tree.read('nx.json', 'utf8')).toBe(nxJsonBefore);
  return (err as Error).message;
}

describe('ca-chain generator', () => {
  let info: jest.SpyInstance;
  let warn: jest.SpyInstance;
  beforeEach(() => {
    info = jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    warn = jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => jest.restoreAllMocks());

  it('writes intermediate then root whatever the order, and records caBundle in a new nx-pypi.json, leaving nx.json alone', async () => {
    const files = { 'certs/root.crt': pki.root.cert, 'certs/int.crt': pki.intermediate.cert };
    const a = setup(files);
    await caChainGenerator(a, { certs: ['certs/root.crt', 'certs/int.crt'] });
    const b = setup(files);
    const nxJsonBefore = b.read('nx.json', 'utf8');
    await caChainGenerator(b, { certs: 'certs/int.crt,certs/root.crt' });
    expect(b.read('nx.json', 'utf8')).toBe(nxJsonBefore);
    const text = a.read('tools/certs/nexus-ca-chain.pem', 'utf8') as string;
    expect(b.read('tools/certs/nexus-ca-chain.pem', 'utf8')).toBe(text);
    expect(text.indexOf(pki.intermediate.cert.trim())).toBeGreaterThan(0);
    expect(text.indexOf(pki.intermediate.cert.trim())).toBeLessThan(text.indexOf(pki.root.cert.trim()));
    expect(text).toContain('# Subject: CN=Gen Intermediate CA, O=nx-pypi tests\n# Issuer:  CN=Gen Root CA, O=nx-pypi tests');
    expect(a.read('nx-pypi.json', 'utf8')).toBe(
      `${JSON.stringify({ defaultRepository: 'nexus', repositories: { nexus: { caBundle: 'tools/certs/nexus-ca-chain.pem' } } }, null, 2)}\n`,
    );
  });

  it('updates the named repository in nx-pypi.json, replacing a "ca" list and keeping every other setting', async () => {
    const tree = withSettings({
      repositories: { a: { indexUrl: 'https://n/repository/g/simple/' }, corp: { uploadUrl: 'https://n/repository/h/', ca: ['old.pem'] } },
      defaultRepository: 'a',
    });
    await caChainGenerator(tree, { certs: ['i.pem', 'r.pem'], repository: 'corp', output: 'certs/corp.pem' });
    expect(tree.read('nx-pypi.json', 'utf8')).toBe(
      `${JSON.stringify(
        {
          repositories: { a: { indexUrl: 'https://n/repository/g/simple/' }, corp: { uploadUrl: 'https://n/repository/h/', caBundle: 'certs/corp.pem' } },
          defaultRepository: 'a',
        },
        null,
        2,
      )}\n`,
    );
    expect(tree.exists('certs/corp.pem')).toBe(true);
    expect(info.mock.calls.join('\n')).toContain('caBundle replaces the previous "ca" list (old.pem) in nx-pypi.json.');
  });

  it("moves a workspace's settings out of nx.json's plugin options into nx-pypi.json, keeping the plugin's other options", async () => {
    const tree = setup({ 'r.pem': pki.root.cert });
    const nxJson = readNxJson(tree) ?? {};
    nxJson.plugins = [
      'other-plugin',
      {
        plugin: 'nx-pypi',
        options: { buildTargetName: 'py-build', defaultRepository: 'corp', repositories: { corp: { uploadUrl: 'https://n/repository/h/' } } },
      },
    ];
    updateNxJson(tree, nxJson);
    await caChainGenerator(tree, { certs: ['r.pem'] });
    expect(settingsFile(tree)).toEqual({
      defaultRepository: 'corp',
      repositories: { corp: { uploadUrl: 'https://n/repository/h/', caBundle: 'tools/certs/corp-ca-chain.pem' } },
    });
    expect(readNxJson(tree)?.plugins).toEqual(['other-plugin', { plugin: 'nx-pypi', options: { buildTargetName: 'py-build' } }]);
    expect(info.mock.calls.join('\n')).toContain('The repository settings moved from nx.json [plugins[1].options] to nx-pypi.json');
  });

  it('refuses settings in both nx.json and nx-pypi.json, and a broken nx-pypi.json, writing nothing', async () => {
    const both = withSettings({ repositories: { nexus: {} } });
    const nxJson = readNxJson(both) ?? {};
    nxJson.plugins = [{ plugin: 'nx-pypi', options: { defaultRepository: 'nexus' } }];
    updateNxJson(both, nxJson);
    await expect(caChainGenerator(both, { certs: ['r.pem'] })).rejects.toThrow(
      /^nx\.json \[plugins\[0\]\.options\.defaultRepository\] repository settings are in both nx-pypi\.json \(repositories\) and nx\.json \(defaultRepository\)/,
    );
    expect(both.exists('tools/certs/nexus-ca-chain.pem')).toBe(false);
    const broken = setup({ 'r.pem': pki.root.cert, 'nx-pypi.json': '{\n  "repositories": {\n    "nexus": {},\n  }\n}\n' });
    await expect(caChainGenerator(broken, { certs: ['r.pem'] })).rejects.toThrow(/^nx-pypi\.json:3:16 is not valid JSON: a trailing comma before "}"/);
    expect(broken.exists('tools/certs/nexus-ca-chain.pem')).toBe(false);
  });

  it('refuses a chain missing its intermediate, naming the subject and the missing issuer', async () => {
    const issuing = await createIntermediateCa(pki.intermediate, { cn: 'Gen Issuing CA' });
    const msg = await expectRefusal({ 'issuing.crt': issuing.cert, 'root.crt': pki.root.cert }, ['issuing.crt', 'root.crt']);
    expect(msg).toBe(
      "issuing.crt:1 the chain is incomplete: CN=Gen Issuing CA, O=nx-pypi tests was issued by CN=Gen Intermediate CA, O=nx-pypi tests, which is not among the files given\n  Add the certificate of CN=Gen Intermediate CA, O=nx-pypi tests (ask your PKI team, or export it from a browser's certificate viewer) and run again.",
    );
  });

  it('refuses an intermediate with a root of the same name that did not sign it', async () => {
    const impostor = await createRootCa({ cn: 'Gen Root CA' });
    const msg = await expectRefusal({ 'int.crt': pki.intermediate.cert, 'root.crt': impostor.cert }, ['int.crt', 'root.crt']);
    expect(msg).toMatch(
      /^int\.crt:1 CN=Gen Intermediate CA, O=nx-pypi tests names CN=Gen Root CA, O=nx-pypi tests as its issuer, but the CN=Gen Root CA, O=nx-pypi tests given \(root\.crt:1\) did not sign it\n  Those are two different CAs/,
    );
  });

  it('refuses a server certificate passed as a CA', async () => {
    const msg = await expectRefusal({ 'leaf.crt': pki.leaf.cert, 'int.crt': pki.intermediate.cert, 'root.crt': pki.root.cert }, [
      'leaf.crt',
      'int.crt',
      'root.crt',
    ]);
    expect(msg).toMatch(
      /^leaf\.crt:1 CN=localhost, O=nx-pypi tests is not a CA certificate .*\n  Pass the CAs that issued it instead: its issuer is CN=Gen Intermediate CA/,
    );
  });

  it('refuses an expired CA', async () => {
    const old = await createRootCa({ cn: 'Gen Old Root', notBefore: daysFromNow(-800), notAfter: daysFromNow(-3) });
    const msg = await expectRefusal({ 'old.crt': old.cert }, ['old.crt']);
    expect(msg).toMatch(/^old\.crt:1 CN=Gen Old Root, O=nx-pypi tests expired on .*\n  Ask your PKI team for the renewed CA certificate/);
  });

  it('refuses a non-PEM file and a missing file, reporting both', async () => {
    const msg = await expectRefusal({ 'root.der': 'garbage that is not PEM', 'int.crt': pki.intermediate.cert }, ['root.der', 'missing.crt', 'int.crt']);
    expect(msg).toMatch(
      /^The CA chain cannot be used \(2 problems\):\n- root\.der is text but holds no "-----BEGIN CERTIFICATE-----" block\n  {3}Pass the CA certificate itself, exported as PEM \(Base-64 encoded X\.509\)[^\n]*\n- missing\.crt cannot read the certificate file: ENOENT/,
    );
  });

  it('refuses a folder given as a certificate file, naming it, instead of a TypeError from a null read', async () => {
    const msg = await expectRefusal({ 'certs/root.pem': pki.root.cert }, ['certs']);
    expect(msg).toBe('certs is a folder, not a certificate file\n  Name the PEM files in it, e.g. --certs=certs/intermediate.crt,certs/root.crt');
  });

  it('refuses an output outside the workspace', async () => {
    const tree = setup({ 'r.pem': pki.root.cert });
    await expect(caChainGenerator(tree, { certs: ['r.pem'], output: '../outside.pem' })).rejects.toThrow(
      /the output \.\.\/outside\.pem is outside the workspace/,
    );
    expect(tree.exists('../outside.pem')).toBe(false);
  });

  describe('choosing the repository', () => {
    async function refused(tree: Tree, options: Record<string, unknown>): Promise<string> {
      const settingsBefore = tree.read('nx-pypi.json', 'utf8');
      const err = await caChainGenerator(tree, { certs: ['i.pem', 'r.pem'], ...options }).then(
        () => undefined,
        (e: Error) => e,
      );
      expect(err).toBeInstanceOf(Error);
      expect(tree.read('nx-pypi.json', 'utf8')).toBe(settingsBefore);
      expect(tree.listChanges().filter((c) => c.path.endsWith('.pem') && c.path.startsWith('tools/'))).toEqual([]);
      return (err as Error).message;
    }

    it('refuses a --repository that nx-pypi.json does not define, listing the known ones and the closest', async () => {
      const tree = withSettings({ defaultRepository: 'corp', repositories: { corp: { uploadUrl: 'https://n/repository/h/' }, staging: {} } });
      const msg = await refused(tree, { repository: 'crop' });
      expect(msg).toContain('repository "crop" (from --repository) is not defined in nx-pypi.json');
      expect(msg).toContain('Known repositories: corp, staging (did you mean "corp"?)');
      expect(msg).toContain('--addRepository');
    });

    it('refuses a defaultRepository that names no defined repository, pointing at the key', async () => {
      const tree = withSettings({ defaultRepository: 'nexsu', repositories: { nexus: {} } });
      const msg = await refused(tree, {});
      expect(msg).toMatch(/^nx-pypi\.json \[defaultRepository\] repository "nexsu" \(from defaultRepository\) is not defined/);
    });

    it('adds a new repository next to the others with --addRepository', async () => {
      const tree = withSettings({ defaultRepository: 'corp', repositories: { corp: {} } });
      await caChainGenerator(tree, { certs: ['i.pem', 'r.pem'], repository: 'staging', addRepository: true });
      expect(settingsFile(tree)).toEqual({ defaultRepository: 'corp', repositories: { corp: {}, staging: { caBundle: 'tools/certs/staging-ca-chain.pem' } } });
    });

    it('creates the named repository when no repository is defined yet', async () => {
      const tree = setup({ 'r.pem': pki.root.cert });
      await caChainGenerator(tree, { certs: ['r.pem'], repository: 'corp' });
      expect(settingsFile(tree)).toEqual({ defaultRepository: 'corp', repositories: { corp: { caBundle: 'tools/certs/corp-ca-chain.pem' } } });
    });
  });

  it('accepts a lone root, prints the chain, and warns when it expires within 30 days', async () => {
    const root = await createRootCa({ cn: 'Short Root', notAfter: daysFromNow(20) });
    const tree = setup({ 'r.pem': root.cert });
    await caChainGenerator(tree, { certs: ['r.pem'] });
    expect(tree.read('tools/certs/nexus-ca-chain.pem', 'utf8')).toContain(root.cert.trim());
    expect(info.mock.calls.join('\n')).toMatch(
      /CA chain for repository "nexus" written to tools\/certs\/nexus-ca-chain\.pem:\n?.*CN=Short Root, O=nx-pypi tests \(self-signed; expires/s,
    );
    expect(warn.mock.calls.join('\n')).toMatch(/CN=Short Root, O=nx-pypi tests .*: plan the renewal/);
  });
});
