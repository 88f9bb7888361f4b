import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { certificateFiles, hashPassword, startRegistry, type RepositoryAction, type RunningRegistry, type UploadLogEntry } from '../packages/pypi-registry/src';
import { startRequestGate, type GatedRequest, type RequestGate } from './support/request-gate';
import { cleanPythonEnv, createVenv } from './support/python';
import { createTestWorkspace, type RunResult, type TestWorkspace } from './support/workspace';

/**
 * Issue 15, "parallel agents": three clones of one workspace (as three CI agents check it out),
 * each with its own dist/ built from the same sources, run `nx run-many -t publish` over
 * overlapping sets of projects at the same time against one registry. The projects are
 * a <- b <- c, d, e <- f. Every agent publishes as its own user, so the registry's upload log says
 * who stored what.
 *
 * The interleavings that matter are constructed, not hoped for: the agents reach the registry
 * through a gate (support/request-gate.ts) that holds a chosen request until another agent's
 * request has been answered. Outcomes are therefore exact on every run.
 */
const AGENTS = [
  { user: 'agent-1', projects: 'pkg-c,pkg-d' }, // a b c d
  { user: 'agent-2', projects: 'pkg-c,pkg-f' }, // a b c e f
  { user: 'agent-3', projects: 'pkg-b,pkg-d,pkg-f' }, // a b d e f
] as const;
const CLOSURE: Record<string, string[]> = {
  'agent-1': ['pkg-a', 'pkg-b', 'pkg-c', 'pkg-d'],
  'agent-2': ['pkg-a', 'pkg-b', 'pkg-c', 'pkg-e', 'pkg-f'],
  'agent-3': ['pkg-a', 'pkg-b', 'pkg-d', 'pkg-e', 'pkg-f'],
};
const PROJECTS = ['pkg-a', 'pkg-b', 'pkg-c', 'pkg-d', 'pkg-e', 'pkg-f'];
const PASSWORDS: Record<string, string> = { 'agent-1': 'agent-one-secret-4711', 'agent-2': 'agent-two-secret-4712', 'agent-3': 'agent-three-secret-4713' };
const wheel = (project: string) => `${project.replace('-', '_')}-0.1.0-py3-none-any.whl`;
const sdist = (project: string) => `${project.replace('-', '_')}-0.1.0.tar.gz`;
const ALL_FILES = PROJECTS.flatMap((p) => [wheel(p), sdist(p)]).sort();

