// bench/publish/chain: a chain of 10 packages (each depends on the one before) published with
// `nx run-many -t publish` to a local registry whose group lists a file only `--lag` seconds
// (default 5) after its upload, against the same publish with no lag. Consumers install through
// the group, so every dependent needs its dependency listed there; nx-pypi uploads a dependent once
// the hosted repository has its dependency and waits for the group after, so the chain should pay
// the lag about once: target total <= 1.5 x (one lag + the chain's time without lag). For context,
// `--waitForGroupBeforeUpload` (each link waits before uploading) runs once.
//
//   npm run pack && node bench/publish/chain.mjs [--length=10] [--lag=5] [--runs=3]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { load, parseArgs, summarize } from '../lib/paired.mjs';
import { benchEnv, benchRepository, createWorkspace, timed, write } from '../lib/workspace.mjs';

const args = parseArgs();
const length = Number(args.length ?? 10);
const lagSeconds = Number(args.lag ?? 5);
const runs = Number(args.runs ?? 3);

const ws = createWorkspace('nx-pypi-bench-chain', { registry: true });
const outside = mkdtempSync(join(tmpdir(), 'nx-pypi-bench-chain-data-'));
const env = benchEnv({ HOME: outside });
const nxBin = join(ws, 'node_modules', '.bin', 'nx');
const { startRegistry } = await import(pathToFileURL(join(ws, 'node_modules', 'pypi-registry', 'dist', 'index.js')).href);
const sec = (ms) => `${(ms / 1000).toFixed(2)} s`;

// The chain, written directly (hatchling, one module each): link i requires link i-1.
const names = Array.from({ length }, (_, i) => `chain-${String(i).padStart(2, '0')}`);
writeFileSync(join(ws, 'nx.json'), JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache', plugins: ['nx-pypi'] }, null, 2));
names.forEach((name, i) => {
  const dependencies = i === 0 ? '' : `dependencies = ["${names[i - 1]}>=0.1.0"]\n`;
  write(join(ws, 'libs', name), {
    'pyproject.toml': `[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "${name}"\nversion = "0.1.0"\n${dependencies}`,
    [`${name.replace(/-/g, '_')}/__init__.py`]: '',
  });
});

let registryCount = 0;
async function publishOnce(lag, extra = []) {
  const dataDir = join(outside, `registry-${registryCount++}`);
  const registry = await startRegistry({ dataDir, strict: true, logError: () => {} });
  try {
    if (lag > 0) registry.faults.set({ groupLagSeconds: lag });
    const { settings, credentialsEnv } = benchRepository(ws, registry);
    writeFileSync(join(ws, 'nx-pypi.json'), JSON.stringify(settings, null, 2));
    const run = await timed(
      nxBin,
      ['run-many', '-t', 'publish', '--exclude-task-dependencies', '--skip-nx-cache', '--output-style=static', '--groupPollInterval=200', ...extra],
      { cwd: ws, env: { ...env, ...credentialsEnv } },
    );
    const stored = registry.uploads().filter((u) => u.outcome === 'stored').length;
    if (stored !== 2 * length) throw new Error(`the registry stored ${stored} files, expected ${2 * length}`);
    return run.ms;
  } finally {
    await registry.close().catch(() => {});
    rmSync(dataDir, { recursive: true, force: true });
  }
}

try {
  console.log(`bench/publish/chain: ${length} packages in a chain, group lag ${lagSeconds} s, ${runs} rounds; load average ${load().join(' ')}`);
  await timed(nxBin, ['run-many', '-t', 'build', '--output-style=static'], { cwd: ws, env });
  const lagged = [];
  const plain = [];
  for (let round = 0; round < runs; round++) {
    // Alternate the order, as bench/lib/paired.mjs does, so drift falls on both sides alike.
    const order = round % 2 === 0 ? ['lag', 'plain'] : ['plain', 'lag'];
    for (const side of order) {
      const ms = await publishOnce(side === 'lag' ? lagSeconds : 0);
      (side === 'lag' ? lagged : plain).push(ms);
      console.log(`  round ${round + 1}/${runs}: ${side === 'lag' ? `lag ${lagSeconds} s` : 'no lag'}: ${sec(ms)}`);
    }
  }
  const strict = await publishOnce(lagSeconds, ['--waitForGroupBeforeUpload']);
  const withLag = summarize(lagged);
  const without = summarize(plain);
  const bound = lagSeconds * 1000 + without.median;
  const ratio = withLag.median / bound;
  console.log(
    `  with lag: ${sec(withLag.median)} (${sec(withLag.min)}–${sec(withLag.max)}); without: ${sec(without.median)} (${sec(without.min)}–${sec(without.max)})`,
  );
  console.log(`  with lag / (one lag + without): ${ratio.toFixed(2)}x; target <= 1.5x: ${ratio <= 1.5 ? 'met' : 'MISSED'}`);
  console.log(`  --waitForGroupBeforeUpload (one lag per link), once: ${sec(strict)}`);
  console.log(`  load average after: ${load().join(' ')}`);
} finally {
  rmSync(ws, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
}
