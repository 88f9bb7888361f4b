/**
 * The registry against the real clients it stands in for: Debian's setuptools build and twine,
 * and pip in a venv of the pyenv Python. Runs the built CLI (`npm run build` first), so it also
 * covers `pypi-registry serve`, server.json and shutdown on SIGTERM.
 *
 * Child environments are built explicitly: this machine sets PIP_CERT, REQUESTS_CA_BUNDLE,
 * CURL_CA_BUNDLE and SSL_CERT_FILE, which would override the --cert / pip.conf under test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const CLI = join(__dirname, '..', 'packages', 'pypi-registry', 'dist', 'cli.js');
const TWINE = '/usr/bin/twine';
const DEBIAN_PYTHON = '/usr/bin/python3';

interface Served {
  child: ChildProcess;
  dataDir: string;
  info: { port: number; uploadUrl: string; indexUrl: string; certificates: { root: string; chain: string } };
  password: string;
  output: () => string;
}

let work: string;
let dist: string;
let venvPython: string;
const servers: Served[] = [];

/** The parent environment without anything that chooses CAs, indexes or credentials for a child. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(PIP_|TWINE_|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_|PYTHONPATH$)/.test(key)) continue;
    env[key] = value;
  }
  return { ...env, HOME: work, XDG_CONFIG_HOME: join(work, 'xdg'), ...extra };
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = work): { code: number | null; output: string } {
  const result = spawnSync(command, args, { cwd, env, encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, output: `${result.stdout}${result.stderr}` };
}

async function serve(flags: string[]): Promise<Served> {
  const dataDir = await mkdtemp(join(work, 'registry-'));
  let output = '';
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--port', '0', ...flags], { env: cleanEnv() });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const served: Served = { child, dataDir, info: undefined as never, password: '', output: () => output };
  servers.push(served);
  const serverJson = join(dataDir, 'server.json');
  for (let waited = 0; !existsSync(serverJson); waited += 50) {
    if (waited > 20_000 || child.exitCode !== null) throw new Error(`registry did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  served.info = JSON.parse(await readFile(serverJson, 'utf8'));
  served.password = /^password = (.*)$/m.exec(await readFile(join(dataDir, 'credentials'), 'utf8'))![1]!;
  return served;
}

/** The registry's output so far, once it matches: spawnSync blocked the loop that reads it. */
async function outputMatching(served: Served, pattern: RegExp): Promise<string> {
  for (let waited = 0; !pattern.test(served.output()) && waited < 5_000; waited += 25) await new Promise((resolve) => setTimeout(resolve, 25));
  return served.output();
}

async function stop(served: Served): Promise<number | null> {
  if (served.child.exitCode !== null) return served.child.exitCode;
  const exited = new Promise<number | null>((resolve) => served.child.once('exit', (code) => resolve(code)));
  served.child.kill('SIGTERM');
  return exited;
}

function twine(served: Served, extraArgs: string[], cert = served.info.certificates.chain) {
  // Wide, colourless output: twine prints through rich, which wraps at the terminal width.
  const env = cleanEnv({ TWINE_USERNAME: 'publisher', TWINE_PASSWORD: served.password, COLUMNS: '400', NO_COLOR: '1' });
  return run(
    TWINE,
    ['upload', '--non-interactive', '--disable-progress-bar', '--repository-url', served.info.uploadUrl, '--cert', cert, ...extraArgs, ...distFiles()],
    env,
  );
}

function distFiles(): string[] {
  return ['tiny_demo-0.1.0-py3-none-any.whl', 'tiny-demo-0.1.0.tar.gz'].map((file) => join(dist, file));
}

/** pip with only our pip.conf on top of the machine's (whose `cert` is the system bundle). */
async function pip(served: Served, args: string[], cert: string | undefined) {
  const conf = join(work, `pip-${served.info.port}-${cert ? 'cert' : 'nocert'}.conf`);
  await writeFile(conf, `[global]\nindex-url = ${served.info.indexUrl}\n${cert ? `cert = ${cert}\n` : ''}`);
  const env = cleanEnv({ PIP_CONFIG_FILE: conf });
  return run(venvPython, ['-m', 'pip', ...args, '--no-cache-dir', '--disable-pip-version-check', '--no-deps', '--retries', '0', '--timeout', '10'], env);
}

