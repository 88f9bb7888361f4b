// bench/publish: 50 packages (sdist + wheel each) published to the local registry over TLS,
// `nx run-many -t publish` against a shell loop of `twine upload` of the same files, each side
// against a fresh registry, in one run; then a 200 MB wheel published under a peak-RSS probe.
// Publishing only is timed: `--exclude-task-dependencies` keeps the (already run) build out.
// Usage: node bench/publish/run.mjs [count=50] [bigMiB=200] [parallel=3]   (after `npm run pack`)
import { execFileSync } from 'node:child_process';
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runMeasured } from './process-tree.mjs';

const count = Number(process.argv[2] ?? 50);
const bigMiB = Number(process.argv[3] ?? 200);
const parallels = (process.argv[4] ?? '3').split(',').map(Number);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const TWINE = '/usr/bin/twine';
const TIME = '/usr/bin/time';

const tarballs = existsSync(join(repo, 'dist')) ? readdirSync(join(repo, 'dist')) : [];
const pluginTgz = tarballs.find((f) => /^nx-pypi-.*\.tgz$/.test(f));
const registryTgz = tarballs.find((f) => /^pypi-registry-.*\.tgz$/.test(f));
if (!pluginTgz || !registryTgz) throw new Error('run `npm run pack` first');
if (!existsSync(TWINE)) throw new Error(`${TWINE} is missing: apt-get install twine`);

const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-bench-publish-'));
// Registry data and HOME live outside the workspace: Nx hashes every file it does not ignore.
const outside = mkdtempSync(join(tmpdir(), 'nx-pypi-bench-publish-data-'));
const home = join(outside, 'home');
mkdirSync(home);
// Nothing from this machine's trust or Python settings leaks into either side: REQUESTS_CA_BUNDLE
// and CURL_CA_BUNDLE would override twine's --cert; HOME keeps ~/.pypirc out.
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(PIP_|TWINE_|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_|PYTHONPATH$|VIRTUAL_ENV$|NX_)/.test(k)),
);
Object.assign(baseEnv, { HOME: home, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NX_ISOLATE_PLUGINS: 'false' });
const registries = [];

const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const nxBin = join(ws, 'node_modules', '.bin', 'nx');
const nxSync = (args) => execFileSync(nxBin, args, { cwd: ws, env: baseEnv, encoding: 'utf8', maxBuffer: 1 << 26 });

async function freshRegistry(startRegistry, label) {
  const registry = await startRegistry({ dataDir: join(outside, label), strict: true, logError: () => {} });
  registries.push(registry);
  return registry;
}

function pointNxAt(registry) {
  mkdirSync(join(ws, 'certs'), { recursive: true });
  copyFileSync(registry.certs.chain, join(ws, 'certs', 'chain.pem'));
  const nxJson = JSON.parse(readFileSync(join(ws, 'nx.json'), 'utf8'));
  nxJson.plugins = (nxJson.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p.plugin) !== 'nx-pypi');
  nxJson.plugins.push({
    plugin: 'nx-pypi',
    options: {
      defaultRepository: 'bench',
      repositories: {
        bench: {
          uploadUrl: registry.uploadUrl(),
          indexUrl: registry.indexUrl(),
          caBundle: 'certs/chain.pem',
          publicRoots: false,
          usernameEnv: 'BENCH_PYPI_USERNAME',
          passwordEnv: 'BENCH_PYPI_PASSWORD',
        },
      },
    },
  });
  writeFileSync(join(ws, 'nx.json'), JSON.stringify(nxJson, null, 2));
  return { ...baseEnv, BENCH_PYPI_USERNAME: registry.credentials.username, BENCH_PYPI_PASSWORD: registry.credentials.password };
}

