import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv } from './support/python';
import { readerOnlyRegistryConfig } from './support/repository';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * The install issue end to end: `pip install -e .` for a monorepo. token-cli depends on token-lib,
 * which depends on `thirdparty`, served only by the local registry (TLS with a private chain, reads
 * need a password). The caller's environment points PIP_CERT and REQUESTS_CA_BUNDLE at the system
 * bundle, as CI images do: the install must still trust the workspace chain.
 */
const READER_PASSWORD = 'reader-pw/for:install@test';
const SYSTEM_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';

describe('nx run <project>:install into the workspace venv', () => {
  let registry: RunningRegistry;
  let ws: TestWorkspace;
  let home: string;
  let python: string;

  const run = async (cmd: string, args: string[]): Promise<RunResult> => {
    const result = await ws.run(cmd, args, { env: cleanPythonEnv(home) });
    return result;
  };
  const install = async (args: string[] = [], password = READER_PASSWORD): Promise<RunResult> => {
    const env = cleanPythonEnv(home, { PIP_CERT: SYSTEM_BUNDLE, REQUESTS_CA_BUNDLE: SYSTEM_BUNDLE, NEXUS_USERNAME: 'reader', NEXUS_PASSWORD: password });
    const result = await ws.nx(['run', 'token-cli:install', '--output-style=static', ...args], env);
    return result;
  };

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-install-home-'));
    registry = await startRegistry({
      dataDir: join(home, 'registry'),
      config: await readerOnlyRegistryConfig(READER_PASSWORD),
    });
    ws = await createTestWorkspace('install');
    const steps: string[][] = [
      ['g', 'nx-pypi:init', '--no-interactive'],
      ['g', 'nx-pypi:package', 'token-lib', '--dependencies=thirdparty>=1.0', '--no-interactive'],
      ['g', 'nx-pypi:package', 'token-cli', '--dependencies=token-lib', '--layout=src', '--buildBackend=hatchling', '--no-interactive'],
    ];
    for (const step of steps) expect(await ws.nx(step)).toMatchObject({ code: 0 });
    ws.write('token-lib/token_lib/__init__.py', 'import thirdparty\n\n\ndef greeting():\n    return f"hello {thirdparty.VALUE}"\n');
    ws.write('token-cli/src/token_cli/__init__.py', 'import token_lib\n\n\ndef main():\n    print(f"cli says {token_lib.greeting()}")\n');
    ws.write('token-cli/pyproject.toml', `${ws.read('token-cli/pyproject.toml')}\n[project.scripts]\ntoken-cli = "token_cli:main"\n`);

    ws.write(
      'nx-pypi.json',
      JSON.stringify(
        {
          repositories: {
            local: { uploadUrl: registry.uploadUrl(), indexUrl: registry.indexUrl(), usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' },
          },
        },
        null,
        2,
      ),
    );
    mkdirSync(join(ws.root, 'certs-in'), { recursive: true });
    copyFileSync(registry.certs.root, join(ws.root, 'certs-in', 'root.crt'));
    copyFileSync(registry.certs.intermediate, join(ws.root, 'certs-in', 'intermediate.crt'));
    const chain = await ws.nx([
      'g',
      'nx-pypi:ca-chain',
      '--certs=certs-in/intermediate.crt,certs-in/root.crt',
      '--output=tools/certs/chain.pem',
      '--repository=local',
      '--no-interactive',
    ]);
    expect(chain).toMatchObject({ code: 0 });

    // The third-party package exists only on the registry: publish it, then take it out of the workspace.
    ws.write('vendor/thirdparty/pyproject.toml', '[project]\nname = "thirdparty"\nversion = "1.2.0"\n');
    ws.write('vendor/thirdparty/thirdparty/__init__.py', 'VALUE = "from the index"\n');
    const published = await ws.nx(
      ['run', 'thirdparty:publish', '--output-style=static'],
      cleanPythonEnv(home, { NEXUS_USERNAME: registry.credentials.username, NEXUS_PASSWORD: registry.credentials.password }),
    );
    expect({ code: published.code, output: published.stdout + published.stderr }).toMatchObject({ code: 0 });
    rmSync(join(ws.root, 'vendor'), { recursive: true, force: true });
    python = join(ws.root, '.venv', 'bin', 'python');
  }, 240_000);

  afterAll(async () => {
    await registry?.close();
    ws?.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('creates .venv and installs token-cli and token-lib editable and thirdparty from the index, trusting the workspace chain over the inherited bundle', async () => {
    const result = await install();
    const output = result.stdout + result.stderr;
    expect({ code: result.code, output }).toMatchObject({ code: 0 });
    expect(output).toMatch(/trust \S*tools\/certs\/chain\.pem via PIP_CERT.*\(replacing inherited PIP_CERT, REQUESTS_CA_BUNDLE\)/);
    expect(output).toContain('installing token-cli 0.1.0 editable from token-cli/src');
    expect(output).toContain('installing token-lib 0.1.0 editable from token-lib');
    expect(output).toMatch(/Successfully installed .*thirdparty-1\.2\.0/);
    expect(output).toContain('user "reader" (env NEXUS_USERNAME), password from env NEXUS_PASSWORD');
    expect(output).not.toContain(READER_PASSWORD);
    expect(output).not.toContain(encodeURIComponent(READER_PASSWORD));
    expect(existsSync(python)).toBe(true);

    const imported = await run(python, ['-c', 'import token_cli, token_lib, thirdparty; print(token_lib.__file__); print(thirdparty.VALUE)']);
    expect(imported.code).toBe(0);
    expect(imported.stdout.split('\n')[0]).toBe(join(ws.root, 'token-lib', 'token_lib', '__init__.py'));
    expect(imported.stdout.split('\n')[1]).toBe('from the index');

    // PEP 610/660: pip and IDEs see the two workspace projects as editable, located at their folders.
    const listed = await run(python, ['-m', 'pip', 'list', '--editable', '--format=json']);
    const editable = (JSON.parse(listed.stdout) as Array<{ name: string; editable_project_location: string }>).map((d) => [
      d.name,
      d.editable_project_location,
    ]);
    expect(editable.sort()).toEqual([
      ['token-cli', join(ws.root, 'token-cli')],
      ['token-lib', join(ws.root, 'token-lib')],
    ]);
  }, 120_000);

  it('runs the console script from [project.scripts], and sees a source edit without reinstalling', async () => {
    const script = join(ws.root, '.venv', 'bin', 'token-cli');
    expect(await run(script, [])).toMatchObject({ code: 0, stdout: 'cli says hello from the index\n' });
    ws.write('token-lib/token_lib/__init__.py', 'def greeting():\n    return "edited in place"\n');
    expect(await run(script, [])).toMatchObject({ code: 0, stdout: 'cli says edited in place\n' });
  }, 60_000);

  it('re-running reuses the venv and picks up a changed entry point', async () => {
    ws.write('token-cli/pyproject.toml', ws.read('token-cli/pyproject.toml').replace('token-cli = "token_cli:main"', 'token-cli2 = "token_cli:main"'));
    const result = await install();
    expect({ code: result.code, output: result.stdout + result.stderr }).toMatchObject({ code: 0 });
    expect(result.stdout + result.stderr).toContain('using the virtual environment .venv');
    expect(existsSync(join(ws.root, '.venv', 'bin', 'token-cli2'))).toBe(true);
    expect(existsSync(join(ws.root, '.venv', 'bin', 'token-cli'))).toBe(false);
  }, 120_000);

  it('installs a package whose folder has another name (setuptools package-dir) through an import hook, and sees edits', async () => {
    ws.write(
      'token-remap/pyproject.toml',
      '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "token-remap"\nversion = "0.3.0"\ndependencies = ["token-lib"]\n\n[tool.setuptools]\npackages = ["token_remap", "token_remap.sub"]\npackage-dir = { "token_remap" = "lib" }\n',
    );
    ws.write('token-remap/lib/__init__.py', 'from token_lib import greeting\n');
    ws.write('token-remap/lib/sub/__init__.py', 'WHERE = "lib/sub"\n');
    const result = await ws.nx(
      ['run', 'token-remap:install', '--output-style=static', '--venv=.venv-remap'],
      cleanPythonEnv(home, { PIP_CERT: SYSTEM_BUNDLE, NEXUS_USERNAME: 'reader', NEXUS_PASSWORD: READER_PASSWORD }),
    );
    const output = result.stdout + result.stderr;
    expect({ code: result.code, output }).toMatchObject({ code: 0 });
    expect(output).toContain('installing token-remap 0.3.0 editable from token-remap/lib (as token_remap)');
    const remapPython = join(ws.root, '.venv-remap', 'bin', 'python');
    const show = ['-c', 'import token_remap, token_remap.sub; print(token_remap.__file__); print(token_remap.sub.WHERE, token_remap.greeting.__module__)'];
    const imported = await run(remapPython, show);
    expect(imported).toMatchObject({ code: 0, stdout: `${join(ws.root, 'token-remap', 'lib', '__init__.py')}\nlib/sub token_lib\n` });
    ws.write('token-remap/lib/sub/__init__.py', 'WHERE = "edited in place"\n');
    expect((await run(remapPython, show)).stdout).toContain('edited in place token_lib');
  }, 120_000);

  it('takes the reader credentials from ~/.pypirc when the env names are unset, as publish does', async () => {
    const pypircHome = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-install-pypirc-'));
    try {
      const pypirc = join(pypircHome, '.pypirc');
      writeFileSync(pypirc, `[distutils]\nindex-servers = local\n\n[local]\nusername = reader\npassword = ${READER_PASSWORD}\n`, { mode: 0o600 });
      const env = cleanPythonEnv(pypircHome, { PIP_CERT: SYSTEM_BUNDLE, REQUESTS_CA_BUNDLE: SYSTEM_BUNDLE });
      const result = await ws.nx(['run', 'token-cli:install', '--output-style=static', '--venv=.venv-pypirc'], env);
      const output = result.stdout + result.stderr;
      expect({ code: result.code, output }).toMatchObject({ code: 0 });
      expect(output).toMatch(/Successfully installed .*thirdparty-1\.2\.0/);
      expect(output).toContain(`user "reader" (${pypirc} [local] username), password from ${pypirc} [local] password`);
      expect(output).not.toContain(READER_PASSWORD);
      expect(output).not.toContain(encodeURIComponent(READER_PASSWORD));
    } finally {
      rmSync(pypircHome, { recursive: true, force: true });
    }
  }, 120_000);

  it("fails with pip's own lines and the environment line when the index refuses the password, never printing it", async () => {
    const wrong = 'wrong-pw-for-install-test';
    const result = await install(['--venv=.venv-denied'], wrong);
    const output = result.stdout + result.stderr;
    expect(result.code).not.toBe(0);
    expect(output).toContain('`pip install` failed');
    expect(output).toMatch(/No matching distribution found for thirdparty/);
    expect(output).toMatch(/trust \S*chain\.pem/);
    expect(output).not.toContain(wrong);
  }, 120_000);
});
