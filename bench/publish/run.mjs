// bench/publish: publishing only (the build is done beforehand and excluded), each side against a
// fresh local registry (pypi-registry over TLS on loopback, strict mode), paired and interleaved.
//
// 1. 50 packages (100 files: sdist + wheel each): `nx run-many -t publish` (Nx batch mode, as
//    shipped) against ONE `twine upload` of all 100 files (the strongest reference); the old
//    shell loop of one `twine upload` per package runs once, for context.
// 2. A 200 MiB wheel and sdist (hatchling keeps the data file as is): `nx run big:publish` against
//    `twine upload` and the floor, a plain `curl` POST of the same multipart form (the fields twine
//    sends that the registry requires) streamed from the file over the same TLS; the floor with a
//    sha256sum pass before it, and the publishing library alone (no Nx), run once, for context.
//
//   npm run pack && node bench/publish/run.mjs [--count=50] [--big-mb=200] [--runs=5] [--big-runs=3] [--json=<file>]
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Session, parseArgs } from '../lib/paired.mjs';
import { runMeasured } from '../lib/process-tree.mjs';
import { benchEnv, benchRepository, createWorkspace, timed, write, installedPluginNote } from '../lib/workspace.mjs';

const args = parseArgs();
const count = Number(args.count ?? args._[0] ?? 50);
const bigMiB = Number(args['big-mb'] ?? args._[1] ?? 200);
const bigRuns = Number(args['big-runs'] ?? 3);
const TWINE = '/usr/bin/twine';
const CURL = '/usr/bin/curl';
for (const tool of [TWINE, CURL]) if (!existsSync(tool)) throw new Error(`${tool} is missing: apt-get install ${basename(tool)}`);

const session = new Session('bench/publish', args);
// The workspace is created first: the registry module comes from its node_modules (the packed tarball).
const ws = createWorkspace('nx-pypi-bench-publish', { registry: true });
session.note(`plugin: ${installedPluginNote()}`);
// Registry data and HOME live outside the workspace: Nx hashes every file it does not ignore.
const outside = mkdtempSync(join(tmpdir(), 'nx-pypi-bench-publish-data-'));
const home = join(outside, 'home');
mkdirSync(home);
// HOME keeps ~/.pypirc, ~/.netrc and ~/.curlrc out; benchEnv drops TWINE_*, REQUESTS_CA_BUNDLE and
// the like. Nx runs as users run it: daemon off (as in CI), plugin isolation as Nx defaults it (on).
const baseEnv = benchEnv({ HOME: home });
const nxBin = join(ws, 'node_modules', '.bin', 'nx');
const { startRegistry } = await import(pathToFileURL(join(ws, 'node_modules', 'pypi-registry', 'dist', 'index.js')).href);
// Repository settings go to nx-pypi.json when the installed plugin reads it (nx.json is hashed into every task), else to nx.json.
const settingsFile = existsSync(join(ws, 'node_modules', 'nx-pypi', 'dist', 'core', 'config', 'repository-settings-file.js')) ? 'nx-pypi.json' : 'nx.json';
let registryCount = 0;

const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;