beforeAll(async () => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" first`);
  for (const tool of [TWINE, DEBIAN_PYTHON]) if (!existsSync(tool)) throw new Error(`${tool} is missing: apt-get install twine python3-build`);
  work = await mkdtemp(join(tmpdir(), 'registry-e2e-'));
  const project = join(work, 'project');
  await mkdir(join(project, 'src', 'tiny_demo'), { recursive: true });
  await writeFile(
    join(project, 'pyproject.toml'),
    '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "tiny-demo"\nversion = "0.1.0"\nrequires-python = ">=3.8"\n',
  );
  await writeFile(join(project, 'src', 'tiny_demo', '__init__.py'), 'VALUE = 42\n');
  dist = join(work, 'dist');
  const build = run(DEBIAN_PYTHON, ['-m', 'build', '--no-isolation', '--outdir', dist, project], cleanEnv());
  if (build.code !== 0) throw new Error(`building the test package failed:\n${build.output}`);
  const venv = run('python3', ['-m', 'venv', join(work, 'venv')], cleanEnv());
  if (venv.code !== 0) throw new Error(`python3 -m venv failed:\n${venv.output}`);
  venvPython = join(work, 'venv', 'bin', 'python');
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map(stop));
  if (work) await rm(work, { recursive: true, force: true });
});

describe('twine and pip against the registry (sql flavour, strict)', () => {
  let served: Served;
  beforeAll(async () => {
    served = await serve(['--strict']);
  }, 30_000);

  it('accepts a twine upload of a wheel and an sdist', () => {
    const result = twine(served, []);
    expect({ code: result.code, output: result.output }).toEqual({ code: 0, output: expect.stringContaining('Uploading tiny-demo-0.1.0.tar.gz') });
  });

  it('refuses the second upload with the 3.70+ text, and twine 4 --skip-existing does not recognise it', () => {
    const again = twine(served, []);
    expect(again.code).not.toBe(0);
    expect(again.output).toMatch(/400 Bad Request[\s\S]*pypi-hosted\/packages\/tiny-demo\/0\.1\.0\/tiny_demo-0\.1\.0-py3-none-any\.whl\s+cannot be updated/);
    // Debian's twine 4.0.2 matches only "updating asset" among the Nexus texts (NEXUS-PYPI.md 1.6).
    const skipping = twine(served, ['--skip-existing']);
    expect(skipping.code).not.toBe(0);
    expect(skipping.output).toContain('cannot be updated');
  });

  it('lets pip install the package from the group with the chain as cert, and it imports', async () => {
    const install = await pip(served, ['install', 'tiny-demo'], served.info.certificates.chain);
    expect({ code: install.code, output: install.output }).toEqual({ code: 0, output: expect.stringContaining('Successfully installed tiny-demo-0.1.0') });
    const imported = run(venvPython, ['-c', 'import tiny_demo; print(tiny_demo.VALUE)'], cleanEnv());
    expect(imported).toEqual({ code: 0, output: '42\n' });
  }, 60_000);

  it('makes pip fail with CERTIFICATE_VERIFY_FAILED without the cert', async () => {
    const download = await pip(served, ['download', '-d', join(work, 'nocert'), 'tiny-demo'], undefined);
    expect(download.code).not.toBe(0);
    expect(download.output).toContain('CERTIFICATE_VERIFY_FAILED');
  }, 60_000);

  it('logs one line per request with the user name and never the password', async () => {
    expect(await outputMatching(served, /publisher\n/)).toMatch(/POST \/repository\/pypi-hosted\/ 200 \d+ms publisher/);
    expect(served.output()).not.toContain(served.password);
  });

  it('stops cleanly on SIGTERM and removes server.json', async () => {
    expect(await stop(served)).toBe(0);
    expect(existsSync(join(served.dataDir, 'server.json'))).toBe(false);
  });
});