describe('publish from three agents at once (issue 15: parallel agents)', () => {
  let registry: RunningRegistry;
  let gate: RequestGate;
  let home: string;
  let origin: TestWorkspace;
  const clones: TestWorkspace[] = [];
  const captured: string[] = [];

  const env = (user: string): Record<string, string | undefined> => ({
    ...cleanPythonEnv(home),
    NEXUS_USERNAME: user,
    NEXUS_PASSWORD: PASSWORDS[user],
  });
  const nx = async (ws: TestWorkspace, user: string, args: string[]): Promise<RunResult> => {
    const result = await ws.nx(args, env(user));
    captured.push(result.stdout, result.stderr);
    return result;
  };
  const git = async (ws: TestWorkspace, ...args: string[]) => {
    const r = await ws.run('git', args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr}`);
  };
  /** The three agents' `nx run-many -t publish`, started together; results in agent order. */
  const publishAll = (extra: string[]) =>
    Promise.all(
      AGENTS.map((agent, i) =>
        nx(clones[i]!, agent.user, ['run-many', '-t', 'publish', `--projects=${agent.projects}`, '--output-style=static', '--timeoutSeconds=120', ...extra]),
      ),
    );
  const uploads = (repository: string) => registry.uploads().filter((u) => u.repository === repository);
  const storedCount = (entries: UploadLogEntry[]) => {
    const counts: Record<string, number> = {};
    for (const u of entries.filter((e) => e.outcome === 'stored')) counts[u.filename!] = (counts[u.filename!] ?? 0) + 1;
    return counts;
  };
  /** sha256 of every file a clone's build wrote for a project. */
  const localDigests = (ws: TestWorkspace, project: string) =>
    new Map(
      readdirSync(join(ws.root, project, 'dist')).map((f) => [
        f,
        createHash('sha256')
          .update(readFileSync(join(ws.root, project, 'dist', f)))
          .digest('hex'),
      ]),
    );
  /** The hosted repository's page for a project, read straight from the registry: file name -> sha256. */
  const listedDigests = async (repository: string, project: string) => {
    const page = await fetchText(`${registry.origin}/repository/${repository}/simple/${project}/`, readFileSync(registry.certs.chain));
    return new Map([...page.matchAll(/href="[^"#]*#sha256=([0-9a-f]{64})"[^>]*>([^<]+)</g)].map((m) => [m[2]!, m[1]!]));
  };
  /** No agent exits 0 while the index holds, for a file it published, bytes other than its build's. */
  const expectSuccessMatchesIndex = async (repository: string, runs: RunResult[]) => {
    for (const [i, run] of runs.entries()) {
      if (run.code !== 0) continue;
      for (const project of CLOSURE[AGENTS[i]!.user]!) {
        expect({ agent: AGENTS[i]!.user, project, listed: await listedDigests(repository, project) }).toEqual({
          agent: AGENTS[i]!.user,
          project,
          listed: localDigests(clones[i]!, project),
        });
      }
    }
  };
  const out = (run: RunResult) => run.stdout + run.stderr;
  const isPage = (repository: string, project: string) => (r: GatedRequest) => r.method === 'GET' && r.path === `/repository/${repository}/simple/${project}/`;
  const isUpload =
    (repository: string, agent: string, ...filenames: string[]) =>
    (r: GatedRequest) =>
      r.agent === agent && r.method === 'POST' && r.path === `/repository/${repository}/` && filenames.includes(r.filename ?? '');

  beforeAll(async () => {
    home = mkdtempSync(join(tmpdir(), 'nx-pypi-e2e-agents-'));
    const hosted = (name: string, writePolicy: 'allow' | 'allow-once') => [
      { name: `${name}-hosted`, type: 'hosted' as const, writePolicy, anonymousRead: true },
      { name: `${name}-group`, type: 'group' as const, members: [`${name}-hosted`], anonymousRead: true },
    ];
    registry = await startRegistry({
      dataDir: join(home, 'registry'),
      strict: true,
      config: {
        storageFlavour: 'sql',
        // "Disable redeploy", "Allow redeploy", and one more "Disable redeploy" for the group-lag case.
        repositories: [...hosted('once', 'allow-once'), ...hosted('redeploy', 'allow'), ...hosted('lag', 'allow-once')],
        users: await Promise.all(
          AGENTS.map(async ({ user }) => ({
            username: user,
            passwordHash: await hashPassword(PASSWORDS[user]!),
            privileges: { '*': ['read', 'add'] as RepositoryAction[] },
          })),
        ),
      },
    });
    const certs = certificateFiles(dirname(registry.certs.root));
    gate = await startRequestGate({ port: registry.port, leafKey: certs.leafKey, leafChain: certs.leafChain, caBundle: registry.certs.chain });

    origin = await createTestWorkspace('agents-origin');
    await git(origin, 'init', '-q', '-b', 'main');
    for (const [k, v] of [
      ['user.name', 'CI'],
      ['user.email', 'ci@example.com'],
      ['commit.gpgsign', 'false'],
    ])
      await git(origin, 'config', k, v);
    const steps: string[][] = [
      ['g', 'nx-pypi:init', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-b', '--dependencies=pkg-a', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-c', '--dependencies=pkg-b', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-d', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-e', '--no-interactive'],
      ['g', 'nx-pypi:package', 'pkg-f', '--dependencies=pkg-e', '--no-interactive'],
    ];
    for (const step of steps) expect(await origin.nx(step)).toMatchObject({ code: 0 });
    const repository = (name: string) => ({
      uploadUrl: `${gate.origin}/repository/${name}-hosted/`,
      indexUrl: `${gate.origin}/repository/${name}-group/simple/`,
      caBundle: 'tools/certs/chain.pem',
      usernameEnv: 'NEXUS_USERNAME',
      passwordEnv: 'NEXUS_PASSWORD',
    });
    origin.write(
      'nx-pypi.json',
      JSON.stringify(
        { defaultRepository: 'once', repositories: { once: repository('once'), redeploy: repository('redeploy'), lag: repository('lag') } },
        null,
        2,
      ),
    );
    mkdirSync(join(origin.root, 'tools', 'certs'), { recursive: true });
    copyFileSync(registry.certs.chain, join(origin.root, 'tools', 'certs', 'chain.pem'));
    await git(origin, 'add', '-A');
    await git(origin, 'commit', '-qm', 'workspace');

    // Each agent checks the repository out and builds on its own: three dist/ folders, one source.
    for (const i of [1, 2, 3]) {
      const clone = await createTestWorkspace(`agent-${i}`);
      await git(clone, 'init', '-q', '-b', 'main');
      await git(clone, 'remote', 'add', 'origin', origin.root);
      await git(clone, 'fetch', '-q', 'origin');
      await git(clone, 'reset', '-q', '--hard', 'origin/main');
      clones.push(clone);
    }
    const builds = await Promise.all(AGENTS.map((a, i) => nx(clones[i]!, a.user, ['run-many', '-t', 'build', '--output-style=static'])));
    for (const build of builds) expect({ code: build.code, out: build.code === 0 ? '' : out(build) }).toEqual({ code: 0, out: '' });
    // Reproducible builds: the three agents hold the same bytes.
    for (const project of PROJECTS) {
      expect(localDigests(clones[1]!, project)).toEqual(localDigests(clones[0]!, project));
      expect(localDigests(clones[2]!, project)).toEqual(localDigests(clones[0]!, project));
    }
  }, 420_000);

  afterEach(() => {
    gate.reset();
    registry.faults.clear();
  });

  afterAll(async () => {
    await gate?.close();
    await registry?.close();
    origin?.remove();
    for (const clone of clones) clone.remove();
    if (home) rmSync(home, { recursive: true, force: true });
  });

  it('with "Disable redeploy": every file is stored exactly once, the others find it identical, all three agents exit 0', async () => {
    // Constructed overlap: agent 3 reads a's page before anyone stores a's wheel, and sends its own
    // copy only after another agent has: the server refuses it, and agent 3 must find it identical.
    const isWheelA = (r: GatedRequest) => r.method === 'POST' && r.path === '/repository/once-hosted/' && r.filename === wheel('pkg-a');
    gate.hold(
      (r) => r.agent !== 'agent-3' && isWheelA(r),
      gate.answered((r) => r.agent === 'agent-3' && isPage('once-hosted', 'pkg-a')(r)),
    );
    gate.hold(
      (r) => r.agent === 'agent-3' && isWheelA(r),
      gate.answered((r) => isWheelA(r) && r.status === 200),
    );
    const runs = await publishAll([]);

    expect(runs.map((r) => ({ code: r.code, out: r.code === 0 ? '' : out(r) }))).toEqual(AGENTS.map(() => ({ code: 0, out: '' })));
    expect(gate.timedOut()).toEqual([]);
    const counts = storedCount(uploads('once-hosted'));
    expect(Object.keys(counts).sort()).toEqual(ALL_FILES);
    expect(Object.values(counts).every((n) => n === 1)).toBe(true);
    // Every file of an agent's projects was either uploaded by it or found identical; none failed.
    for (const [i, run] of runs.entries()) {
      for (const file of CLOSURE[AGENTS[i]!.user]!.flatMap((p) => [wheel(p), sdist(p)])) {
        const escaped = file.replace(/\./g, '\\.');
        expect(run.stdout).toMatch(new RegExp(`(uploaded ${escaped} |skipped  ${escaped} \\(.*\\): already published, identical)`));
      }
      expect(run.stdout).not.toMatch(/^\s*failed /m);
    }
    // The constructed case: refused by the server, then found identical, so success.
    const agent3Wheel = uploads('once-hosted').filter((u) => u.user === 'agent-3' && u.filename === wheel('pkg-a'));
    expect(agent3Wheel.map((u) => u.outcome)).toEqual(['refused']);
    expect(runs[2]!.stdout).toMatch(new RegExp(`skipped  ${wheel('pkg-a').replace(/\./g, '\\.')} \\(.*\\): already published, identical`));
    await expectSuccessMatchesIndex('once-hosted', runs);

    const pipEnv = cleanPythonEnv(home);
    const python = await createVenv(join(home, 'venv'), pipEnv, origin.run);
    const install = await origin.run(
      python,
      ['-m', 'pip', 'install', '--no-cache-dir', '--index-url', registry.indexUrl('once-group'), '--cert', registry.certs.chain, 'pkg-c', 'pkg-f'],
      { env: pipEnv },
    );
    captured.push(install.stdout, install.stderr);
    expect(install.stdout).toMatch(/Successfully installed pkg-a-0\.1\.0 pkg-b-0\.1\.0 pkg-c-0\.1\.0 pkg-e-0\.1\.0 pkg-f-0\.1\.0/);
  }, 300_000);

  it('with "Allow redeploy": the agent whose file was replaced reports it, the agent that saw the other file refuses, only the agent whose bytes are listed exits 0', async () => {
    // Agent 2's checkout differs: b has one more module, under the same version.
    const extra = 'pkg-b/pkg_b/agent_two.py';
    clones[1]!.write(extra, 'AGENT = 2\n');
    try {
      const rebuilt = await nx(clones[1]!, 'agent-2', ['run-many', '-t', 'build', '--output-style=static']);
      expect(rebuilt.code).toBe(0);
      const page = isPage('redeploy-hosted', 'pkg-b');
      const agent2Stored = Promise.all([
        gate.answered(isUpload('redeploy-hosted', 'agent-2', wheel('pkg-b'))),
        gate.answered(isUpload('redeploy-hosted', 'agent-2', sdist('pkg-b'))),
      ]);
      // Agents 1 and 2 both find b absent; agent 1 stores it, then agent 2 replaces it before
      // agent 1's closing index read; agent 3 reads b's page only once agent 2's bytes are there.
      gate.hold(
        isUpload('redeploy-hosted', 'agent-1', wheel('pkg-b'), sdist('pkg-b')),
        gate.answered((r) => r.agent === 'agent-2' && page(r)),
      );
      gate.hold(
        isUpload('redeploy-hosted', 'agent-2', wheel('pkg-b'), sdist('pkg-b')),
        Promise.all([
          gate.answered(isUpload('redeploy-hosted', 'agent-1', wheel('pkg-b'))),
          gate.answered(isUpload('redeploy-hosted', 'agent-1', sdist('pkg-b'))),
        ]),
      );
      gate.hold((r) => r.agent === 'agent-1' && page(r) && r.nth === 2, agent2Stored);
      gate.hold((r) => r.agent === 'agent-3' && page(r), agent2Stored);
      const [first, second, third] = await publishAll(['--repository=redeploy']);
      expect(gate.timedOut()).toEqual([]);

      // Agent 1: its upload was confirmed by the server, then replaced; it says so for each file and fails.
      expect(first!.code).not.toBe(0);
      for (const file of [wheel('pkg-b'), sdist('pkg-b')]) {
        expect(out(first!)).toMatch(
          new RegExp(
            `${file.replace(/\./g, '\\.')} was uploaded by this run, but https://127\\.0\\.0\\.1:\\d+/repository/redeploy-hosted/simple/ now has sha256=[0-9a-f]{64}, not this build's [0-9a-f]{64}: another run replaced or removed it`,
          ),
        );
      }
      expect(out(first!)).toContain('set the hosted repository\'s deployment policy to "Disable redeploy"');
      // Agent 3: saw agent 2's b before sending anything: the immutability refusal, nothing of b sent.
      expect(third!.code).not.toBe(0);
      expect(out(third!)).toMatch(/pkg-b 0\.1\.0 is already on https:\/\/127\.0\.0\.1:\d+\/repository\/redeploy-hosted\/ with different content/);
      expect(out(third!)).toMatch(new RegExp(`failed   ${wheel('pkg-b').replace(/\./g, '\\.')}`));
      // Agent 2: the index holds its bytes, so it succeeds.
      expect({ code: second!.code, out: second!.code === 0 ? '' : out(second!) }).toEqual({ code: 0, out: '' });

      const log = uploads('redeploy-hosted');
      const whoStored = (file: string) => log.filter((u) => u.filename === file && u.outcome === 'stored').map((u) => u.user);
      expect(whoStored(wheel('pkg-b'))).toEqual(['agent-1', 'agent-2']);
      expect(whoStored(sdist('pkg-b'))).toEqual(['agent-1', 'agent-2']);
      // A failed b stops its dependents on that agent: c comes from agent 2 only.
      expect(whoStored(wheel('pkg-c'))).toEqual(['agent-2']);
      expect(log.filter((u) => u.user === 'agent-1' && u.filename?.startsWith('pkg_c'))).toEqual([]);
      expect(log.filter((u) => u.user === 'agent-3' && u.filename?.startsWith('pkg_b'))).toEqual([]);
      // Nobody exits 0 with a file the index does not hold as it built it.
      await expectSuccessMatchesIndex('redeploy-hosted', [first!, second!, third!]);
      expect(await listedDigests('redeploy-hosted', 'pkg-b')).toEqual(localDigests(clones[1]!, 'pkg-b'));
      expect(localDigests(clones[0]!, 'pkg-b')).not.toEqual(localDigests(clones[1]!, 'pkg-b'));
    } finally {
      rmSync(join(clones[1]!.root, extra));
      // Back to the shared sources: the cache gives back the build every agent has.
      await nx(clones[1]!, 'agent-2', ['run-many', '-t', 'build', '--output-style=static']);
    }
    expect(localDigests(clones[1]!, 'pkg-b')).toEqual(localDigests(clones[0]!, 'pkg-b'));
  }, 300_000);

  it('a dependent on one agent waits until the group lists the dependency another agent publishes, then uploads', async () => {
    registry.faults.set({ groupLagSeconds: 3 });
    // Agent 2 runs c's publish task alone (b is agent 1's task); b goes up only once agent 2 is waiting for it.
    gate.hold(
      isUpload('lag-hosted', 'agent-1', wheel('pkg-b'), sdist('pkg-b')),
      gate.answered((r) => r.agent === 'agent-2' && isPage('lag-group', 'pkg-b')(r)),
    );
    const common = ['--output-style=static', '--repository=lag', '--groupPollInterval=250', '--timeoutSeconds=120'];
    const [first, second] = await Promise.all([
      nx(clones[0]!, 'agent-1', ['run-many', '-t', 'publish', '--projects=pkg-b', ...common]),
      nx(clones[1]!, 'agent-2', ['run-many', '-t', 'publish', '--projects=pkg-c', '--exclude-task-dependencies', ...common]),
    ]);
    expect(gate.timedOut()).toEqual([]);
    expect({ code: first!.code, out: first!.code === 0 ? '' : out(first!) }).toEqual({ code: 0, out: '' });
    expect({ code: second!.code, out: second!.code === 0 ? '' : out(second!) }).toEqual({ code: 0, out: '' });
    expect(second!.stdout).toMatch(/waiting for 2 dependency file\(s\) to be listed on the group https:\/\/127\.0\.0\.1:\d+\/repository\/lag-group\/simple\//);

    const log = uploads('lag-hosted').filter((u) => u.outcome === 'stored');
    expect(log.filter((u) => u.user === 'agent-2').map((u) => u.filename)).toEqual([wheel('pkg-c'), sdist('pkg-c')]);
    expect(
      log
        .filter((u) => u.user === 'agent-1')
        .map((u) => u.filename)
        .sort(),
    ).toEqual([wheel('pkg-a'), sdist('pkg-a'), wheel('pkg-b'), sdist('pkg-b')].sort());
    // By the registry's clock: c went up only after b was stored and the group's 3 s lag had passed.
    const times = (prefix: string) => log.filter((u) => u.filename!.startsWith(prefix)).map((u) => Date.parse(u.time));
    expect(Math.min(...times('pkg_c')) - Math.max(...times('pkg_b'))).toBeGreaterThanOrEqual(2500);
    // Agent 2 asked the group for b before b existed anywhere.
    const order = gate.log();
    const firstPoll = order.findIndex((r) => r.agent === 'agent-2' && isPage('lag-group', 'pkg-b')(r));
    const bStored = order.findIndex(isUpload('lag-hosted', 'agent-1', wheel('pkg-b')));
    expect(firstPoll).toBeGreaterThanOrEqual(0);
    expect(firstPoll).toBeLessThan(bStored);
  }, 300_000);

  it('never shows a password in anything captured', () => {
    const all = captured.join('\n');
    for (const [user, password] of Object.entries(PASSWORDS)) {
      expect(all).not.toContain(password);
      expect(all).not.toContain(Buffer.from(`${user}:${password}`).toString('base64'));
    }
  });
});

function fetchText(url: string, ca: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    get(url, { ca }, (response) => {
      const parts: Buffer[] = [];
      response.on('data', (chunk: Buffer) => parts.push(chunk));
      response.on('end', () =>
        response.statusCode === 200 ? resolve(Buffer.concat(parts).toString('utf8')) : reject(new Error(`${url}: ${response.statusCode}`)),
      );
      response.on('error', reject);
    }).on('error', reject);
  });
}
