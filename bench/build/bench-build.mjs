#!/usr/bin/env node
/**
 * Single-package builds, paired and interleaved, in a workspace with the packed plugin installed:
 *
 * 1. nx-pypi's native build (runBuild in a fresh `node` process, as one Nx task process loads it;
 *    the same build repeated in that process, as Nx's batch mode runs it, is reported alongside)
 *    against each backend's strongest reference on the same project:
 *      token-lib (setuptools, 5 modules, ~50 KB) and many-files (200 modules): `python3 -m build --no-isolation`
 *      flit-lib (flit_core): `flit build` (Debian's flit)
 *      hatch-lib (hatchling): `python3 -m hatchling build` (hatchling's own CLI, no frontend)
 *      poetry-lib (poetry-core, a Poetry 1.x [tool.poetry] project): `python3 -m build --no-isolation`
 *        (Debian's poetry-core for /usr/bin/python3)
 * 2. `nx run token-lib:build --skip-nx-cache` against `nx run token-lib:noop` (an nx:noop target
 *    in a project.json beside the pyproject): what the build adds to a run of Nx (target: 0.1 s).
 *    Nx runs nx:noop in its own process but forks a task process for other executors: a
 *    `nx:run-commands` target running `true` shows what any forked task costs, for context.
 * 3. A package with a 200 MB data file: the CPU time (user + system, every thread) of its native
 *    build against the floor for the same bytes, a fresh `node` process that reads the file once
 *    and runs sha256 (the wheel's RECORD), raw deflate at the wheel's level and gzip at the sdist's
 *    level over it (target: within 1.1x); and the build's peak RSS (limit 150 MB).
 *
 *   npm run pack && node bench/build/bench-build.mjs [--runs=5] [--big-mb=200] [--big-runs=3] [--only=<case>,...] [--json=<file>] [--keep]
 *
 * `--only` runs only the named cases: token-lib, many-files, flit-lib, hatch-lib, poetry-lib (1.),
 * nx-run (2.), big-data (3.).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { Session, parseArgs } from '../lib/paired.mjs';
import { benchEnv, createWorkspace, timed, write, installedPluginNote } from '../lib/workspace.mjs';

const args = parseArgs();
const BIG_MB = Number(args['big-mb'] ?? 200);
const RSS_LIMIT_MB = 150;
const PYTHON = '/usr/bin/python3';
const FLIT = '/usr/bin/flit';

const CASES = ['token-lib', 'many-files', 'flit-lib', 'hatch-lib', 'poetry-lib', 'nx-run', 'big-data'];
const only = args.only ? args.only.split(',').filter(Boolean) : CASES;
for (const name of only) if (!CASES.includes(name)) throw new Error(`--only: no case named ${name} (cases: ${CASES.join(', ')})`);
const selected = (name) => only.includes(name);

const session = new Session('bench/build (single package)', args);
const ws = createWorkspace('nx-pypi-bench-build', { nxJson: { plugins: ['nx-pypi'] } });
session.note(`plugin: ${installedPluginNote()}`);
const executorJs = join(ws, 'node_modules/nx-pypi/dist/executors/build/executor.js');
// The references run offline and without this machine's pip settings; Nx as users run it (plugin isolation on).
const env = benchEnv();

function pyproject(name, backend, extra = '') {
  const systems = {
    setuptools: 'requires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"',
    flit: 'requires = ["flit_core>=3.2,<4"]\nbuild-backend = "flit_core.buildapi"',
    hatchling: 'requires = ["hatchling"]\nbuild-backend = "hatchling.build"',
  };
  if (backend === 'poetry') return poetryPyproject(name);
  return `[build-system]\n${systems[backend]}\n\n[project]\nname = "${name}"\nversion = "0.1.0"\ndescription = "bench"\nreadme = "README.md"\nrequires-python = ">=3.8"\ndependencies = ["idna>=2.5"]\n${extra}`;
}

/** A Poetry 1.x project: metadata and dependencies in [tool.poetry], built by poetry-core. */
function poetryPyproject(name) {
  return [
    '[tool.poetry]',
    `name = "${name}"`,
    'version = "0.1.0"',
    'description = "bench"',
    'authors = ["Bench <bench@example.invalid>"]',
    'license = "MIT"',
    'readme = "README.md"',
    '',
    '[tool.poetry.dependencies]',
    'python = "^3.9"',
    'idna = ">=2.5"',
    'requests = "^2.31"',
    '',
    '[build-system]',
    'requires = ["poetry-core>=1.0.0"]',
    'build-backend = "poetry.core.masonry.api"',
    '',
  ].join('\n');
}

