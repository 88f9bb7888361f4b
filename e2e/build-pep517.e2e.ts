import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { runBuild, type NormalizedBuildOptions } from '../packages/nx-pypi/src/executors/build/executor';
import { makeTempDir, tokenLibFiles, writeFiles, type FixtureFiles } from '../packages/nx-pypi/src/executors/build/test-support/fixtures';
import { resolveWorkspacePythonEnv } from '../packages/nx-pypi/src/io/python/workspace-python-env';
import { cleanPythonEnv, createVenv, runProcess } from './support/python';
import { readerOnlyRegistryConfig } from './support/repository';

/**
 * The fallback path: projects the native builder does not cover go through nx-pypi's own PEP 517
 * frontend (a script it ships; no `build` package), offline. Non-isolated builds use Debian's
 * /usr/bin/python3 and its setuptools; the isolated one uses the `python3` on PATH (pyenv here:
 * pip and setuptools, but neither `build` nor `wheel`) and installs the backend from a local
 * registry, through the workspace's index, credentials and CA chain.
 */
const PYTHON = '/usr/bin/python3';
const run = promisify(execFile);
const quiet = { log: { info: () => undefined, warn: () => undefined } };

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PIP_|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|SSL_CERT_FILE|SOURCE_DATE_EPOCH)/.test(k)) env[k] = v;
  env['PIP_NO_INDEX'] = '1';
  return env;
}

/** Every path (files, folders, links), mode and file content under `root`, except `skip` folders. */
function hashTree(root: string, skip: readonly string[] = []): { digest: string; paths: string[] } {
  const hash = createHash('sha256');
  const paths: string[] = [];
  const visit = (dir: string, rel: string) => {
    for (const name of readdirSync(dir).sort()) {
      const relPath = rel ? `${rel}/${name}` : name;
      if (skip.includes(relPath)) continue;
      const info = lstatSync(join(dir, name));
      paths.push(relPath);
      hash.update(`${relPath}\0${info.mode}\0`);
      if (info.isDirectory()) visit(join(dir, name), relPath);
      else if (info.isFile()) hash.update(readFileSync(join(dir, name)));
    }
  };
  visit(root, '');
  return { digest: hash.digest('hex'), paths };
}

const LIST_ARCHIVE = `import json, sys, tarfile, zipfile
p = sys.argv[1]
if p.endswith('.whl'):
    z = zipfile.ZipFile(p)
    names = sorted(z.namelist())
    meta = z.read([n for n in names if n.endswith('.dist-info/METADATA')][0]).decode()
else:
    t = tarfile.open(p)
    names = sorted(m.name for m in t.getmembers() if m.isfile())
    meta = t.extractfile([n for n in names if n.count('/') == 1 and n.endswith('/PKG-INFO')][0]).read().decode()
print(json.dumps({'files': names, 'metadata': meta}))
`;

async function listArchive(path: string): Promise<{ files: string[]; metadata: string }> {
  return JSON.parse((await run(PYTHON, ['-c', LIST_ARCHIVE, path])).stdout);
}

const setupPy = (modules = ["'token_lib'"]) => `from setuptools import setup\nsetup(packages=[${modules.join(', ')}], package_dir={'': 'src'})\n`;