/** Runs `use(registry)` against a registry of its own, then closes it and removes its data. */
async function withFreshRegistry(use) {
  const dataDir = join(outside, `registry-${registryCount++}`);
  const registry = await startRegistry({ dataDir, strict: true, logError: () => {} });
  try {
    return await use(registry);
  } finally {
    await registry.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

function pointNxAt(registry) {
  const { settings, credentialsEnv } = benchRepository(ws, registry);
  const nxJson = JSON.parse(readFileSync(join(ws, 'nx.json'), 'utf8'));
  nxJson.plugins = (nxJson.plugins ?? []).filter((p) => (typeof p === 'string' ? p : p.plugin) !== 'nx-pypi');
  nxJson.plugins.push({ plugin: 'nx-pypi', options: settingsFile === 'nx.json' ? settings : {} });
  writeFileSync(join(ws, 'nx.json'), JSON.stringify(nxJson, null, 2));
  if (settingsFile === 'nx-pypi.json') writeFileSync(join(ws, 'nx-pypi.json'), JSON.stringify(settings, null, 2));
  return { ...baseEnv, ...credentialsEnv };
}

const twineEnv = (registry) => ({ ...baseEnv, TWINE_PASSWORD: registry.credentials.password, PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring' });
const twineArgs = (registry) => [
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

function expectStored(registry, n, what) {
  const stored = registry.uploads().filter((u) => u.outcome === 'stored').length;
  if (stored !== n) throw new Error(`${what}: the registry stored ${stored} files, expected ${n}`);
}

const nxPublish = (nxArgs, files) => async () =>
  withFreshRegistry(async (registry) => {
    const env = pointNxAt(registry);
    const run = await timed(nxBin, [...nxArgs, '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static'], { cwd: ws, env, rss: true });
    expectStored(registry, files.length, `nx ${nxArgs.join(' ')}`);
    return { ms: run.ms, rssKiB: run.rssKiB };
  });

const twineOnce = (files) => async () =>
  withFreshRegistry(async (registry) => {
    const run = await timed(TWINE, [...twineArgs(registry), ...files], { cwd: ws, env: twineEnv(registry), rss: true });
    expectStored(registry, files.length, 'twine upload');
    return { ms: run.ms, rssKiB: run.rssKiB };
  });

const names = Array.from({ length: count }, (_, i) => `bench-${String(i).padStart(3, '0')}`);
try {
  console.log(`  workspace ${ws}; repository settings in ${settingsFile}`);
  let t = Date.now();
  await timed(nxBin, ['g', 'nx-pypi:init', '--no-interactive'], { cwd: ws, env: baseEnv });
  await timed(nxBin, ['g', 'nx-pypi:package', names[0], '--no-interactive'], { cwd: ws, env: baseEnv });
  // The other packages are copies of the generated one, renamed (the generator takes ~4 s a call here).
  const template = readdirSync(join(ws, names[0]), { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
  for (const name of names.slice(1)) {
    const rename = (text) => text.replaceAll(names[0], name).replaceAll(names[0].replace('-', '_'), name.replace('-', '_'));
    const files = {};
    for (const entry of template) {
      const from = join(entry.parentPath ?? entry.path, entry.name);
      files[rename(from.slice(join(ws, names[0]).length + 1)).replace(/^/, `${name}/`)] = rename(readFileSync(from, 'utf8'));
    }
    write(ws, files);
  }
  console.log(`  generated ${count} packages in ${sec(Date.now() - t)}`);
  t = Date.now();
  await timed(nxBin, ['run-many', '-t', 'build', '--output-style=static'], { cwd: ws, env: baseEnv });
  const files = names.flatMap((name) => readdirSync(join(ws, name, 'dist')).map((f) => join(name, 'dist', f)));
  if (files.length !== 2 * count) throw new Error(`expected ${2 * count} artifacts after the build, found ${files.length}`);
  console.log(`  built ${files.length} artifacts in ${sec(Date.now() - t)} (not timed below)`);

  const loop = `for d in ${names.map((n) => `${n}/dist`).join(' ')}; do "$@" "$d"/* || exit 1; done`;
  await session.compare({
    title: `publish ${count} packages (${files.length} files), fresh registry per run`,
    sides: [
      { name: 'nx run-many -t publish (batch mode)', run: nxPublish(['run-many', '-t', 'publish', '--projects=bench-*'], files) },
      { name: `twine upload, one call for ${files.length} files`, run: twineOnce(files) },
      {
        name: 'twine upload, one call per package (shell loop)',
        rounds: 1,
        run: () =>
          withFreshRegistry(async (registry) => {
            const run = await timed('bash', ['-c', loop, 'loop', TWINE, ...twineArgs(registry)], { cwd: ws, env: twineEnv(registry) });
            expectStored(registry, files.length, 'twine loop');
            return run.ms;
          }),
      },
    ],
    against: [
      { reference: `twine upload, one call for ${files.length} files`, kind: 'speedup', target: { op: '>=', value: 1.0, aim: 1.5 } },
      { reference: 'twine upload, one call per package (shell loop)', kind: 'speedup' },
    ],
  });

  if (bigMiB > 0) await benchBigWheel();
  session.finish();
} finally {
  rmSync(ws, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
}

async function benchBigWheel() {
  // hatchling ships every file in the package folder: the data file lands in the wheel as is.
  await timed(nxBin, ['g', 'nx-pypi:package', 'big', '--buildBackend=hatchling', '--no-interactive'], { cwd: ws, env: baseEnv });
  const blob = createWriteStream(join(ws, 'big', 'big', 'blob.bin'));
  for (let i = 0; i < bigMiB; i++) if (!blob.write(randomBytes(1024 * 1024))) await once(blob, 'drain');
  blob.end();
  await once(blob, 'finish');
  const t = Date.now();
  await timed(nxBin, ['run', 'big:build', '--output-style=static'], { cwd: ws, env: baseEnv });
  const dist = readdirSync(join(ws, 'big', 'dist')).map((f) => join(ws, 'big', 'dist', f));
  console.log(
    `\n  big: built ${dist.map((f) => `${basename(f)} ${(statSync(f).size / 1048576).toFixed(1)} MiB`).join(', ')} in ${sec(Date.now() - t)} (not timed)`,
  );

  // The form twine sends, minus the metadata fields this registry does not require; the digest is
  // computed before the timed run (curl alone) or inside it (sha256sum + curl).
  const version = '0.1.0';
  const digests = new Map(dist.map((f) => [f, createHash('sha256').update(readFileSync(f)).digest('hex')]));
  const curlArgs = (registry, file, digestArg) => [
    '--silent',
    '--show-error',
    '--fail',
    '--output',
    '/dev/null',
    '--cacert',
    registry.certs.chain,
    '-u',
    `${registry.credentials.username}:${registry.credentials.password}`,
    '-H',
    'Expect:',
    '-F',
    ':action=file_upload',
    '-F',
    'protocol_version=1',
    '-F',
    'metadata_version=2.1',
    '-F',
    'name=big',
    '-F',
    `version=${version}`,
    '-F',
    `filetype=${file.endsWith('.whl') ? 'bdist_wheel' : 'sdist'}`,
    '-F',
    `pyversion=${file.endsWith('.whl') ? 'py3' : 'source'}`,
    '-F',
    `sha256_digest=${digestArg}`,
    '-F',
    `content=@${file};type=application/octet-stream`,
    registry.uploadUrl(),
  ];
  const curlSide = (hashFirst) => () =>
    withFreshRegistry(async (registry) => {
      // A shell runs either form, so both floors pay the same process start-ups.
      const sq = (a) => `'${a.replaceAll("'", `'\\''`)}'`;
      const script = dist
        .map((file, i) =>
          hashFirst
            ? `d=$(sha256sum ${sq(file)} | cut -c1-64) && ${CURL} ${curlArgs(registry, file, '$d')
                .map((a) => (a.endsWith('=$d') ? `"${a}"` : sq(a)))
                .join(' ')}`
            : `${CURL} ${curlArgs(registry, file, digests.get(file)).map(sq).join(' ')}`,
        )
        .join(' && ');
      const run = await timed('bash', ['-c', script], { cwd: ws, env: baseEnv, rss: true });
      expectStored(registry, dist.length, 'curl');
      return { ms: run.ms, rssKiB: run.rssKiB };
    });

  await session.compare({
    title: `publish a ${bigMiB} MiB wheel and sdist (${dist.length} files), fresh registry per run`,
    runs: bigRuns,
    sides: [
      { name: 'nx run big:publish', run: nxPublish(['run', 'big:publish'], dist) },
      { name: 'twine upload', run: twineOnce(dist) },
      { name: 'curl POST (floor)', run: curlSide(false) },
      { name: 'sha256sum + curl POST', run: curlSide(true) },
    ],
    against: [
      { reference: 'curl POST (floor)', kind: 'overhead', target: { op: '<=', value: 1.2 } },
      { reference: 'sha256sum + curl POST', kind: 'overhead' },
      { reference: 'twine upload', kind: 'speedup' },
    ],
  });

  // Once, for the memory breakdown: which process of nx's tree holds the peak, and the library alone.
  await withFreshRegistry(async (registry) => {
    const env = pointNxAt(registry);
    const run = await runMeasured(nxBin, ['run', 'big:publish', '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static'], { cwd: ws, env });
    if (run.code !== 0) throw new Error(`nx run big:publish exited ${run.code}\n${run.stderr}`);
    const peakOf = (pattern) => Math.max(0, ...run.peaks.filter((p) => pattern.test(p.command)).map((p) => p.hwmKiB));
    session.note(
      `big, one sampled run of nx run big:publish (${sec(run.ms)}): peak RSS of the task process (the publisher) ${mib(peakOf(/run-executor|run-batch|batch/))}, ` +
        `of the nx CLI process ${mib(peakOf(/\.bin\/nx /))}`,
    );
  });
  await withFreshRegistry(async (registry) => {
    const alone = await timed(
      process.execPath,
      [join(dirname(fileURLToPath(import.meta.url)), 'publish-alone.mjs'), ws, registry.uploadUrl(), registry.certs.chain, ...dist],
      { cwd: ws, env: { ...baseEnv, BENCH_PYPI_USERNAME: registry.credentials.username, BENCH_PYPI_PASSWORD: registry.credentials.password } },
    );
    const result = JSON.parse(alone.stdout.trim().split('\n').pop());
    if (result.failed.length > 0) throw new Error(`publish-alone.mjs: ${result.failed.join('; ')}`);
    expectStored(registry, dist.length, 'publish-alone.mjs');
    session.note(
      `big, the publishing library alone (no Nx, one run): ${sec(result.ms)} (reading the artifacts' metadata ${sec(result.hashedMs)}; digests while uploading), peak RSS ${mib(result.maxRssKiB)} (${mib(result.hashedRssKiB)} before the uploads)`,
    );
  });
}
