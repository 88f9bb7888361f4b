import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderLocalRegistryFile } from '../../core/config/local-registry-file';
import { NxPypiError } from '../../errors';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createClientCert, createTestPki, type TestCert } from '../../test-support/ca';
import { createTestKeyring } from '../../test-support/keyring';
import { resolveWorkspacePythonEnv } from './workspace-python-env';

const INDEX = 'https://nexus.example.com/repository/pypi-public/simple/';
const nxJson = (repo: Record<string, unknown>) => ({ plugins: [{ plugin: 'nx-pypi', options: { repositories: { nexus: { indexUrl: INDEX, ...repo } } } }] });

describe('resolveWorkspacePythonEnv', () => {
  // A HOME of the test's own: this machine's ~/.pypirc must not leak in.
  let home: string;
  beforeEach(() => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-home-'));
  });
  afterEach(() => rmSync(home, { recursive: true, force: true }));

  it('puts the credentials into PIP_INDEX_URL only, and lists the password among the secrets', () => {
    const password = 'p@ss/w:rd';
    const result = resolveWorkspacePythonEnv(
      '/ws',
      nxJson({ usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }),
      { HOME: home, NEXUS_USERNAME: 'reader', NEXUS_PASSWORD: password },
      undefined,
    );
    const url = new URL(result.env.PIP_INDEX_URL as string);
    expect([decodeURIComponent(url.username), decodeURIComponent(url.password), url.host + url.pathname]).toEqual([
      'reader',
      password,
      'nexus.example.com/repository/pypi-public/simple/',
    ]);
    expect(result.secrets).toContain(password);
    const shown = result.lines.join('\n');
    expect(shown).toContain(`index ${INDEX} (user "reader" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD)`);
    for (const secret of result.secrets) expect(shown).not.toContain(secret);
  });

  it('gives pip a keyring password the same way: in PIP_INDEX_URL, among the secrets, named in the lines', () => {
    const password = 'kr/p@ss:from keyring';
    const keyring = createTestKeyring(home);
    keyring.set(INDEX, 'reader', password);
    const result = resolveWorkspacePythonEnv(
      '/ws',
      nxJson({ usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }),
      { ...keyring.env, NEXUS_USERNAME: 'reader' },
      undefined,
    );
    const url = new URL(result.env.PIP_INDEX_URL as string);
    expect([decodeURIComponent(url.username), decodeURIComponent(url.password)]).toEqual(['reader', password]);
    expect(result.secrets).toEqual(expect.arrayContaining([password, encodeURIComponent(password)]));
    const shown = result.lines.join('\n');
    expect(shown).toContain(`index ${INDEX} (user "reader" (env NEXUS_USERNAME), password from keyring (service ${INDEX}))`);
    for (const secret of result.secrets) expect(shown).not.toContain(secret);
  });

  it('percent-encodes a password with % (and other reserved characters) so that pip logs in with it unchanged', () => {
    const password = 'p%41ss%';
    const result = resolveWorkspacePythonEnv(
      '/ws',
      nxJson({ usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }),
      { HOME: home, NEXUS_USERNAME: 'reader', NEXUS_PASSWORD: password },
      undefined,
    );
    const url = new URL(result.env.PIP_INDEX_URL as string);
    expect(decodeURIComponent(url.password)).toBe(password);
    expect(result.lines.join('\n')).not.toContain('41ss');
  });

  it('refuses to put a password into an http:// index URL', () => {
    const run = () =>
      resolveWorkspacePythonEnv(
        '/ws',
        nxJson({ indexUrl: 'http://nexus.example.com/repository/pypi-public/simple/', usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }),
        { HOME: home, NEXUS_USERNAME: 'reader', NEXUS_PASSWORD: 'pw-never-shown' },
        undefined,
      );
    expect(run).toThrow(expect.objectContaining({ code: 'CREDENTIALS_OVER_HTTP' }));
  });

  it("takes the credentials from the repository's section of ~/.pypirc, as publish does, when the env names are unset", () => {
    const password = 'from-pypirc-Secret';
    writeFileSync(
      join(home, '.pypirc'),
      `[distutils]\nindex-servers = nexus\n\n[nexus]\nrepository = https://nexus.example.com/repository/pypi-hosted/\nusername = reader\npassword = ${password}\n`,
    );
    chmodSync(join(home, '.pypirc'), 0o600);
    const result = resolveWorkspacePythonEnv('/ws', nxJson({ usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }), { HOME: home }, undefined);
    const url = new URL(result.env.PIP_INDEX_URL as string);
    expect([url.username, decodeURIComponent(url.password)]).toEqual(['reader', password]);
    const shown = result.lines.join('\n');
    expect(shown).toContain(
      `index ${INDEX} (user "reader" (${join(home, '.pypirc')} [nexus] username), password from ${join(home, '.pypirc')} [nexus] password)`,
    );
    expect(shown).not.toContain(password);
    expect(result.secrets).toContain(password);
  });

  it('warns when that ~/.pypirc with a password can be read by others', () => {
    writeFileSync(join(home, '.pypirc'), '[distutils]\nindex-servers = nexus\n\n[nexus]\nusername = reader\npassword = x\n');
    chmodSync(join(home, '.pypirc'), 0o644);
    const result = resolveWorkspacePythonEnv('/ws', nxJson({}), { HOME: home }, undefined);
    expect(result.lines).toContain(`${join(home, '.pypirc')} holds a password ([nexus]) and is readable by every user (mode 644)`);
  });

  it('reads the index anonymously when no credentials are set', () => {
    const result = resolveWorkspacePythonEnv('/ws', nxJson({ usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' }), { HOME: home }, undefined);
    expect(result.env.PIP_INDEX_URL).toBe(INDEX);
    expect(result.lines).toContain(`index ${INDEX} (anonymous)`);
    expect(result.secrets).toEqual([]);
  });

  it('takes the index from nx-pypi.json at the workspace root (the file the PEP 517 fallback reads, which no build hashes)', () => {
    writeFileSync(join(home, 'nx-pypi.json'), JSON.stringify({ repositories: { nexus: { indexUrl: INDEX } } }));
    const result = resolveWorkspacePythonEnv(home, { plugins: ['nx-pypi'] }, { HOME: home, PIP_INDEX_URL: 'https://mirror.example/simple/' }, undefined);
    expect(result.env.PIP_INDEX_URL).toBe(INDEX);
    expect(result.lines).toContain(`index ${INDEX} (anonymous)`);
  });

  it("leaves pip's own index configuration alone when no repository is configured", () => {
    const result = resolveWorkspacePythonEnv(
      '/ws',
      {},
      { PIP_INDEX_URL: 'https://mirror.example/simple/', PIP_CERT: '/etc/ssl/certs/ca-certificates.crt' },
      undefined,
    );
    expect(result.env.PIP_INDEX_URL).toBe('https://mirror.example/simple/');
    expect(result.env.PIP_CERT).toBe('/etc/ssl/certs/ca-certificates.crt');
    expect(result.lines[1]).toMatch(/no repository configured/);
  });

  it("uses a running local registry's index when no repository is configured", () => {
    mkdirSync(join(home, '.nx-pypi'));
    const local = 'https://127.0.0.1:8443/repository/pypi-public/simple/';
    writeFileSync(join(home, '.nx-pypi/local-registry.json'), renderLocalRegistryFile({ pid: process.pid, repository: { indexUrl: local } }));
    const result = resolveWorkspacePythonEnv(home, {}, { HOME: home, PIP_INDEX_URL: 'https://mirror.example/simple/' }, undefined);
    expect(result.env.PIP_INDEX_URL).toBe(local);
    expect(result.lines).toContain(`index ${local} (anonymous)`);
  });

  it('fails naming the known repositories when --repository names an unknown one', () => {
    let rendered = '';
    try {
      resolveWorkspacePythonEnv('/ws', nxJson({}), { HOME: home }, 'other');
    } catch (err) {
      rendered = (err as NxPypiError).render();
    }
    expect(rendered).toMatch(/repository "other" \(from --repository\) is not defined[\s\S]*Known repositories: nexus/);
  });

  describe('with a client certificate', () => {
    let client: TestCert;
    beforeAll(async () => {
      client = await createClientCert((await createTestPki('Env')).intermediate, { cn: 'pip-runner' });
    });
    const configure = (repo: Record<string, unknown>, files: Record<string, string>) => {
      for (const [name, text] of Object.entries(files)) writeFileSync(join(home, name), text);
      writeFileSync(join(home, 'nx-pypi.json'), JSON.stringify({ repositories: { nexus: { indexUrl: INDEX, ...repo } } }));
    };

    it('gives pip the two files joined in a private temporary file, named in the lines, until dispose', () => {
      configure({ clientCert: 'client.crt', clientKey: 'client.key' }, { 'client.crt': client.cert, 'client.key': client.key });
      const result = resolveWorkspacePythonEnv(home, {}, { HOME: home }, undefined);
      const file = result.env.PIP_CLIENT_CERT as string;
      expect(file.startsWith(home)).toBe(false);
      expect([readFileSync(file, 'utf8'), statSync(file).mode & 0o777]).toEqual([client.cert + client.key, 0o600]);
      const shown = result.lines.join('\n');
      expect(shown).toContain(
        'client certificate CN=pip-runner, O=nx-pypi tests (client.crt + client.key) (certificate and key joined in a private temporary file',
      );
      expect(shown).not.toContain(client.key.split('\n')[1]);
      result.dispose();
      expect(existsSync(file)).toBe(false);
    });

    it('passes a file that holds both as it is', () => {
      configure({ clientCert: 'client.pem' }, { 'client.pem': client.cert + client.key });
      const result = resolveWorkspacePythonEnv(home, {}, { HOME: home }, undefined);
      expect(result.env.PIP_CLIENT_CERT).toBe(join(home, 'client.pem'));
      result.dispose();
      expect(existsSync(join(home, 'client.pem'))).toBe(true);
    });

    it('refuses a missing key file before any Python process starts, located at the file', () => {
      configure({ clientCert: 'client.crt', clientKey: 'missing.key' }, { 'client.crt': client.cert });
      expect(() => resolveWorkspacePythonEnv(home, {}, { HOME: home }, undefined)).toThrow(
        expect.objectContaining({
          code: 'CLIENT_KEY_UNREADABLE',
          message: 'cannot read the clientKey file missing.key (configured at nx-pypi.json [repositories.nexus.clientKey]): ENOENT',
        }),
      );
    });
  });
});