/** A module of about `bytes` bytes of plausible Python. */
function moduleText(name, bytes) {
  const lines = [`"""${name}."""`, ''];
  for (let i = 0; lines.join('\n').length < bytes; i++)
    lines.push(`def ${name}_fn_${i}(value: int) -> int:`, `    """Return value plus ${i}."""`, `    return value + ${i}`, '');
  return lines.join('\n');
}

/** A project of five ~10 KB modules with the given backend. */
function smallProject(name, backend) {
  const module = name.replace(/-/g, '_');
  const files = {
    [`${name}/pyproject.toml`]: pyproject(name, backend),
    [`${name}/README.md`]: `# ${name}\n`,
    [`${name}/${module}/__init__.py`]: '"""bench."""\n',
  };
  for (const m of ['paseto', 'jwt', 'branca', 'keys', 'utils']) files[`${name}/${module}/${m}.py`] = moduleText(m, 10_000);
  return files;
}

function generate() {
  write(ws, smallProject('token-lib', 'setuptools'));
  write(ws, {
    'token-lib/project.json': JSON.stringify({ name: 'token-lib', targets: { noop: { executor: 'nx:noop' }, true: { command: 'true' } } }, null, 2),
  });
  write(ws, smallProject('flit-lib', 'flit'));
  write(ws, smallProject('hatch-lib', 'hatchling'));
  write(ws, smallProject('poetry-lib', 'poetry'));
  const many = {
    'many-files/pyproject.toml': pyproject('many-files', 'setuptools'),
    'many-files/README.md': '# many\n',
    'many-files/many_files/__init__.py': '',
  };
  for (let i = 0; i < 200; i++) many[`many-files/many_files/sub${i % 10}/mod_${i}.py`] = moduleText(`m${i}`, 2_000);
  for (let i = 0; i < 10; i++) many[`many-files/many_files/sub${i}/__init__.py`] = '';
  write(ws, many);
  // flit build lists an sdist's files from git when the project is in a repository: commit them.
  execFileSync('git', ['add', '.'], { cwd: ws });
  execFileSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', 'commit', '-qm', 'bench'], { cwd: ws });

  write(ws, {
    'big-data/pyproject.toml': pyproject('big-data', 'setuptools', '\n[tool.setuptools.package-data]\nbig_data = ["*.bin"]\n'),
    'big-data/README.md': '# big\n',
    'big-data/big_data/__init__.py': '',
  });
  // Pseudo-random bytes (a fixed xorshift stream) so deflate cannot shrink the file to nothing;
  // empty when --only leaves the big-data case out.
  const fd = openSync(join(ws, 'big-data/big_data/blob.bin'), 'w');
  const chunk = Buffer.alloc(1 << 20);
  let x = 0x9e3779b9;
  for (let mb = 0; mb < (selected('big-data') ? BIG_MB : 0); mb++) {
    for (let i = 0; i < chunk.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk.writeUInt32LE(x >>> 0, i);
    }
    writeSync(fd, chunk);
  }
  closeSync(fd);
}

/**
 * runBuild in a fresh node process: wall time of the process, plus the same build repeated in it
 * (warm: the median of 10 repeats, as a batch of packages runs them; the first two or three
 * repeats still run before V8 has optimized the code and take up to twice as long, so a median of
 * 3 measured the warm-up rather than a batch).
 */
