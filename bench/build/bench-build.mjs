#!/usr/bin/env node
/**
 * Native build vs the reference frontend (`/usr/bin/python3 -m build --no-isolation`, Debian's
 * setuptools) on the same generated projects, plus peak memory on a 200 MB data file.
 *
 *   npm run build && node bench/build/bench-build.mjs [--runs=5] [--big-mb=200] [--keep]
 *
 * Each native build runs in a fresh `node` process (as `nx run` would), so times include module
 * loading, and the child's peak RSS (`process.resourceUsage().maxRSS`) is the whole process.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const executorJs = join(repo, 'packages/nx-pypi/dist/executors/build/executor.js');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, '').split('='))
    .map(([k, v]) => [k, v ?? 'true']),
);
const RUNS = Number(args.runs ?? 5);
const BIG_MB = Number(args['big-mb'] ?? 200);
const RSS_LIMIT_MB = 150;
const PYTHON = '/usr/bin/python3';

if (!existsSync(executorJs)) {
  console.error(`${executorJs} is missing: run \`npm run build\` first.`);
  process.exit(2);
}

const base = mkdtempSync(join(tmpdir(), 'nx-pypi-bench-'));
// The reference build runs offline and without this machine's pip settings.
const pyEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PIP_|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|SSL_CERT_FILE)/.test(k)));

function write(root, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function pyproject(name, extra = '') {
  return `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "0.1.0"\ndescription = "bench"\nreadme = "README.md"\nrequires-python = ">=3.8"\ndependencies = ["idna>=2.5"]\n${extra}`;
}

/** A module of about `bytes` bytes of plausible Python. */
function moduleText(name, bytes) {
  const lines = [`"""${name}."""`, ''];
  for (let i = 0; lines.join('\n').length < bytes; i++)
    lines.push(`def ${name}_fn_${i}(value: int) -> int:`, `    """Return value plus ${i}."""`, `    return value + ${i}`, '');
  return lines.join('\n');
}

function generate() {
  const tokenLib = join(base, 'token-lib');
  const files = { 'pyproject.toml': pyproject('token-lib'), 'README.md': '# token-lib\n', 'token_lib/__init__.py': '' };
  for (const m of ['paseto', 'jwt', 'branca', 'keys', 'utils']) files[`token_lib/${m}.py`] = moduleText(m, 10_000);
  write(tokenLib, files);

  const many = join(base, 'many-files');
  const manyFiles = { 'pyproject.toml': pyproject('many-files'), 'README.md': '# many\n', 'many_files/__init__.py': '' };
  for (let i = 0; i < 200; i++) manyFiles[`many_files/sub${i % 10}/mod_${i}.py`] = moduleText(`m${i}`, 2_000);
  for (let i = 0; i < 10; i++) manyFiles[`many_files/sub${i}/__init__.py`] = '';
  write(many, manyFiles);

  const big = join(base, 'big-data');
  write(big, {
    'pyproject.toml': pyproject('big-data', '\n[tool.setuptools.package-data]\nbig_data = ["*.bin"]\n'),
    'README.md': '# big\n',
    'big_data/__init__.py': '',
  });
  // Pseudo-random bytes (a fixed xorshift stream) so deflate cannot shrink the file to nothing.
  const fd = openSync(join(big, 'big_data/blob.bin'), 'w');
  const chunk = Buffer.alloc(1 << 20);
  let x = 0x9e3779b9;
  for (let mb = 0; mb < BIG_MB; mb++) {
    for (let i = 0; i < chunk.length; i += 4) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      chunk.writeUInt32LE(x >>> 0, i);
    }
    writeSync(fd, chunk);
  }
  closeSync(fd);
  return { tokenLib, many, big };
}

