import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { createKeyringSpy, createTestKeyring, type KeyringSpy, type TestKeyring } from '../packages/nx-pypi/src/test-support/keyring';
import { cleanPythonEnv } from './support/python';
import { generateCaChain, readerOnlyRegistryConfig, storedFilenames, writeRepositorySettings } from './support/repository';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * Passwords from keyring, end to end: only the user names are in the environment, the passwords
 * are in a real keyring (Debian's `keyring` command, keyrings.alt's PlaintextKeyring in the test's
 * HOME), stored with `keyring set` as a user would. Publish finds the deploy password under the
 * upload URL (twine's service), install gives pip the reader password stored under the group index
 * URL (pip's service). The registry refuses anonymous reads, so both must log in. A `keyring` first
 * on PATH records every call: `get <service> <user>`, never a password.
 */
const READER_PASSWORD = 'kr/reader:pw@keyring 100%';

describe('passwords from keyring (publish and install)', () => {
  let registry: RunningRegistry;
  let ws: TestWorkspace;
  let home: string;
  let keyring: TestKeyring;
  let spy: KeyringSpy;
  const captured: string[] = [];

  /** The environment has user names only: no NEXUS_PASSWORD, no TWINE_PASSWORD, no .pypirc. */
  const nx = async (args: string[], username: string): Promise<RunResult> => {
    const env = {
      ...cleanPythonEnv(home),
      ...keyring.env,
      PATH: `${spy.binDir}${delimiter}${process.env.PATH ?? ''}`,
      NEXUS_USERNAME: username,
      NEXUS_PASSWORD: undefined,
    };
    const result = await ws.nx(args, env);
    captured.push(result.stdout, result.stderr);
    return result;
  };
  const secrets = () => [registry.credentials.password, READER_PASSWORD, encodeURIComponent(READER_PASSWORD)];

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-keyring-home-'));
    registry = await startRegistry({
      dataDir: join(home, 'registry'),
      config: await readerOnlyRegistryConfig(READER_PASSWORD),
    });
    keyring = createTestKeyring(home);
    spy = createKeyringSpy(home);
    ws = await createTestWorkspace('keyring');
    const steps: string[][] = [
      ['g', 'nx-pypi:init', '--no-interactive'],
      ['g', 'nx-pypi:package', 'kr-app', '--dependencies=thirdparty>=1.0', '--no-interactive'],
    ];
    for (const step of steps) expect(await ws.nx(step)).toMatchObject({ code: 0 });
    writeRepositorySettings(ws, registry, { name: 'local' });
    const chain = await generateCaChain(ws, registry, (args) => ws.nx(args), { output: 'tools/certs/chain.pem', repository: 'local' });
    expect(chain).toMatchObject({ code: 0 });
    // As a user stores them: twine's service for the deploy user, pip's for the reader.
    keyring.set(registry.uploadUrl(), registry.credentials.username, registry.credentials.password);
    keyring.set(registry.indexUrl(), 'reader', READER_PASSWORD);
  }, 240_000);

  afterAll(async () => {
    await registry?.close();
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('publishes with the password keyring holds under the upload URL, and says so', async () => {
    // A third-party package that exists only on the registry, for the install below.
    ws.write('vendor/thirdparty/pyproject.toml', '[project]\nname = "thirdparty"\nversion = "1.2.0"\n');
    ws.write('vendor/thirdparty/thirdparty/__init__.py', 'VALUE = "from the index"\n');
    const run = await nx(['run', 'thirdparty:publish', '--output-style=static'], registry.credentials.username);
    const output = run.stdout + run.stderr;
    expect({ code: run.code, output }).toMatchObject({ code: 0 });
    expect(output).toContain(`user "${registry.credentials.username}" (env NEXUS_USERNAME), password from keyring (service ${registry.uploadUrl()})`);
    expect(storedFilenames(registry).sort()).toEqual(['thirdparty-1.2.0-py3-none-any.whl', 'thirdparty-1.2.0.tar.gz']);
    rmSync(join(ws.root, 'vendor'), { recursive: true, force: true });
  }, 120_000);

  it("gives pip the reader's password keyring holds under the group index URL, through PIP_INDEX_URL", async () => {
    const run = await nx(['run', 'kr-app:install', '--output-style=static'], 'reader');
    const output = run.stdout + run.stderr;
    expect({ code: run.code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/Successfully installed .*thirdparty-1\.2\.0/);
    expect(output).toContain(`user "reader" (env NEXUS_USERNAME), password from keyring (service ${registry.indexUrl()})`);
  }, 180_000);

  it('asked keyring only `get <service> <user>`: no password in any argv or environment of it, nor in any output', () => {
    const calls = spy.calls();
    expect(calls.length).toBeGreaterThan(0);
    const services = [registry.uploadUrl(), registry.indexUrl(), new URL(registry.indexUrl()).host];
    for (const call of calls) {
      expect(call.argv).toHaveLength(3);
      expect(call.argv[0]).toBe('get');
      expect(services).toContain(call.argv[1]);
      expect([registry.credentials.username, 'reader']).toContain(call.argv[2]);
      expect(call.stdin).toBe('/dev/null');
      for (const secret of secrets()) {
        expect(call.argv.join(' ')).not.toContain(secret);
        expect(call.env).not.toContain(secret);
      }
    }
    // twine's service first: the deploy user found it there; the reader was asked there, then under pip's.
    expect(calls.map((c) => c.argv)).toEqual(
      expect.arrayContaining([
        ['get', registry.uploadUrl(), registry.credentials.username],
        ['get', registry.uploadUrl(), 'reader'],
        ['get', registry.indexUrl(), 'reader'],
      ]),
    );
    const everything = captured.join('\n');
    for (const secret of secrets()) expect(everything).not.toContain(secret);
  });
});
