// `npm run demo`: the whole job end to end, on a throw-away workspace and the embedded local
// registry. Every step is real (packed plugin and registry, real nx, real pip over TLS); it exits
// non-zero if any step fails. `--keep` leaves the workspace for a look.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-demo-'));
const registryData = join(ws, 'tmp', 'registry');
const timings = [];
const facts = [];

// Nx quiet for CI; Python children inherit nothing that overrides trust or the index (this machine,
// like many CI images, exports PIP_CERT, REQUESTS_CA_BUNDLE, … pointing at the system bundle).
const baseEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !/^(PIP_|TWINE_|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_|VIRTUAL_ENV$|PYTHONPATH$)/.test(k)),
);
const env = {
  ...baseEnv,
  CI: 'true',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  FORCE_COLOR: '0',
  NX_ISOLATE_PLUGINS: 'false',
  HOME: join(ws, 'tmp', 'home'),
  XDG_CONFIG_HOME: join(ws, 'tmp', 'home', 'xdg'),
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
};

function step(title, fn) {
  process.stdout.write(`\n▶ ${title}\n`);
  const start = Date.now();
  const result = fn();
  timings.push([title, Date.now() - start]);
  return result;
}

async function stepAsync(title, fn) {
  process.stdout.write(`\n▶ ${title}\n`);
  const start = Date.now();
  const result = await fn();
  timings.push([title, Date.now() - start]);
  return result;
}

function run(cmd, args, { cwd = ws, quiet = false, extraEnv = {} } = {}) {
  const r = spawnSync(cmd, args, { cwd, env: { ...env, ...extraEnv }, encoding: 'utf8', stdio: quiet ? 'pipe' : 'inherit', maxBuffer: 1 << 26 });
  if (r.status !== 0) {
    if (quiet) process.stderr.write(`${r.stdout ?? ''}${r.stderr ?? ''}`);
    throw new Error(`\`${[cmd, ...args].join(' ')}\` failed with exit code ${r.status}`);
  }
  return r.stdout ?? '';
}

const nx = (args, opts) => run(join(ws, 'node_modules', '.bin', 'nx'), args, opts);
const tarball = (name) =>
  join(
    repo,
    'dist',
    readdirSync(join(repo, 'dist')).find((f) => f.startsWith(`${name}-`) && f.endsWith('.tgz')),
  );

