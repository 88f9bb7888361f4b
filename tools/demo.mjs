// `npm run demo`: the whole job end to end, on a throw-away workspace and the embedded local
// registry. Every step is real (packed plugin and registry, real nx, real pip over TLS); it exits
// non-zero if any step fails. `--keep` leaves the workspace for a look.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const keep = process.argv.includes('--keep');
const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-demo-'));
const registryData = join(ws, 'tmp', 'registry');
// A second registry plays the public index (pypi.org), which the local registry proxies.
const publicIndexData = join(ws, 'tmp', 'public-index');
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
let publicIndex;
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

  publicIndex = await stepAsync('Start a second registry as the stand-in for the public index (pypi.org), with its own CA', () =>
    startRegistry('public index', publicIndexData, ['--simple-json']),
  );
  await stepAsync('Publish the third-party package tokenbase 1.0.0 to the public index (as its authors would on pypi.org)', async () => {
    const wheel = buildTokenbaseWheel(join(ws, 'tmp', 'public-dist'));
    await uploadWheel(publicIndex, wheel, readCredentials(join(publicIndexData, 'credentials')), join(publicIndexData, 'certs', 'chain.pem'));
    console.log(`uploaded ${wheel.split('/').pop()} to ${publicIndex.uploadUrl}`);
  });

  // The article's three repository types: hosted (our uploads), a proxy (the public index, cached,
  // trusted through its own CA), and the group that reads the hosted repository first, then the proxy.
  const registryConfig = join(ws, 'tmp', 'registry-config.json');
  step('Configure the local registry (Nexus stand-in): hosted, a proxy of the public index, a group of both', () => {
    const config = {
      repositories: [
        { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once' },
        {
          name: 'pypi-proxy',
          type: 'proxy',
          remoteUrl: publicIndex.indexUrl,
          ca: join(publicIndexData, 'certs', 'chain.pem'),
          metadataMaxAgeMinutes: 1440,
          negativeCacheMinutes: 1440,
        },
        { name: 'pypi-public', type: 'group', members: ['pypi-hosted', 'pypi-proxy'] },
      ],
    };
    writeFileSync(registryConfig, `${JSON.stringify(config, null, 2)}\n`);
    for (const r of config.repositories) {
      console.log(`${r.type.padEnd(6)} ${r.name}${r.remoteUrl ? ` -> ${r.remoteUrl}` : r.members ? ` = ${r.members.join(', ')}` : ''}`);
    }
  });
  registry = await stepAsync('Start the local registry (pypi-registry serve, TLS with a root + intermediate chain)', () =>
    startRegistry('registry', registryData, ['--config', registryConfig]),
  );
  const { username, password } = readCredentials(join(registryData, 'credentials'));
  // Credentials reach nx through the environment only: never a file in the workspace, never an argument.
  Object.assign(env, { NEXUS_USERNAME: username, NEXUS_PASSWORD: password });

  step('nx g nx-pypi:init', () => nx(['g', 'nx-pypi:init', '--no-interactive']));
  step('nx g nx-pypi:package token-lib --modules=paseto,jwt,branca,keys,utils --dependencies=tokenbase>=1.0', () =>
    nx([
      'g',
      'nx-pypi:package',
      'token-lib',
      '--modules=paseto,jwt,branca,keys,utils',
      '--dependencies=tokenbase>=1.0',
      '--description=PASETO, JWT and Branca tokens',
      '--no-interactive',
    ]),
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
  await stepAsync('pip install token-cli from the group into a fresh venv (tokenbase through the proxy), import all three', async () => {
    const venv = join(ws, 'tmp', 'venv');
    run('python3', ['-m', 'venv', venv]);
    const pipEnv = { PIP_CONFIG_FILE: join(ws, 'pip.conf') };
    const out = run(join(venv, 'bin', 'python'), ['-m', 'pip', 'install', '--no-cache-dir', 'token-cli'], { quiet: true, extraEnv: pipEnv });
    const installed = out.split('\n').find((l) => l.startsWith('Successfully installed'));
    console.log(installed);
    facts.push(`pip: ${installed}`);
    // What the registries logged for tokenbase: pip asked the group, the proxy asked the public index once.
    for (const line of await loggedRequests(registry, /tokenbase/)) console.log(`  registry:     ${line}`);
    for (const line of await loggedRequests(publicIndex, /tokenbase/)) console.log(`  public index: ${line}`);
    const stored = readdirSync(join(registryData, 'repositories', 'pypi-proxy', 'packages', 'tokenbase', '1.0.0'));
    console.log(`stored by the proxy: ${stored.join(', ')}`);
    facts.push(`proxy:   ${stored.join(', ')} from the public index, through pypi-public -> pypi-proxy`);
    console.log(
      run(
        join(venv, 'bin', 'python'),
        [
          '-c',
          'import token_lib, token_cli, tokenbase; from token_lib import jwt, paseto; print("imported token_lib", token_lib.__version__, "token_cli", token_cli.__version__, "and tokenbase", tokenbase.__version__)',
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
  if (publicIndex) await publicIndex.stop();
  console.log('\nSummary');
  for (const f of facts) console.log(`  ${f}`);
  for (const [title, ms] of timings) console.log(`  ${(ms / 1000).toFixed(1).padStart(6)} s  ${title}`);
  if (keep) console.log(`workspace kept at ${ws}`);
  else rmSync(ws, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);

/** Starts the workspace's installed pypi-registry in the background; resolves once server.json says where it listens. */
async function startRegistry(label, dataDir, args) {
  const child = spawn(join(ws, 'node_modules', '.bin', 'pypi-registry'), ['serve', '--data', dataDir, '--port', '0', ...args], {
    cwd: ws,
    env,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const requests = [];
  child.stdout.on('data', (chunk) => {
    // One line per request goes to the registry log (kept without its timestamp); only the start-up lines are shown here.
    for (const line of String(chunk).split('\n')) {
      if (/ (GET|POST|HEAD) /.test(line)) requests.push(line.replace(/^\S+ /, ''));
      else if (/URL|listening|data/i.test(line)) console.log(`  ${label}: ${line}`);
    }
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const serverJson = join(dataDir, 'server.json');
  for (let waited = 0; !existsSync(serverJson); waited += 100) {
    if (child.exitCode !== null || waited > 30_000) throw new Error(`the ${label} did not start`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const info = JSON.parse(readFileSync(serverJson, 'utf8'));
  return {
    uploadUrl: info.uploadUrl,
    indexUrl: info.indexUrl,
    requests,
    async stop() {
      child.kill('SIGTERM');
      await exited;
      console.log(`\n▶ ${label[0].toUpperCase()}${label.slice(1)} stopped`);
    },
  };
}

/**
 * A registry's request lines matching `pattern`. spawnSync held this process while pip ran, so the
 * lines wait in the pipe until the event loop turns; waits (up to 5 s) until the wheel's download is among them.
 */
async function loggedRequests(target, pattern) {
  const matching = () => target.requests.filter((line) => pattern.test(line));
  for (let waited = 0; waited < 5000 && !matching().some((line) => line.includes('/packages/')); waited += 50) await new Promise((r) => setTimeout(r, 50));
  return matching();
}

/** A small pure-Python wheel, written by Python's zipfile: the third-party package token-lib depends on. */
function buildTokenbaseWheel(outDir) {
  mkdirSync(outDir, { recursive: true });
  const script = String.raw`
import base64, hashlib, sys, zipfile
version = "1.0.0"
info = f"tokenbase-{version}.dist-info"
files = {
    "tokenbase/__init__.py": f'"Base64url helpers: a third-party package from the public index."\n__version__ = "{version}"\n',
    f"{info}/METADATA": f"Metadata-Version: 2.1\nName: tokenbase\nVersion: {version}\nSummary: Base64url helpers\nRequires-Python: >=3.8\n",
    f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: nx-pypi-demo\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
}
def record(data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest},{len(data)}"
lines = [f"{path},{record(text.encode())}" for path, text in files.items()] + [f"{info}/RECORD,,"]
files[f"{info}/RECORD"] = "\n".join(lines) + "\n"
path = f"{sys.argv[1]}/tokenbase-{version}-py3-none-any.whl"
with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as wheel:
    for name, text in files.items():
        wheel.writestr(name, text)
print(path)
`;
  return run('python3', ['-c', script, outDir], { quiet: true }).trim();
}

/** POSTs one wheel the way twine does (legacy upload API, Basic auth, trusting that registry's CA only). */
function uploadWheel(target, file, { username, password }, caFile) {
  const bytes = readFileSync(file);
  const filename = file.split('/').pop();
  const [name, version] = filename.split('-');
  const fields = {
    ':action': 'file_upload',
    protocol_version: '1',
    name,
    version,
    filetype: 'bdist_wheel',
    pyversion: 'py3',
    metadata_version: '2.1',
    requires_python: '>=3.8',
    sha256_digest: createHash('sha256').update(bytes).digest('hex'),
  };
  const boundary = `demo-${Date.now()}`;
  const parts = Object.entries(fields).map(([k, v]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  parts.push(
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  const body = Buffer.concat(parts);
  return new Promise((resolve, reject) => {
    const req = request(
      target.uploadUrl,
      {
        method: 'POST',
        ca: readFileSync(caFile),
        headers: {
          'Content-Type': `multipart/form-data; boundary=${boundary}`,
          'Content-Length': body.length,
          Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`,
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => (res.statusCode === 200 ? resolve() : reject(new Error(`uploading ${filename} failed: ${res.statusCode} ${res.statusMessage}`))));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

function readCredentials(file) {
  const text = readFileSync(file, 'utf8');
  const value = (key) => text.match(new RegExp(`^${key}\\s*=\\s*(.*)$`, 'm'))?.[1].trim();
  return { username: value('username'), password: value('password') };
}