function nativeBuild(project, warmRuns = 10) {
  const projectRoot = join(ws, project);
  const script = `
    const { runBuild } = require(${JSON.stringify(executorJs)});
    const opts = { builder: 'native', python: 'python3', isolated: true, workspaceRoot: ${JSON.stringify(ws)}, projectRoot: ${JSON.stringify(projectRoot)}, outputDir: ${JSON.stringify(join(projectRoot, 'dist'))} };
    const log = { info() {}, warn() {} };
    (async () => {
      const a = await runBuild(opts, {}, { log });
      const warm = [];
      for (let i = 0; i < ${warmRuns}; i++) {
        const t = process.hrtime.bigint();
        await runBuild(opts, {}, { log });
        warm.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      const usage = process.resourceUsage();
      console.log(JSON.stringify({ warmMs: warm.sort((x, y) => x - y)[Math.floor(warm.length / 2)], cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS, sizes: a.map((x) => x.size) }));
    })().catch((e) => { console.error(e.render ? e.render() : e); process.exit(1); });`;
  // The first build's process is timed whole (node start, module load, build) and then ends: the
  // warm repeats run in a second process, so that they do not lengthen the timed one.
  rmSync(join(projectRoot, 'dist'), { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const first = spawnSync(process.execPath, ['-e', script.replace(`i < ${warmRuns}`, 'i < 0')], { encoding: 'utf8' });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (first.status !== 0) throw new Error(`native build of ${project} failed:\n${first.stderr}`);
  if (warmRuns === 0) return { ms, ...JSON.parse(first.stdout.trim().split('\n').pop()) };
  const warm = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (warm.status !== 0) throw new Error(`native build of ${project} failed:\n${warm.stderr}`);
  return { ms, warmMs: JSON.parse(warm.stdout.trim().split('\n').pop()).warmMs };
}

/** A reference build of `project` into ref-dist/, cleaned before and after. */
function referenceBuild(project, command, argv) {
  const root = join(ws, project);
  for (const dir of ['ref-dist', 'dist', 'build']) rmSync(join(root, dir), { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd: root, encoding: 'utf8', env });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  // setuptools leaves build/ and *.egg-info behind; remove them so every run starts clean.
  for (const dir of ['ref-dist', 'dist', 'build']) rmSync(join(root, dir), { recursive: true, force: true });
  return ms;
}

const FLOOR = 'floor: one read, sha256 + deflate (level 6) + gzip (level 9), fresh node process';

/**
 * The least CPU any builder spends on the data file: read once, hashed for the wheel's RECORD,
 * compressed once into the wheel (raw deflate, the zip writer's level) and once into the sdist
 * (gzip, the tar writer's level, which is Python's tarfile default), the output thrown away.
 */
function compressionFloor(file) {
  const script = `
    const { createReadStream } = require('node:fs');
    const { createHash } = require('node:crypto');
    const zlib = require('node:zlib');
    const { once } = require('node:events');
    (async () => {
      const sha = createHash('sha256');
      const deflate = zlib.createDeflateRaw({ level: 6 });
      const gzip = zlib.createGzip({ level: 9 });
      for (const z of [deflate, gzip]) z.resume();
      let crc = 0;
      for await (const chunk of createReadStream(${JSON.stringify(file)}, { highWaterMark: 1 << 20 })) {
        sha.update(chunk);
        crc = zlib.crc32(chunk, crc);
        const waits = [deflate, gzip].filter((z) => !z.write(chunk)).map((z) => once(z, 'drain'));
        await Promise.all(waits);
      }
      sha.digest();
      await Promise.all([deflate, gzip].map((z) => { z.end(); return once(z, 'end'); }));
      const usage = process.resourceUsage();
      console.log(JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKiB: usage.maxRSS }));
    })();`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`the compression floor failed:\n${r.stderr}`);
  const { cpuMs, maxRssKiB } = JSON.parse(r.stdout.trim());
  return { ms: cpuMs, rssKiB: maxRssKiB };
}

const references = [
  ['token-lib', 'setuptools, 5 modules, ~50 KB', `${PYTHON} -m build --no-isolation`, PYTHON, ['-m', 'build', '--no-isolation', '--outdir', 'ref-dist', '.']],
  ['many-files', 'setuptools, 200 modules', `${PYTHON} -m build --no-isolation`, PYTHON, ['-m', 'build', '--no-isolation', '--outdir', 'ref-dist', '.']],
  ['flit-lib', 'flit_core, 5 modules, ~50 KB', 'flit build', FLIT, ['build']],
  ['hatch-lib', 'hatchling, 5 modules, ~50 KB', `${PYTHON} -m hatchling build`, PYTHON, ['-m', 'hatchling', 'build', '-d', 'ref-dist']],
  [
    'poetry-lib',
    'poetry-core, Poetry 1.x, 5 modules, ~50 KB',
    `${PYTHON} -m build --no-isolation`,
    PYTHON,
    ['-m', 'build', '--no-isolation', '--outdir', 'ref-dist', '.'],
  ],
];

try {
  generate();
  for (const [project, what, refName, command, argv] of references.filter(([project]) => selected(project))) {
    const comparison = await session.compare({
      title: `${project} (${what}): native build vs ${refName}`,
      sides: [
        { name: 'nx-pypi native (fresh node process)', run: async () => nativeBuild(project) },
        { name: refName, run: async () => referenceBuild(project, command, argv) },
      ],
      against: [{ reference: refName, kind: 'speedup' }],
    });
    const [native, reference] = comparison.sides;
    const warm = native.metrics.warmMs.median;
    comparison.warm = { ms: native.metrics.warmMs, speedup: reference.ms.median / warm, target: 20, met: reference.ms.median / warm >= 20 };
    console.log(
      `  warm (the build repeated in one process, as Nx's batch mode runs it): ${warm.toFixed(0)} ms, ` +
        `${comparison.warm.speedup.toFixed(1)}x faster than ${refName}; target >= 20x: ${comparison.warm.met ? 'met' : 'MISSED'}`,
    );
  }

  const nx = join(ws, 'node_modules/.bin/nx');
  const nxRun = async (argv) => {
    const { ms, rssKiB } = await timed(nx, argv, { cwd: ws, env, rss: true });
    return { ms, rssKiB };
  };
  if (selected('nx-run')) {
    await timed(nx, ['run', 'token-lib:noop'], { cwd: ws, env }); // the graph is computed once, as in a repeated run
    await session.compare({
      title: 'nx run token-lib:build --skip-nx-cache vs nx run token-lib:noop (daemon off, plugin isolation on)',
      sides: [
        { name: 'nx run token-lib:build --skip-nx-cache', run: () => nxRun(['run', 'token-lib:build', '--skip-nx-cache']) },
        { name: 'nx run token-lib:noop', run: () => nxRun(['run', 'token-lib:noop']) },
        { name: 'nx run token-lib:true (nx:run-commands `true`)', run: () => nxRun(['run', 'token-lib:true']) },
      ],
      against: [
        { reference: 'nx run token-lib:noop', kind: 'difference', target: { op: '<=', value: 100 } },
        { reference: 'nx run token-lib:true (nx:run-commands `true`)', kind: 'difference' },
      ],
    });
  }

  if (BIG_MB > 0 && selected('big-data')) {
    let big;
    await session.compare({
      title: `big-data (${BIG_MB} MB data file): CPU time (user + system) of the native build vs the compression floor`,
      runs: Number(args['big-runs'] ?? 3),
      sides: [
        {
          name: 'nx-pypi native build (fresh node process)',
          run: async () => {
            big = nativeBuild('big-data', 0);
            return { ms: big.cpuMs, rssKiB: big.maxRssKiB };
          },
        },
        { name: FLOOR, run: async () => compressionFloor(join(ws, 'big-data/big_data/blob.bin')) },
      ],
      against: [{ reference: FLOOR, kind: 'overhead', target: { op: '<=', value: 1.1 } }],
    });
    const rssMb = big.maxRssKiB / 1024;
    session.note(
      `big-data (${BIG_MB} MB data file), the last native build: ${(big.ms / 1000).toFixed(2)} s wall, ${(big.cpuMs / 1000).toFixed(2)} s CPU, artifacts ${big.sizes.map((s) => `${(s / 1e6).toFixed(0)} MB`).join(' + ')}, ` +
        `peak RSS ${rssMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB${rssMb >= RSS_LIMIT_MB ? ': OVER' : ''})`,
    );
    if (rssMb >= RSS_LIMIT_MB) process.exitCode = 1;
  }
  session.finish();
} finally {
  if (args.keep) console.log(`kept ${ws}`);
  else rmSync(ws, { recursive: true, force: true });
}
