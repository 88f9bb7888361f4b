// Shared set-up for the benches: a temp Nx workspace with nx and the packed plugin (and registry)
// installed from `npm run pack`'s tarballs, a clean environment, and timed child processes.
import { spawn, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const NX_VERSION = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')).devDependencies.nx;
export const TIME = '/usr/bin/time';

let installedPlugin;
/** Which tarball the last workspace installed (`npm run pack` may rewrite dist/ between two runs). */
export const installedPluginNote = () => installedPlugin ?? 'no plugin tarball installed';

/**
 * Copies the packed tarballs out of <repo>/dist at once: `npm run pack` elsewhere wipes dist/
 * before writing it again, so a later read could find it empty.
 */
export function copyTarballs(into) {
  const dist = join(repo, 'dist');
  for (let attempt = 0; attempt < 90; attempt++) {
    const files = existsSync(dist) ? readdirSync(dist) : [];
    const plugin = files.find((f) => /^nx-pypi-.*\.tgz$/.test(f));
    const registry = files.find((f) => /^pypi-registry-.*\.tgz$/.test(f));
    if (plugin && registry) {
      try {
        mkdirSync(into, { recursive: true });
        const packed = statSync(join(dist, plugin)).mtime.toISOString();
        copyFileSync(join(dist, plugin), join(into, plugin));
        copyFileSync(join(dist, registry), join(into, registry));
        const sha256 = createHash('sha256')
          .update(readFileSync(join(into, plugin)))
          .digest('hex')
          .slice(0, 12);
        installedPlugin = `dist/${plugin} packed ${packed.slice(0, 19).replace('T', ' ')} UTC, sha256 ${sha256}…`;
        return { plugin: join(into, plugin), registry: join(into, registry) };
      } catch {
        // dist/ is being rewritten: try again.
      }
    }
    if (attempt === 0) console.log('  waiting for dist/*.tgz (is `npm run pack` running?)');
    execFileSync('sleep', ['1']);
  }
  throw new Error('dist/nx-pypi-*.tgz and dist/pypi-registry-*.tgz are missing: run `npm run pack` first');
}

/** This process's environment without settings that would leak into either side, plus Nx's quiet mode. */
export function benchEnv(extra = {}) {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(PIP_|TWINE_|REQUESTS_CA_BUNDLE$|CURL_CA_BUNDLE$|SSL_CERT_|PYTHONPATH$|VIRTUAL_ENV$|NX_)/.test(k)),
  );
  return { ...env, CI: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', ...extra };
}

/**
 * A temp workspace with package.json, nx.json (`nxJson` merged in), git, and nx plus the packed
 * plugin (and registry, `registry: true`) installed. `plugin: false` installs nx alone.
 */
export function createWorkspace(prefix, { nxJson = {}, plugin = true, registry = false } = {}) {
  const ws = mkdtempSync(join(tmpdir(), `${prefix}-`));
  writeFileSync(join(ws, 'package.json'), JSON.stringify({ name: 'bench', version: '0.0.0', private: true }));
  writeFileSync(join(ws, 'nx.json'), JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache', ...nxJson }, null, 2));
  const packages = [`nx@${NX_VERSION}`];
  if (plugin || registry) {
    const tarballs = copyTarballs(join(ws, '.tarballs'));
    if (plugin) packages.push(tarballs.plugin);
    if (registry) packages.push(tarballs.registry);
  }
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...packages], { cwd: ws, env: benchEnv(), stdio: 'ignore' });
  rmSync(join(ws, '.tarballs'), { recursive: true, force: true });
  writeFileSync(join(ws, '.gitignore'), 'node_modules\n.nx\ndist\n');
  execFileSync('git', ['init', '-q'], { cwd: ws });
  return ws;
}

export function write(root, files) {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/**
 * Runs a command to its end and times it. `rss: true` runs it under `/usr/bin/time`, whose
 * maximum resident set size is that of the largest process of the tree (Linux's getrusage).
 * Throws on a non-zero exit unless `allowFailure`.
 * @returns {Promise<{ ms: number, code: number, stdout: string, stderr: string, rssKiB?: number }>}
 */
export function timed(command, args, { cwd, env, rss = false, allowFailure = false } = {}) {
  const rssFile = rss ? join(mkdtempSync(join(tmpdir(), 'bench-time-')), 'rss') : undefined;
  const [cmd, argv] = rss ? [TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args];
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, argv, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      const result = { ms, code: code ?? 1, stdout, stderr };
      if (rssFile) {
        const text = existsSync(rssFile) ? readFileSync(rssFile, 'utf8') : '';
        const kib = Number(/(\d+)\s*$/.exec(text.trim())?.[1]);
        rmSync(dirname(rssFile), { recursive: true, force: true });
        if (Number.isFinite(kib)) result.rssKiB = kib;
      }
      if (result.code !== 0 && !allowFailure) {
        reject(new Error(`${command} ${args.join(' ')} exited ${result.code}\n${stdout.slice(-3000)}\n${stderr.slice(-3000)}`));
      } else resolve(result);
    });
  });
}

/**
 * The bench's repository on `registry`: its CA chain copied into the workspace (certs/chain.pem),
 * the repository settings (as nx-pypi.json or nx.json's plugin options hold them) and the
 * environment that carries the credentials their variable names point at.
 */
export function benchRepository(ws, registry) {
  mkdirSync(join(ws, 'certs'), { recursive: true });
  copyFileSync(registry.certs.chain, join(ws, 'certs', 'chain.pem'));
  const repository = {
    uploadUrl: registry.uploadUrl(),
    indexUrl: registry.indexUrl(),
    caBundle: 'certs/chain.pem',
    publicRoots: false,
    usernameEnv: 'BENCH_PYPI_USERNAME',
    passwordEnv: 'BENCH_PYPI_PASSWORD',
  };
  return {
    settings: { defaultRepository: 'bench', repositories: { bench: repository } },
    credentialsEnv: { BENCH_PYPI_USERNAME: registry.credentials.username, BENCH_PYPI_PASSWORD: registry.credentials.password },
  };
}