function nativeBuild(projectRoot, warmRuns = 5) {
  const script = `
    const { runBuild } = require(${JSON.stringify(executorJs)});
    const opts = { builder: 'native', python: 'python3', isolated: true, workspaceRoot: ${JSON.stringify(base)}, projectRoot: ${JSON.stringify(projectRoot)}, outputDir: ${JSON.stringify(join(projectRoot, 'dist'))} };
    const log = { info() {}, warn() {} };
    (async () => {
      const t0 = process.hrtime.bigint();
      const a = await runBuild(opts, {}, { log });
      const buildMs = Number(process.hrtime.bigint() - t0) / 1e6;
      // Node start, module load and the first build: what one fresh process per package costs.
      const freshMs = process.uptime() * 1000;
      // Again in the same process, as Nx's batch mode runs many builds in one worker.
      const warm = [];
      for (let i = 0; i < ${JSON.stringify(warmRuns)}; i++) {
        const t = process.hrtime.bigint();
        await runBuild(opts, {}, { log });
        warm.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      console.log(JSON.stringify({ buildMs, freshMs, warmMs: warm.sort((x, y) => x - y)[Math.floor(warm.length / 2)] ?? buildMs, maxRssMb: process.resourceUsage().maxRSS / 1024, sizes: a.map((x) => x.size) }));
    })().catch((e) => { console.error(e.render ? e.render() : e); process.exit(1); });`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`native build failed:\n${r.stderr}`);
  return { totalMs, ...JSON.parse(r.stdout.trim().split('\n').pop()) };
}

function referenceBuild(projectRoot) {
  rmSync(join(projectRoot, 'ref-dist'), { recursive: true, force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', join(projectRoot, 'ref-dist'), projectRoot], { encoding: 'utf8', env: pyEnv });
  const totalMs = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`reference build failed:\n${r.stdout}\n${r.stderr}`);
  // setuptools leaves build/ and *.egg-info behind; remove them so every run starts clean.
  rmSync(join(projectRoot, 'build'), { recursive: true, force: true });
  return { totalMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const { tokenLib, many, big } = generate();
  console.log(`nx-pypi build bench (${RUNS} runs each, medians)\n`);
  for (const [label, root] of [
    ['token-lib (5 modules, ~50 KB)', tokenLib],
    ['many-files (200 modules)', many],
  ]) {
    const native = Array.from({ length: RUNS }, () => nativeBuild(root));
    const warm = median(native.map((r) => r.warmMs));
    const reference = Array.from({ length: RUNS }, () => referenceBuild(root));
    const n = median(native.map((r) => r.freshMs));
    const ref = median(reference.map((r) => r.totalMs));
    console.log(`${label}`);
    console.log(`  native, in a warm process (Nx batch mode): ${warm.toFixed(0)} ms`);
    console.log(`  native, first build in a process:        ${median(native.map((r) => r.buildMs)).toFixed(0)} ms`);
    console.log(`  native, fresh node process incl. load:   ${n.toFixed(0)} ms (peak RSS ${median(native.map((r) => r.maxRssMb)).toFixed(0)} MB)`);
    console.log(`  reference: ${ref.toFixed(0)} ms (${PYTHON} -m build --no-isolation)`);
    console.log(`  ratio:     ${(ref / warm).toFixed(1)}x faster warm, ${(ref / n).toFixed(1)}x as a fresh process (target 20x)\n`);
  }
  const bigRun = nativeBuild(big, 0);
  console.log(`big-data (${BIG_MB} MB data file)`);
  console.log(`  native:    ${bigRun.totalMs.toFixed(0)} ms, artifacts ${bigRun.sizes.map((s) => `${(s / 1e6).toFixed(0)} MB`).join(' + ')}`);
  console.log(`  peak RSS:  ${bigRun.maxRssMb.toFixed(0)} MB (limit ${RSS_LIMIT_MB} MB)`);
  if (bigRun.maxRssMb >= RSS_LIMIT_MB) {
    console.error(`peak RSS ${bigRun.maxRssMb.toFixed(0)} MB is over the ${RSS_LIMIT_MB} MB limit`);
    process.exitCode = 1;
  }
} finally {
  if (args.keep) console.log(`kept ${base}`);
  else rmSync(base, { recursive: true, force: true });
}
