#!/usr/bin/env node
/**
 * `nx run-many -t build` over 50 generated packages: cold (no cache), warm (all from the Nx cache),
 * against building the same 50 with `/usr/bin/python3 -m build --no-isolation` one after another.
 *
 *   npm run build && node bench/build/bench-run-many.mjs [--packages=50] [--keep]
 *
 * The workspace links this repo's node_modules, where `nx-pypi` is the workspace package (its
 * compiled dist/, the same files `npm run pack` puts in the tarball), so no install is needed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = Object.fromEntries(
  process.argv
    .slice(2)
    .map((a) => a.replace(/^--/, '').split('='))
    .map(([k, v]) => [k, v ?? 'true']),
);
const COUNT = Number(args.packages ?? 50);
const PYTHON = '/usr/bin/python3';

if (!existsSync(join(repo, 'packages/nx-pypi/dist/index.js'))) {
  console.error('packages/nx-pypi/dist is missing: run `npm run build` first.');
  process.exit(2);
}

const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-run-many-'));
const nxEnv = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NX_ISOLATE_PLUGINS: 'false' };
const pyEnv = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(PIP_|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|SSL_CERT_FILE)/.test(k)));

function write(path, text) {
  mkdirSync(dirname(join(ws, path)), { recursive: true });
  writeFileSync(join(ws, path), text);
}

function timed(command, argv, env, cwd = ws) {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(command, argv, { cwd, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`${command} ${argv.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
  return ms;
}

try {
  write('package.json', JSON.stringify({ name: 'bench', version: '0.0.0', private: true }));
  write('nx.json', JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache', plugins: ['nx-pypi'] }));
  symlinkSync(join(repo, 'node_modules'), join(ws, 'node_modules'), 'dir');
  for (let i = 0; i < COUNT; i++) {
    const name = `pkg-${String(i).padStart(2, '0')}`;
    const mod = name.replace('-', '_');
    const deps = i > 0 ? `"pkg-${String(i - 1).padStart(2, '0')}>=0.1.0"` : '';
    write(
      `libs/${name}/pyproject.toml`,
      `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "0.1.0"\ndescription = "bench"\nreadme = "README.md"\ndependencies = [${deps}]\n`,
    );
    write(`libs/${name}/README.md`, `# ${name}\n`);
    write(`libs/${name}/src/${mod}/__init__.py`, '');
    for (const m of ['a', 'b', 'c', 'd', 'e']) write(`libs/${name}/src/${mod}/${m}.py`, `def ${m}():\n    return ${i}\n`.repeat(50));
  }
  const nx = join(ws, 'node_modules/.bin/nx');
  const runMany = ['run-many', '-t', 'build', '--output-style=static'];
  const cold = timed(nx, [...runMany, '--skip-nx-cache'], nxEnv);
  timed(nx, runMany, nxEnv); // fill the cache
  const warm = timed(nx, runMany, nxEnv);
  let reference = 0;
  for (let i = 0; i < COUNT; i++) {
    const root = join(ws, `libs/pkg-${String(i).padStart(2, '0')}`);
    reference += timed(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', join(root, 'ref-dist'), root], pyEnv, root);
  }
  console.log(`nx run-many -t build, ${COUNT} packages (2-core machine, daemon off)`);
  console.log(`  native, no cache:      ${(cold / 1000).toFixed(1)} s`);
  console.log(`  native, from cache:    ${(warm / 1000).toFixed(1)} s`);
  console.log(`  ${PYTHON} -m build:  ${(reference / 1000).toFixed(1)} s (one after another)`);
  console.log(`  ratio (no cache):      ${(reference / cold).toFixed(1)}x faster`);
} finally {
  if (args.keep) console.log(`kept ${ws}`);
  else rmSync(ws, { recursive: true, force: true });
}