describe('build through the PEP 517 frontend', () => {
  let base: string;
  beforeAll(async () => {
    base = await makeTempDir('pep517');
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  async function project(name: string, files: FixtureFiles, python = PYTHON): Promise<NormalizedBuildOptions> {
    const root = join(base, name);
    await writeFiles(join(root, 'libs/legacy'), files);
    return { builder: 'auto', python, isolated: false, workspaceRoot: root, projectRoot: join(root, 'libs/legacy'), outputDir: join(root, 'libs/legacy/dist') };
  }

  it('auto hands a setup.py project to the frontend, says so, replaces stale artifacts, and leaves the source tree byte-for-byte unchanged', async () => {
    const opts = await project('setup-py', tokenLibFiles({ 'setup.py': setupPy() }));
    await writeFiles(opts.outputDir, { 'token_lib-0.0.1.tar.gz': 'old', 'token-lib-0.0.1.tar.gz': 'old, unnormalized' });
    const before = hashTree(opts.projectRoot, ['dist']);
    const lines: string[] = [];
    const artifacts = await runBuild(opts, cleanEnv(), { log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });
    // setuptools 66 does not normalize the sdist name (PEP 625 came later).
    expect(artifacts.map((a) => a.filename).sort()).toEqual(['token-lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl']);
    expect(lines).toContain(
      `nx-pypi: setup.py does more than call setup() with no arguments (setuptools runs it); building with the PEP 517 frontend (${PYTHON}, its installed backend) instead.`,
    );
    expect((await readdir(opts.outputDir)).sort()).toEqual(['token-lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl']);
    const after = hashTree(opts.projectRoot, ['dist']);
    expect(after.paths.filter((p) => /(^|\/)(build|[^/]*\.egg-info)(\/|$)/.test(p))).toEqual([]);
    expect(after).toEqual(before);
  }, 60_000);

  it('builds the same wheel and sdist as `python -m build` of the same tree', async () => {
    const opts = await project(
      'same-as-build',
      tokenLibFiles({ 'setup.py': setupPy(), 'MANIFEST.in': 'include tests/*.py\n', 'src/token_lib/data.txt': 'not package data\n' }),
    );
    const reference = join(base, 'same-as-build-reference');
    cpSync(opts.projectRoot, reference, { recursive: true });
    const ours = await runBuild(opts, cleanEnv(), quiet);
    await run(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', join(reference, 'out'), reference], { env: cleanEnv() });
    const theirs = (await readdir(join(reference, 'out'))).sort();
    expect(ours.map((a) => a.filename).sort()).toEqual(theirs);
    for (const artifact of ours) {
      const mine = await listArchive(artifact.path);
      expect(mine.files.length).toBeGreaterThan(3);
      expect(mine).toEqual(await listArchive(join(reference, 'out', artifact.filename)));
    }
  }, 60_000);

  it('does not ship a module deleted since the previous build', async () => {
    const opts = await project('deleted-module', tokenLibFiles({ 'setup.py': setupPy(), 'src/token_lib/gone.py': 'X = 1\n' }));
    const first = await runBuild(opts, cleanEnv(), quiet);
    const wheel = (built: typeof first) => built.find((a) => a.filename.endsWith('.whl'))!.path;
    expect((await listArchive(wheel(first))).files).toContain('token_lib/gone.py');
    rmSync(join(opts.projectRoot, 'src/token_lib/gone.py'));
    const second = await runBuild(opts, cleanEnv(), quiet);
    const files = (await listArchive(wheel(second))).files;
    expect(files).toContain('token_lib/cli.py');
    expect(files).not.toContain('token_lib/gone.py');
    expect(files.filter((f) => f.startsWith('build/'))).toEqual([]);
  }, 60_000);

  it('reports missing build requirements of a non-isolated build, as `python -m build` does', async () => {
    // python3 on PATH has setuptools but not `wheel`, which setuptools < 70.1 needs for a wheel.
    const opts = await project('missing-wheel', tokenLibFiles({ 'setup.py': setupPy() }), 'python3');
    const error = await runBuild(opts, cleanEnv(), quiet).catch((e) => e);
    expect(error).toMatchObject({ code: 'DIST_PEP517_FAILED' });
    expect(error.render()).toContain('ERROR Missing dependencies:\n    \twheel');
    expect(error.render()).toContain('"skipDependencyCheck": true');
  }, 60_000);

  it('reports the backend failure with its last lines and leaves dist/ untouched', async () => {
    const opts = await project('failing', tokenLibFiles({ 'setup.py': 'raise SystemExit("setup.py refuses to build")\n' }));
    const error = await runBuild(opts, cleanEnv(), quiet).catch((e) => e);
    expect(error).toMatchObject({ code: 'DIST_PEP517_FAILED' });
    expect(error.render()).toContain('setup.py refuses to build');
    expect(await readdir(opts.outputDir)).toEqual([]);
  }, 60_000);

  it("builds a Poetry 1.x project with Debian's poetry-core (builder pep517) and natively to the same files and requirements, and pip installs both wheels", async () => {
    const fallback = await project('poetry', {
      'pyproject.toml': `[tool.poetry]
name = "token-poetry"
version = "0.1.0"
description = "A Poetry 1.x project"
authors = ["Ada <ada@example.com>"]
packages = [{ include = "token_poetry", from = "src" }]

[tool.poetry.dependencies]
python = "^3.9"
requests = "^2.31"
attrs = { version = ">=22,<24", markers = "sys_platform == 'linux'" }
click = { version = "~8.1", optional = true }

[tool.poetry.extras]
cli = ["click"]

[tool.poetry.group.test.dependencies]
pytest = "^7"

[build-system]
requires = ["poetry-core>=1.0.0"]
build-backend = "poetry.core.masonry.api"
`,
      'src/token_poetry/__init__.py': '__version__ = "0.1.0"\n',
    });
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
    const native = { ...fallback, builder: 'native' as const, outputDir: join(fallback.workspaceRoot, 'native-dist') };
    const builds = {
      fallback: await runBuild({ ...fallback, builder: 'pep517' }, cleanEnv(), { log }),
      native: await runBuild(native, cleanEnv(), { log }),
    };
    expect(lines).toEqual([
      `nx-pypi: builder pep517; building with the PEP 517 frontend (${PYTHON}, its installed backend).`,
      'nx-pypi: building natively, as poetry-core 2.x would',
    ]);
    const home = join(base, 'poetry-home');
    const env = { ...process.env, ...cleanPythonEnv(home, { PIP_CONFIG_FILE: '/dev/null' }) };
    const field = (metadata: string, name: string) =>
      metadata
        .split('\n')
        .filter((l) => l.startsWith(`${name}: `))
        .map((l) => l.slice(name.length + 2))
        .sort();
    for (const [builder, artifacts] of Object.entries(builds)) {
      expect(artifacts.map((a) => a.filename).sort()).toEqual(['token_poetry-0.1.0-py3-none-any.whl', 'token_poetry-0.1.0.tar.gz']);
      const wheel = artifacts.find((a) => a.filename.endsWith('.whl'))!.path;
      const { files, metadata } = await listArchive(wheel);
      // Debian's poetry-core 1.4 and the native build (poetry-core 2.x's rules) ship the same package files.
      expect({ builder, files: files.filter((f) => !f.includes('.dist-info/')) }).toEqual({ builder, files: ['token_poetry/__init__.py'] });
      // poetry-core's translation: ^ and ~ become ranges, python becomes Requires-Python, the group is no requirement.
      expect(field(metadata, 'Requires-Python')).toEqual(['>=3.9,<4.0']);
      expect(field(metadata, 'Requires-Dist')).toEqual([
        'attrs (>=22,<24) ; sys_platform == "linux"',
        'click (>=8.1,<8.2) ; extra == "cli"',
        'requests (>=2.31,<3.0)',
      ]);
      const python = await createVenv(join(home, `venv-${builder}`), env, runProcess);
      const installed = await runProcess(python, ['-m', 'pip', 'install', '--no-index', '--no-deps', wheel], { env });
      expect(installed).toMatchObject({ code: 0 });
      const requires = await runProcess(
        python,
        ['-c', 'import importlib.metadata as m, token_poetry; print(token_poetry.__version__); print(sorted(m.requires("token-poetry")))'],
        { env },
      );
      expect(requires.stdout).toBe(`0.1.0\n['attrs (>=22,<24) ; sys_platform == "linux"', 'click (>=8.1,<8.2) ; extra == "cli"', 'requests (>=2.31,<3.0)']\n`);
    }
  }, 120_000);

  describe('isolated, with an interpreter that has no `build` package', () => {
    const READER_PASSWORD = 'reader-pw/for:pep517@test';
    let registry: RunningRegistry;
    let home: string;
    const requests: string[] = [];
    let setuptoolsWheel: string;

    beforeAll(async () => {
      home = join(base, 'isolated-home');
      registry = await startRegistry({
        dataDir: join(home, 'registry'),
        config: await readerOnlyRegistryConfig(READER_PASSWORD),
        logRequest: (line) => requests.push(line),
      });
      // The registry serves setuptools (the wheel that python3's ensurepip bundles: Debian's in
      // /usr/share/python-wheels is patched for Debian's distutils) and `wheel` (Debian's module, packed natively here).
      const bundled = (
        await run('python3', [
          '-c',
          'import ensurepip, glob, os; print(glob.glob(os.path.join(os.path.dirname(ensurepip.__file__), "_bundled", "setuptools-*.whl"))[0])',
        ])
      ).stdout.trim();
      setuptoolsWheel = bundled.split('/').pop()!;
      const wheelProject = join(home, 'wheel-src');
      cpSync('/usr/lib/python3/dist-packages/wheel', join(wheelProject, 'wheel'), { recursive: true });
      writeFileSync(
        join(wheelProject, 'pyproject.toml'),
        '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "wheel"\nversion = "0.38.4"\ndescription = "stand-in"\n\n[project.entry-points."distutils.commands"]\nbdist_wheel = "wheel.bdist_wheel:bdist_wheel"\n',
      );
      const wheelOut = join(home, 'wheel-dist');
      const packed = await runBuild(
        { builder: 'native', python: 'python3', isolated: true, workspaceRoot: home, projectRoot: wheelProject, outputDir: wheelOut },
        cleanEnv(),
        quiet,
      );
      const uploads = [...packed.filter((a) => a.filename.endsWith('.whl')).map((a) => a.path), bundled];
      // The credentials through twine's environment variables: a password in the arguments would show
      // in the process list, and one that starts with "-" (a random one may) reads as an option.
      const twineEnv = {
        ...process.env,
        ...cleanPythonEnv(home),
        TWINE_USERNAME: registry.credentials.username,
        TWINE_PASSWORD: registry.credentials.password,
      };
      await run(PYTHON, ['-m', 'twine', 'upload', '--non-interactive', '--repository-url', registry.uploadUrl(), '--cert', registry.certs.chain, ...uploads], {
        env: twineEnv,
      });
    }, 120_000);

    afterAll(async () => {
      await registry?.close();
    });

    it('creates a venv, installs build-system.requires from the workspace index with its credentials and CA chain, and builds', async () => {
      const opts = { ...(await project('isolated', tokenLibFiles({ 'setup.py': setupPy() }), 'python3')), isolated: true };
      expect(await run('python3', ['-c', 'import build']).catch((e) => e.code)).toBe(1);
      mkdirSync(join(opts.workspaceRoot, 'certs'), { recursive: true });
      copyFileSync(registry.certs.chain, join(opts.workspaceRoot, 'certs', 'chain.pem'));
      const repositories = {
        local: {
          uploadUrl: registry.uploadUrl(),
          indexUrl: registry.indexUrl(),
          usernameEnv: 'NEXUS_USERNAME',
          passwordEnv: 'NEXUS_PASSWORD',
          caBundle: 'certs/chain.pem',
        },
      };
      writeFileSync(join(opts.workspaceRoot, 'nx-pypi.json'), JSON.stringify({ repositories }, null, 2));
      const nxJson = { plugins: ['nx-pypi'] };
      // PIP_CONFIG_FILE=/dev/null: this machine's pip.conf adds local indexes; only the registry may serve.
      const env = {
        ...process.env,
        ...cleanPythonEnv(home, {
          PIP_CONFIG_FILE: '/dev/null',
          NEXUS_USERNAME: 'reader',
          NEXUS_PASSWORD: READER_PASSWORD,
          PIP_CERT: '/etc/ssl/certs/ca-certificates.crt',
        }),
      };
      const workspaceEnv = resolveWorkspacePythonEnv(opts.workspaceRoot, nxJson, env, undefined);
      expect(workspaceEnv.env['PIP_INDEX_URL']).toContain('reader:');
      const before = hashTree(opts.projectRoot, ['dist']);
      const lines: string[] = [];
      requests.length = 0;
      const artifacts = await runBuild(opts, env, { log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) }, pythonEnv: () => workspaceEnv.env });
      expect(artifacts.map((a) => a.filename).sort()).toEqual(['token-lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl']);
      expect(lines).toContain(
        'nx-pypi: setup.py does more than call setup() with no arguments (setuptools runs it); building with the PEP 517 frontend (python3, isolated venv) instead.',
      );
      const downloads = requests.filter((r) => /GET \S+\.whl/.test(r));
      expect(downloads.some((r) => r.includes(setuptoolsWheel) && r.includes('reader'))).toBe(true);
      expect(downloads.some((r) => r.includes('wheel-0.38.4-py3-none-any.whl') && r.includes('reader'))).toBe(true);
      expect(hashTree(opts.projectRoot, ['dist'])).toEqual(before);
      expect(JSON.stringify(lines)).not.toContain(READER_PASSWORD);
    }, 120_000);
  });
});