describe('twine against the orient flavour', () => {
  it('refuses a redeploy with the orient text, which twine --skip-existing passes over', async () => {
    const served = await serve(['--flavour', 'orient']);
    expect(twine(served, []).code).toBe(0);
    const again = twine(served, []);
    expect(again.code).not.toBe(0);
    expect(again.output).toContain('Repository does not allow updating assets: pypi-hosted');
    const skipping = twine(served, ['--skip-existing']);
    expect(skipping.code).toBe(0);
    expect(skipping.output).toMatch(/Skipping tiny_demo-0\.1\.0-py3-none-any\.whl because it appears to already\s+exist/);
  }, 60_000);
});

describe('a server that presents only its leaf certificate', () => {
  it('fails pip with a root-only bundle, and works with the intermediate in the bundle', async () => {
    const served = await serve(['--leaf-only']);
    expect(twine(served, []).code).toBe(0);
    const rootOnly = await pip(served, ['download', '-d', join(work, 'leaf-root'), 'tiny-demo'], served.info.certificates.root);
    expect(rootOnly.code).not.toBe(0);
    expect(rootOnly.output).toContain('CERTIFICATE_VERIFY_FAILED');
    const chain = await pip(served, ['download', '-d', join(work, 'leaf-chain'), 'tiny-demo'], served.info.certificates.chain);
    expect(chain.code).toBe(0);
  }, 60_000);
});

describe('the pypi-registry command', () => {
  const cli = (args: string[], input?: string) => {
    const result = spawnSync(process.execPath, [CLI, ...args], { cwd: work, env: cleanEnv(), encoding: 'utf8', input, timeout: 30_000 });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };

  it('writes a certificate set with `certs`', () => {
    const dir = join(work, 'cli-certs');
    const result = cli(['certs', dir, '--hosts', 'registry.test,127.0.0.1']);
    expect(result.code).toBe(0);
    for (const file of ['root.crt', 'intermediate.crt', 'chain.pem', 'leaf.crt', 'leaf.key', 'leaf-chain.pem']) expect(existsSync(join(dir, file))).toBe(true);
  });

  it('serves a user from a config file whose hash came from `hash-password` on stdin', async () => {
    const hashed = cli(['hash-password'], 'ci-secret\n');
    expect(hashed.code).toBe(0);
    const config = join(work, 'users.json');
    await writeFile(
      config,
      JSON.stringify({ users: [{ username: 'ci', passwordHash: hashed.stdout.trim(), privileges: { 'pypi-hosted': ['read', 'add'] } }] }),
    );
    const served = await serve(['--config', config]);
    const env = cleanEnv({ TWINE_USERNAME: 'ci', TWINE_PASSWORD: 'ci-secret', COLUMNS: '400', NO_COLOR: '1' });
    const upload = run(
      TWINE,
      [
        'upload',
        '--non-interactive',
        '--disable-progress-bar',
        '--repository-url',
        served.info.uploadUrl,
        '--cert',
        served.info.certificates.chain,
        ...distFiles(),
      ],
      env,
    );
    expect(upload.code).toBe(0);
    expect(await outputMatching(served, /ms ci\n/)).toMatch(/POST \/repository\/pypi-hosted\/ 200 \d+ms ci\n/);
  }, 30_000);

  it('refuses a data directory that a running registry serves', async () => {
    const served = await serve([]);
    const second = cli(['serve', '--data', served.dataDir]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `error REGISTRY_DATA_DIR_IN_USE: ${join(served.dataDir, 'server.json')}: a registry (pid ${served.child.pid}) is already serving`,
    );
  }, 30_000);

  it('exits 1 naming the file, line and column of a broken config', async () => {
    const config = join(work, 'broken.json');
    await writeFile(config, '{\n  "repositories": [\n    {"name": "x", "type": "hosted",}\n  ]\n}\n');
    const result = cli(['serve', '--data', join(work, 'broken-data'), '--config', config]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error REGISTRY_CONFIG_SYNTAX: ${config}:3:36: invalid JSON`);
  });
});