let registry;
let failed = false;
try {
  step('Pack the plugin and the registry (npm run pack)', () => run('npm', ['run', '--silent', 'pack'], { cwd: repo }));

  step(`Create an Nx workspace in ${ws}, install the packed nx-pypi and pypi-registry`, () => {
    writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'demo', private: true }, null, 2));
    writeFileSync(join(ws, 'nx.json'), JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache' }, null, 2));
    writeFileSync(join(ws, '.gitignore'), 'node_modules/\n.nx/\ntmp/\n');
    run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', 'nx@24.0.6', tarball('nx-pypi'), tarball('pypi-registry')]);
    run('git', ['init', '-q']);
    run('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'empty workspace', '--allow-empty']);
  });

  registry = await stepAsync('Start the local registry (pypi-registry serve, TLS with a root + intermediate chain)', () => startRegistry());
  const { username, password } = readCredentials(join(registryData, 'credentials'));
  // Credentials reach nx through the environment only: never a file in the workspace, never an argument.
  Object.assign(env, { NEXUS_USERNAME: username, NEXUS_PASSWORD: password });

  step('nx g nx-pypi:init', () => nx(['g', 'nx-pypi:init', '--no-interactive']));
  step('nx g nx-pypi:package token-lib --modules=paseto,jwt,branca,keys,utils', () =>
    nx(['g', 'nx-pypi:package', 'token-lib', '--modules=paseto,jwt,branca,keys,utils', '--description=PASETO, JWT and Branca tokens', '--no-interactive']),
  );
  step('nx g nx-pypi:package token-cli --dependencies=token-lib', () =>
    nx(['g', 'nx-pypi:package', 'token-cli', '--dependencies=token-lib', '--description=Command line for token-lib', '--no-interactive']),
  );

  step('The inferred project graph (nx show projects, nx graph)', () => {
    console.log(`projects: ${JSON.parse(nx(['show', 'projects', '--json'], { quiet: true })).join(', ')}`);
    nx(['graph', '--file=graph.json'], { quiet: true });
    const deps = JSON.parse(readFileSync(join(ws, 'graph.json'), 'utf8')).graph.dependencies;
    for (const [source, edges] of Object.entries(deps)) for (const e of edges) console.log(`edge: ${source} -> ${e.target} (${e.type})`);
    const targets = Object.keys(JSON.parse(nx(['show', 'project', 'token-lib', '--json'], { quiet: true })).targets);
    console.log(`token-lib targets: ${targets.join(', ')}`);
    rmSync(join(ws, 'graph.json'));
  });

  // nx-pypi.json, not nx.json: Nx hashes nx.json into every task, so a repository edit there would cost every build its cache.
  step('Configure the repository once for the workspace (nx-pypi.json: URLs and env var names, no secret)', () => {
    const settings = {
      defaultRepository: 'nexus',
      repositories: { nexus: { uploadUrl: registry.uploadUrl, indexUrl: registry.indexUrl, usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' } },
    };
    writeFileSync(join(ws, 'nx-pypi.json'), `${JSON.stringify(settings, null, 2)}\n`);
    console.log(JSON.stringify(settings, null, 2));
  });

  step('nx g nx-pypi:ca-chain (root and intermediate in any order -> intermediate then root)', () =>
    nx([
      'g',
      'nx-pypi:ca-chain',
      `--certs=${join(registryData, 'certs', 'root.crt')},${join(registryData, 'certs', 'intermediate.crt')}`,
      '--output=tools/certs/nexus-chain.pem',
      '--repository=nexus',
      '--no-interactive',
    ]),
  );
  step('npx nx-pypi doctor (TLS chain, credentials, hosted vs group)', () => run(join(ws, 'node_modules', '.bin', 'nx-pypi'), ['doctor']));
  step('Commit the workspace', () => {
    run('git', ['add', '-A']);
    run('git', ['-c', 'user.name=demo', '-c', 'user.email=demo@example.com', 'commit', '-qm', 'token-lib and token-cli']);
  });

  step('nx affected -t publish --base=HEAD~1 (builds, then publishes token-lib before token-cli)', () => {
    const out = nx(['affected', '-t', 'publish', '--base=HEAD~1', '--output-style=static'], { quiet: true });
    process.stdout.write(out);
    for (const line of out.split('\n')) if (/^\s+uploaded /.test(line)) facts.push(line.trim());
  });
  step('Artifacts', () => {
    for (const project of ['token-lib', 'token-cli']) {
      for (const file of readdirSync(join(ws, project, 'dist')).sort()) {
        const size = statSync(join(ws, project, 'dist', file)).size;
        console.log(`${project}/dist/${file}  ${size} bytes`);
        facts.push(`built    ${file} (${size} bytes)`);
      }
    }
  });
  step('Again: nothing is published twice', () => nx(['affected', '-t', 'publish', '--base=HEAD~1', '--output-style=static']));

  step('nx g nx-pypi:pip-config (index-url = the group, cert = the chain)', () => {
    nx(['g', 'nx-pypi:pip-config', '--no-interactive']);
    console.log(readFileSync(join(ws, 'pip.conf'), 'utf8'));
  });
  step('pip install token-cli from the group into a fresh venv, import both', () => {
    const venv = join(ws, 'tmp', 'venv');
    run('python3', ['-m', 'venv', venv]);
    const pipEnv = { PIP_CONFIG_FILE: join(ws, 'pip.conf') };
    const out = run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--no-cache-dir', 'token-cli'], { quiet: true, extraEnv: pipEnv });
    const installed = out.split('\n').find((l) => l.startsWith('Successfully installed'));
    console.log(installed);
    facts.push(`pip: ${installed}`);
    console.log(
      run(
        join(venv, 'bin', 'python'),
        [
          '-c',
          'import token_lib, token_cli; from token_lib import jwt, paseto; print("imported token_lib", token_lib.__version__, "and token_cli", token_cli.__version__)',
        ],
        { quiet: true },
      ).trim(),
    );
  });
} catch (err) {
  failed = true;
  console.error(`\n✖ demo failed: ${err.message}`);
} finally {
  if (registry) await registry.stop();
  console.log('\nSummary');
  for (const f of facts) console.log(`  ${f}`);
  for (const [title, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${title}`);
  if (keep) console.log(`workspace kept at ${ws}`);
  else rmSync(ws, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

/** Starts the workspace's installed pypi-registry in the background; resolves once server.json says where it listens. */
async function startRegistry() {
  const child = spawn(join(ws, 'node_modules', '.bin', 'pypi-registry'), ['serve', '--data', registryData, '--port', '0'], {
    cwd: ws,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  child.stdout.on('data', (chunk) => {
    // One line per request goes to the registry log; only the start-up lines are shown here.
    for (const line of String(chunk).split('\n')) if (/URL|listening|data/i.test(line) && !/ (GET|POST|HEAD) /.test(line)) console.log(`  registry: ${line}`);
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const serverJson = join(registryData, 'server.json');
  for (let waited = 0; !existsSync(serverJson); waited += 100) {
    if (child.exitCode !== null || waited > 30_000) throw new Error('the local registry did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  const info = JSON.parse(readFileSync(serverJson, 'utf8'));
  return {
    uploadUrl: info.uploadUrl,
    indexUrl: info.indexUrl,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      console.log('\n▶ Local registry stopped');
    },
  };
}

function readCredentials(file) {
  const text = readFileSync(file, 'utf8');
  const value = (key) => text.match(new RegExp(`^${key}\\s*=\\s*(.*)$`, 'm'))?.[1].trim();
  return { username: value('username'), password: value('password') };
}
