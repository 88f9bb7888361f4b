import { execFile, type ExecFileOptions } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** The repo's root, where `npm run pack` left the tarballs. */
export const REPO_ROOT = resolve(__dirname, '..', '..');
export const NX_VERSION = '24.0.6';

/** What an Nx run in CI must look like: no daemon, no cloud, no TUI, no colour, no isolated plugin workers. */
export const QUIET_NX_ENV: Record<string, string> = {
  CI: 'true',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
  NX_TUI: 'false',
  FORCE_COLOR: '0',
  NX_ISOLATE_PLUGINS: 'false',
  NX_SKIP_FORMAT: 'true',
};

export function tarballPath(pkg: 'nx-pypi' | 'pypi-registry'): string {
  const dir = join(REPO_ROOT, 'dist');
  const file = existsSync(dir) ? readdirSync(dir).find((f) => f.startsWith(`${pkg}-`) && f.endsWith('.tgz')) : undefined;
  if (!file) throw new Error(`No ${pkg} tarball in ${dir}: run \`npm run pack\` first (npm test does).`);
  return join(dir, file);
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface TestWorkspace {
  root: string;
  /** Runs `nx <args>` in the workspace; never throws, returns the exit code and output. */
  nx(args: string[], env?: Record<string, string | undefined>): Promise<RunResult>;
  run(cmd: string, args: string[], options?: { env?: Record<string, string | undefined>; cwd?: string }): Promise<RunResult>;
  write(path: string, text: string): void;
  read(path: string): string;
  remove(): void;
}

/**
 * A real Nx workspace in a temp folder with the packed plugin installed from its tarball. The
 * installed template is built once per tarball content and copied, so each test file pays a copy,
 * not an `npm install`.
 */
export async function createTestWorkspace(name = 'ws'): Promise<TestWorkspace> {
  const template = await installedTemplate();
  const root = mkdtempSync(join(tmpdir(), `nx-pypi-e2e-${name}-`));
  cpSync(template, root, { recursive: true, verbatimSymlinks: true });
  const run = (cmd: string, args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}) =>
    runProcess(cmd, args, { cwd: options.cwd ?? root, env: childEnv(options.env) });
  return {
    root,
    nx: (args, env) => run(join(root, 'node_modules', '.bin', 'nx'), args, { env }),
    run,
    write(path, text) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    },
    read: (path) => readFileSync(join(root, path), 'utf8'),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}

async function installedTemplate(): Promise<string> {
  const tarball = tarballPath('nx-pypi');
  const hash = createHash('sha256').update(readFileSync(tarball)).update(NX_VERSION).digest('hex').slice(0, 16);
  const template = join(tmpdir(), `nx-pypi-e2e-template-${hash}`);
  if (existsSync(join(template, '.ready'))) return template;
  const staging = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-staging-'));
  writeFileSync(join(staging, 'package.json'), JSON.stringify({ name: 'e2e-workspace', version: '0.0.0', private: true }, null, 2));
  writeFileSync(join(staging, 'nx.json'), JSON.stringify({ analytics: false, neverConnectToCloud: true, cacheDirectory: '.nx/cache' }, null, 2));
  writeFileSync(join(staging, '.gitignore'), 'node_modules\n.nx/\n');
  const install = await runProcess('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', `nx@${NX_VERSION}`, tarball], {
    cwd: staging,
    env: childEnv({}),
  });
  if (install.code !== 0) throw new Error(`npm install in the e2e workspace failed:\n${install.stdout}\n${install.stderr}`);
  writeFileSync(join(staging, '.ready'), '');
  try {
    renameSync(staging, template);
  } catch {
    // Another worker won the race; its template is as good as ours.
    rmSync(staging, { recursive: true, force: true });
  }
  return template;
}

export function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...QUIET_NX_ENV };
  // Jest's own variables would make nx think it runs under a test runner.
  delete env.JEST_WORKER_ID;
  delete env.NODE_OPTIONS;
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export function runProcess(cmd: string, args: string[], options: ExecFileOptions): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    execFile(cmd, args, { ...options, maxBuffer: 64 * 1024 * 1024, encoding: 'utf8' }, (error, stdout, stderr) => {
      const code = error ? (typeof (error as NodeJS.ErrnoException).code === 'number' ? Number((error as NodeJS.ErrnoException).code) : 1) : 0;
      resolvePromise({ code, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}