function twineEnv(registry) {
  return { ...baseEnv, TWINE_PASSWORD: registry.credentials.password, PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring' };
}

function twineArgs(registry) {
  return [
    'upload',
    '--non-interactive',
    '--disable-progress-bar',
    '--repository-url',
    registry.uploadUrl(),
    '--cert',
    registry.certs.chain,
    '-u',
    registry.credentials.username,
  ];
}

function expectStored(registry, n, what) {
  const stored = registry.uploads().filter((u) => u.outcome === 'stored').length;
  if (stored !== n) throw new Error(`${what}: the registry stored ${stored} files, expected ${n}`);
}

function fail(what, run) {
  throw new Error(`${what} exited ${run.code}\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-4000)}`);
}

const names = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
try {
  console.log(`bench/publish: workspace ${ws}`);
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  writeFileSync(join(ws, 'nx.json'), JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache' }));
  // The registry is installed from its tarball too: `npm run pack` elsewhere may wipe packages/*/dist mid-run.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'nx@24.0.6', join(repo, 'dist', pluginTgz), join(repo, 'dist', registryTgz)], {
    cwd: ws,
    env: baseEnv,
    stdio: 'ignore',
  });
  execFileSync('git', ['init', '-q'], { cwd: ws });
  const { startRegistry } = await import(pathToFileURL(join(ws, 'node_modules', 'pypi-registry', 'dist', 'index.js')).href);

  let t = Date.now();
  nxSync(['g', 'nx-pypi:init', '--no-interactive']);
  for (const name of names) nxSync(['g', 'nx-pypi:package', name, '--no-interactive']);
  console.log(`  generated ${count} packages in ${sec(Date.now() - t)}`);
  t = Date.now();
  nxSync(['run-many', '-t', 'build', '--output-style=static']);
  const files = names.map((name) => readdirSync(join(ws, name, 'dist')).map((f) => join(name, 'dist', f)));
  const fileCount = files.flat().length;
  if (fileCount !== 2 * count) throw new Error(`expected ${2 * count} artifacts after the build, found ${fileCount}`);
  console.log(`  built ${fileCount} artifacts in ${sec(Date.now() - t)} (not timed below)`);

  // Side 1: nx, publishing only (build excluded), against a fresh registry each: as shipped (Nx
  // batch mode: one worker publishes every project, dependencies first), and with --batch=false
  // (one task process per project) for comparison.
  const nxRuns = [];
  for (const [label, extra] of [
    ['nx run-many, batch mode (as shipped)', []],
    ...parallels.map((parallel) => [`nx run-many --batch=false --parallel=${parallel} (one process per task)`, ['--batch=false', `--parallel=${parallel}`]]),
  ]) {
    const registry = await freshRegistry(startRegistry, `nx-${nxRuns.length}`);
    const env = pointNxAt(registry);
    const args = ['run-many', '-t', 'publish', '--projects=bench-*', '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static', ...extra];
    const run = await runMeasured(nxBin, args, { cwd: ws, env });
    if (run.code !== 0) fail(`nx ${args.join(' ')}`, run);
    expectStored(registry, 2 * count, label);
    nxRuns.push({ label, ms: run.ms });
    const worker = Math.max(0, ...run.peaks.filter((p) => /run-executor|run-batch|batch/.test(p.command)).map((p) => p.hwmKiB));
    console.log(`  ${label}: ${sec(run.ms)} (${(run.ms / count).toFixed(0)} ms per package); worker peak RSS ${worker ? mib(worker) : '?'}`);
  }

  // Side 2: a shell loop of twine upload, one invocation per package, fresh registry.
  const registryB = await freshRegistry(startRegistry, 'twine');
  const loop = `for d in ${names.map((n) => `${n}/dist`).join(' ')}; do "$@" "$d"/* || exit 1; done`;
  const twine = await runMeasured('bash', ['-c', loop, 'loop', TWINE, ...twineArgs(registryB)], { cwd: ws, env: twineEnv(registryB) });
  if (twine.code !== 0) fail('twine loop', twine);
  expectStored(registryB, 2 * count, 'twine loop');
  console.log(`  twine upload loop: ${sec(twine.ms)} (${(twine.ms / count).toFixed(0)} ms per package)`);

  if (bigMiB > 0) await benchBigWheel(startRegistry);

  console.log(`bench/publish: ${count} packages (${2 * count} files), publishing only, fresh registry each side`);
  console.log(`  twine upload shell loop: ${sec(twine.ms)}`);
  for (const run of nxRuns) console.log(`  ${run.label}: ${sec(run.ms)}, speed-up over twine ${(twine.ms / run.ms).toFixed(2)}x (target >= 5x)`);
} finally {
  for (const registry of registries) await registry.close().catch(() => {});
  rmSync(ws, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
}

async function benchBigWheel(startRegistry) {
  // hatchling ships every file in the package folder: the data file lands in the wheel as is.
  nxSync(['g', 'nx-pypi:package', 'big', '--buildBackend=hatchling', '--no-interactive']);
  const blob = createWriteStream(join(ws, 'big', 'big', 'blob.bin'));
  for (let i = 0; i < bigMiB; i++) if (!blob.write(randomBytes(1024 * 1024))) await once(blob, 'drain');
  blob.end();
  await once(blob, 'finish');
  let t = Date.now();
  nxSync(['run', 'big:build', '--output-style=static']);
  const dist = readdirSync(join(ws, 'big', 'dist')).map((f) => join('big', 'dist', f));
  const sizes = dist.map((f) => `${f.split('/').pop()} ${(statSync(join(ws, f)).size / 1024 / 1024).toFixed(1)} MiB`);
  console.log(`  big: built ${sizes.join(', ')} in ${sec(Date.now() - t)}`);

  const registryC = await freshRegistry(startRegistry, 'big-nx');
  const env = pointNxAt(registryC);
  const nxRun = await runMeasured(TIME, ['-v', nxBin, 'run', 'big:publish', '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static'], {
    cwd: ws,
    env,
  });
  if (nxRun.code !== 0) fail('nx run big:publish', nxRun);
  expectStored(registryC, dist.length, 'nx run big:publish');
  // The task process (run-executor) is the publisher; the `nx` CLI process hashes task inputs.
  const peakOf = (pattern) => Math.max(0, ...nxRun.peaks.filter((p) => pattern.test(p.command)).map((p) => p.hwmKiB));
  console.log(
    `  big: nx run big:publish ${sec(nxRun.ms)}; peak RSS: task process (the publisher) ${mib(peakOf(/run-executor|run-batch|batch/))}, ` +
      `nx CLI process ${mib(peakOf(/\.bin\/nx /))}, /usr/bin/time (largest of the tree) ${mib(maxRss(nxRun.stderr))}`,
  );

  const registryF = await freshRegistry(startRegistry, 'big-alone');
  const alone = await runMeasured(
    process.execPath,
    [join(dirname(fileURLToPath(import.meta.url)), 'publish-alone.mjs'), ws, registryF.uploadUrl(), registryF.certs.chain, ...dist.map((f) => join(ws, f))],
    {
      cwd: ws,
      env: { ...baseEnv, BENCH_PYPI_USERNAME: registryF.credentials.username, BENCH_PYPI_PASSWORD: registryF.credentials.password },
    },
  );
  if (alone.code !== 0) fail('publish-alone.mjs', alone);
  const aloneResult = JSON.parse(alone.stdout.trim().split('\n').pop());
  if (aloneResult.failed.length > 0) throw new Error(`publish-alone.mjs: ${aloneResult.failed.join('; ')}`);
  expectStored(registryF, dist.length, 'publish-alone.mjs');
  console.log(
    `  big: the publishing library alone (no Nx): ${sec(aloneResult.ms)} (hashing ${sec(aloneResult.hashedMs)}), peak RSS ${mib(aloneResult.maxRssKiB)} (${mib(aloneResult.hashedRssKiB)} after hashing)`,
  );

  const registryD = await freshRegistry(startRegistry, 'big-twine');
  const twineRun = await runMeasured(TIME, ['-v', TWINE, ...twineArgs(registryD), ...dist], { cwd: ws, env: twineEnv(registryD) });
  if (twineRun.code !== 0) fail('twine upload big', twineRun);
  expectStored(registryD, dist.length, 'twine upload big');
  console.log(`  big: twine upload ${sec(twineRun.ms)}, max RSS ${mib(maxRss(twineRun.stderr))}`);
}

function maxRss(timeOutput) {
  const match = /Maximum resident set size \(kbytes\): (\d+)/.exec(timeOutput);
  return match ? Number(match[1]) : NaN;
}
