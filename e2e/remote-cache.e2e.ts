import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startRegistry, type RunningRegistry } from '../packages/pypi-registry/src';
import { cleanPythonEnv } from './support/python';
import { startRemoteCacheServer, type RemoteCacheServer } from './support/remote-cache-server';
import { storedFilenames } from './support/repository';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * Issue 15, "Remote cache, proven": two clones of one repository share Nx's self-hosted remote
 * cache (the client is Nx's own, `NX_SELF_HOSTED_REMOTE_CACHE_SERVER`; the server a test one that
 * answers as Nx's OpenAPI specification says). Clone A, like the CI of the main branch, builds,
 * fills the cache and publishes. Clone B sits at another, longer path, with another umask, time
 * zone and home, and a read-only cache token, as a second agent or a pull request's build would:
 * every Python build is a remote cache hit with the same bytes, a build without the cache gives
 * those bytes again, and its `nx affected -t publish` finds every file already published.
 */
const PROJECTS = ['a', 'b', 'c'] as const;

/** One clone and how its user runs things: umask, time zone, home. */
interface Clone {
  ws: TestWorkspace;
  umask: string;
  tz: string;
  home: string;
  token: string;
}

/** What Nx 24 writes about a workspace's last run (`.nx/cache/run.json`, its store-run-information life cycle): each task's hash and cache status. */
interface RunInformation {
  tasks: Array<{ taskId: string; target: string; hash: string; cacheStatus: string; status: number }>;
}

describe('Nx self-hosted remote cache: two clones, one cache, the same bytes', () => {
  let registry: RunningRegistry;
  let cache: RemoteCacheServer;
  let a: Clone;
  let b: Clone;
  let base: string;
  let home: string;
  const writeToken = randomBytes(24).toString('hex');
  const readToken = randomBytes(24).toString('hex');
  const captured: string[] = [];
  const shaOfA = new Map<string, string>();

  const env = (clone: Clone): Record<string, string | undefined> => ({
    ...cleanPythonEnv(clone.home),
    TZ: clone.tz,
    NEXUS_USERNAME: registry.credentials.username,
    NEXUS_PASSWORD: registry.credentials.password,
    NX_SELF_HOSTED_REMOTE_CACHE_SERVER: cache.url,
    NX_SELF_HOSTED_REMOTE_CACHE_ACCESS_TOKEN: clone.token,
    // Unset, as the README advises for a shared cache: archives dated 1980-01-01 on every machine.
    SOURCE_DATE_EPOCH: undefined,
  });
  /** `cmd args` under the clone's umask, in its folder, with its environment. */
  const run = async (clone: Clone, cmd: string, args: string[]): Promise<RunResult> => {
    const result = await clone.ws.run('sh', ['-c', `umask ${clone.umask}; exec "$0" "$@"`, cmd, ...args], { env: env(clone) });
    captured.push(result.stdout, result.stderr);
    return result;
  };
  const nx = (clone: Clone, args: string[]) => run(clone, join(clone.ws.root, 'node_modules', '.bin', 'nx'), args);
  const git = async (clone: Clone, ...args: string[]) => {
    const r = await run(clone, 'git', args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout.trim();
  };
  const ok = (r: RunResult) => ({ code: r.code, output: r.code === 0 ? '' : r.stdout + r.stderr });
  const lastRun = (clone: Clone): RunInformation => JSON.parse(clone.ws.read('.nx/cache/run.json')) as RunInformation;
  const buildTasks = (clone: Clone) => lastRun(clone).tasks.filter((t) => t.target === 'build');
  const distFiles = (clone: Clone) =>
    new Map(
      PROJECTS.flatMap((p) =>
        readdirSync(join(clone.ws.root, p, 'dist'))
          .sort()
          .map(
            (f) =>
              [
                `${p}/dist/${f}`,
                createHash('sha256')
                  .update(readFileSync(join(clone.ws.root, p, 'dist', f)))
                  .digest('hex'),
              ] as const,
          ),
      ),
    );
  const storedSince = (n: number) => storedFilenames(registry, n);

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-remote-cache-'));
    mkdirSync(join(home, 'user-a'));
    mkdirSync(join(home, 'user-b'));
    registry = await startRegistry({ dataDir: join(home, 'registry'), strict: true });
    cache = await startRemoteCacheServer({ token: writeToken, readOnlyToken: readToken });
    a = { ws: await createTestWorkspace('remote-cache-a'), umask: '077', tz: 'America/Los_Angeles', home: join(home, 'user-a'), token: writeToken };
    b = {
      ws: await createTestWorkspace('remote-cache-b-second-clone-at-a-longer-path'),
      umask: '022',
      tz: 'Asia/Kolkata',
      home: join(home, 'user-b'),
      token: readToken,
    };

    // Clone A: the repository, first the bare workspace, then the Python packages and their settings.
    await git(a, 'init', '-q', '-b', 'main');
    for (const [k, v] of [
      ['user.name', 'CI'],
      ['user.email', 'ci@example.com'],
      ['commit.gpgsign', 'false'],
    ])
      await git(a, 'config', k, v);
    await git(a, 'add', '-A');
    await git(a, 'commit', '-qm', 'chore: empty workspace');
    base = await git(a, 'rev-parse', 'HEAD');
    for (const step of [
      ['g', 'nx-pypi:init', '--no-interactive'],
      ['g', 'nx-pypi:package', 'a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'b', '--dependencies=a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'c', '--dependencies=b', '--no-interactive'],
    ]) {
      expect(ok(await nx(a, step))).toEqual({ code: 0, output: '' });
    }
    a.ws.write(
      'nx-pypi.json',
      JSON.stringify(
        {
          repositories: {
            nexus: { uploadUrl: registry.uploadUrl(), indexUrl: registry.indexUrl(), usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' },
          },
        },
        null,
        2,
      ),
    );
    mkdirSync(join(a.ws.root, 'certs-in'));
    copyFileSync(registry.certs.root, join(a.ws.root, 'certs-in', 'root.crt'));
    copyFileSync(registry.certs.intermediate, join(a.ws.root, 'certs-in', 'intermediate.crt'));
    expect(
      ok(
        await nx(a, [
          'g',
          'nx-pypi:ca-chain',
          '--certs=certs-in/intermediate.crt,certs-in/root.crt',
          '--output=tools/certs/nexus-chain.pem',
          '--no-interactive',
        ]),
      ),
    ).toEqual({ code: 0, output: '' });
    rmSync(join(a.ws.root, 'certs-in'), { recursive: true });
    await git(a, 'add', '-A');
    await git(a, 'commit', '-qm', 'feat: a, b and c');

    // Clone B: a clone of A's repository in a workspace folder that has node_modules installed.
    await git(b, 'init', '-q', '-b', 'main');
    await git(b, 'fetch', '-q', a.ws.root, 'main');
    await git(b, 'checkout', '-q', '-f', '-B', 'main', 'FETCH_HEAD');
    expect(await git(b, 'status', '--porcelain')).toBe('');
    expect(await git(b, 'rev-parse', 'HEAD')).toBe(await git(a, 'rev-parse', 'HEAD'));
  }, 240_000);

  afterAll(async () => {
    await cache?.close();
    await registry?.close();
    a?.ws.remove();
    b?.ws.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('the clones differ in path, umask and time zone', () => {
    expect(b.ws.root).not.toBe(a.ws.root);
    expect(b.ws.root.length).toBeGreaterThan(a.ws.root.length);
    // Each clone's files were written under its umask: 0600 in A, 0644 in B.
    expect(statSync(join(a.ws.root, 'a/pyproject.toml')).mode & 0o777).toBe(0o600);
    expect(statSync(join(b.ws.root, 'a/pyproject.toml')).mode & 0o777).toBe(0o644);
    expect(a.tz).not.toBe(b.tz);
  });

  it('A builds every project and stores each build in the remote cache', async () => {
    const before = cache.requests().length;
    const result = await nx(a, ['run-many', '-t', 'build', '--output-style=static']);
    expect(ok(result)).toEqual({ code: 0, output: '' });
    expect(result.stdout).not.toContain('[remote cache]');
    const builds = buildTasks(a);
    expect(builds.map((t) => t.taskId).sort()).toEqual(['a:build', 'b:build', 'c:build']);
    expect(builds.every((t) => t.cacheStatus === 'cache-miss')).toBe(true);
    // Nx asked for each hash (404), built, then uploaded each build's outputs.
    const requests = cache.requests().slice(before);
    for (const { hash } of builds) {
      expect(requests.filter((r) => r.hash === hash).map((r) => `${r.method} ${r.status}`)).toEqual(['GET 404', 'PUT 200']);
    }
    expect(cache.hashes().sort()).toEqual(builds.map((t) => t.hash).sort());
    for (const [file, sha] of distFiles(a)) shaOfA.set(file, sha);
    expect(shaOfA.size).toBe(6);
  }, 120_000);

  it('A publishes all six files', async () => {
    const before = registry.uploads().length;
    const result = await nx(a, ['run-many', '-t', 'publish', '--output-style=static']);
    expect(ok(result)).toEqual({ code: 0, output: '' });
    expect(storedSince(before).sort()).toEqual([...shaOfA.keys()].map((f) => f.replace(/^.*\//, '')).sort());
  }, 180_000);

  it('B gets every build from the remote cache, with the bytes A built', async () => {
    const before = cache.requests().length;
    const result = await nx(b, ['run-many', '-t', 'build', '--output-style=static']);
    expect(ok(result)).toEqual({ code: 0, output: '' });
    for (const p of PROJECTS) expect(result.stdout).toMatch(new RegExp(`nx run ${p}:build\\s+\\[remote cache\\]`));
    expect(result.stdout).toContain('Nx read the output from the cache instead of running the command for 3 out of 3 tasks.');
    const builds = buildTasks(b);
    expect(builds.map((t) => t.cacheStatus)).toEqual(['remote-cache-hit', 'remote-cache-hit', 'remote-cache-hit']);
    // The same task hashes as in A: path, umask, time zone and home are not in them.
    expect(builds.map((t) => t.hash).sort()).toEqual(cache.hashes().sort());
    const requests = cache.requests().slice(before);
    expect(requests.map((r) => `${r.method} ${r.status} ${r.hash}`).sort()).toEqual(builds.map((t) => `GET 200 ${t.hash}`).sort());
    expect(distFiles(b)).toEqual(shaOfA);
  }, 120_000);

  it('B builds the same bytes without any cache', async () => {
    const before = cache.requests().length;
    for (const p of PROJECTS) rmSync(join(b.ws.root, p, 'dist'), { recursive: true });
    const result = await nx(b, ['run-many', '-t', 'build', '--skip-nx-cache', '--output-style=static']);
    expect(ok(result)).toEqual({ code: 0, output: '' });
    expect(buildTasks(b).map((t) => t.cacheStatus)).toEqual(['cache-miss', 'cache-miss', 'cache-miss']);
    expect(cache.requests().slice(before)).toEqual([]);
    expect(distFiles(b)).toEqual(shaOfA);
  }, 120_000);

  it("B's nx affected -t publish finds every file already published, identical, and uploads nothing", async () => {
    const before = registry.uploads().length;
    const result = await nx(b, ['affected', '-t', 'publish', `--base=${base}`, '--output-style=static']);
    expect(ok(result)).toEqual({ code: 0, output: '' });
    expect(
      lastRun(b)
        .tasks.map((t) => t.taskId)
        .sort(),
    ).toEqual(['a:build', 'a:publish', 'b:build', 'b:publish', 'c:build', 'c:publish']);
    expect(buildTasks(b).every((t) => t.cacheStatus !== 'cache-miss')).toBe(true);
    for (const file of shaOfA.keys()) {
      expect(result.stdout).toMatch(new RegExp(`skipped\\s+${file.replace(/^.*\//, '').replace(/\./g, '\\.')} \\([^)]*\\): already published, identical`));
    }
    for (const p of PROJECTS) expect(result.stdout).toContain(`${p} 0.1.0: 0 uploaded, 2 already published, 0 failed`);
    expect(registry.uploads().slice(before)).toEqual([]);
  }, 180_000);

  it('never shows the registry password or a cache token, in output or in the cache', () => {
    const secrets = [registry.credentials.password, writeToken, readToken];
    const output = captured.join('\n');
    for (const secret of secrets) expect(output).not.toContain(secret);
    for (const hash of cache.hashes()) {
      const archive = gunzipSync(cache.blob(hash)!).toString('latin1');
      expect(archive).toContain('terminalOutput');
      for (const secret of secrets) expect(archive).not.toContain(secret);
    }
  });
});
