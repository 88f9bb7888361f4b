// `npm run demo`: the whole job, end to end, on a throw-away workspace. Each step is real (packed
// plugin, real nx); the demo grows as nx-pypi does and exits non-zero if any step fails.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const env = { ...process.env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NX_ISOLATE_PLUGINS: 'false' };
const timings = [];

function step(title, fn) {
  process.stdout.write(`\n▶ ${title}\n`);
  const start = Date.now();
  const result = fn();
  timings.push([title, Date.now() - start]);
  return result;
}

function run(cmd, args, cwd, { quiet = false } = {}) {
  const r = spawnSync(cmd, args, { cwd, env, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`\`${[cmd, ...args].join(' ')}\` failed with exit code ${r.status}`);
  }
  return r.stdout ?? '';
}

const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-demo-'));
let failed = false;
try {
  step('Pack the plugin (npm run pack)', () => run('npm', ['run', '--silent', 'pack'], repo));
  const tarball = join(repo, 'dist', readdirSync(join(repo, 'dist')).find((f) => /^nx-pypi-.*\.tgz$/.test(f)));

  step(`Create an Nx workspace in ${ws} and install ${tarball.slice(repo.length + 1)}`, () => {
    writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'demo', private: true }, null, 2));
    writeFileSync(join(ws, 'nx.json'), JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache' }, null, 2));
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', 'nx@24.0.6', tarball], ws);
    run('git', ['init', '-q'], ws);
  });
  const nx = (...args) => run(join(ws, 'node_modules', '.bin', 'nx'), args, ws);
  const nxQuiet = (...args) => run(join(ws, 'node_modules', '.bin', 'nx'), args, ws, { quiet: true });

  step('nx g nx-pypi:init', () => nx('g', 'nx-pypi:init', '--no-interactive'));
  step('nx g nx-pypi:package token-lib --modules=paseto,jwt,branca,keys,utils', () =>
    nx('g', 'nx-pypi:package', 'token-lib', '--modules=paseto,jwt,branca,keys,utils', '--description=PASETO, JWT and Branca tokens', '--no-interactive'),
  );
  step('nx g nx-pypi:package token-cli --dependencies=token-lib', () =>
    nx('g', 'nx-pypi:package', 'token-cli', '--dependencies=token-lib', '--description=Command line for token-lib', '--no-interactive'),
  );

  step('The inferred project graph (nx show projects, nx graph)', () => {
    console.log(`projects: ${JSON.parse(nxQuiet('show', 'projects', '--json')).join(', ')}`);
    nxQuiet('graph', '--file=graph.json');
    const deps = JSON.parse(readFileSync(join(ws, 'graph.json'), 'utf8')).graph.dependencies;
    for (const [source, edges] of Object.entries(deps)) for (const e of edges) console.log(`edge: ${source} -> ${e.target} (${e.type})`);
    const targets = Object.keys(JSON.parse(nxQuiet('show', 'project', 'token-lib', '--json')).targets);
    console.log(`token-lib targets: ${targets.join(', ')}`);
  });

  step('nx run-many -t build (native sdist + wheel)', () => nx('run-many', '-t', 'build', '--output-style=static'));
  step('Artifacts', () => {
    for (const project of ['token-lib', 'token-cli']) {
      for (const file of readdirSync(join(ws, project, 'dist')).sort()) {
        const path = join(ws, project, 'dist', file);
        const sha = createHash('sha256').update(readFileSync(path)).digest('hex');
        console.log(`${project}/dist/${file}  ${statSync(path).size} bytes  sha256=${sha.slice(0, 16)}…`);
      }
    }
  });
  step('Rebuild: served from the Nx cache', () => {
    const out = nxQuiet('run-many', '-t', 'build', '--output-style=static');
    if (!/cache/i.test(out)) throw new Error(`expected a cache hit on the second build, got:\n${out}`);
    console.log(out.split('\n').filter((l) => /cache|Successfully/i.test(l)).join('\n'));
  });
} catch (err) {
  failed = true;
  console.error(`\n✖ demo failed: ${err.message}`);
} finally {
  console.log('\nSummary');
  for (const [title, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${title}`);
  if (keep) console.log(`workspace kept at ${ws}`);
  else rmSync(ws, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
