// bench/graph: a workspace of N (default 1,000) Python projects in dependency chains of 10;
// times a cold `nx show projects` (daemon off, workspace data wiped) and the per-project cost.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const count = Number(process.argv[2] ?? 1000);
const chain = 10;
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const tarball = readdirSync(join(repo, 'dist')).find((f) => /^nx-pypi-.*\.tgz$/.test(f));
if (!tarball) throw new Error('run `npm run pack` first');

const env = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NX_ISOLATE_PLUGINS: 'false' };
const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-bench-graph-'));
try {
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'bench', private: true }));
  writeFileSync(join(ws, 'nx.json'), JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache', plugins: ['nx-pypi'] }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', 'nx@24.0.6', join(repo, 'dist', tarball)], { cwd: ws, env, stdio: 'ignore' });
  for (let i = 0; i < count; i++) {
    const name = `pkg-${i}`;
    const dep = i % chain === 0 ? [] : [`pkg-${i - 1}>=0.1.0`];
    const dir = join(ws, 'libs', name);
    mkdirSync(join(dir, name.replace(/-/g, '_')), { recursive: true });
    writeFileSync(join(dir, name.replace(/-/g, '_'), '__init__.py'), '__version__ = "0.1.0"\n');
    writeFileSync(
      join(dir, 'pyproject.toml'),
      `[build-system]\nrequires = ["setuptools>=61.0"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "0.1.0"\ndescription = "bench"\nrequires-python = ">=3.9"\ndependencies = [${dep.map((d) => JSON.stringify(d)).join(', ')}]\n`,
    );
  }
  execFileSync('git', ['init', '-q'], { cwd: ws });
  const nx = join(ws, 'node_modules', '.bin', 'nx');
  const runs = [];
  for (let r = 0; r < 3; r++) {
    rmSync(join(ws, '.nx'), { recursive: true, force: true });
    const start = process.hrtime.bigint();
    const out = execFileSync(nx, ['show', 'projects', '--json'], { cwd: ws, env, encoding: 'utf8', maxBuffer: 1 << 26 });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const n = JSON.parse(out).length;
    if (n !== count) throw new Error(`expected ${count} projects, nx showed ${n}`);
    runs.push(ms);
  }
  const best = Math.min(...runs);
  console.log(`bench/graph: ${count} Python projects, cold \`nx show projects\` (daemon off, no workspace data)`);
  console.log(`  runs: ${runs.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(', ')}`);
  console.log(`  best: ${(best / 1000).toFixed(2)} s  (${(best / count).toFixed(2)} ms per project; target < 3 s)`);
} finally {
  rmSync(ws, { recursive: true, force: true });
}
