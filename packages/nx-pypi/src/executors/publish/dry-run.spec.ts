import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Agent } from 'undici';
import { startRegistry, type RunningRegistry } from '../../../../pypi-registry/src';
import { Secret } from '../../core/config/credentials';
import { publishDistributions } from '../../io/http/publish-distributions';
import { makeArtifacts, type ArtifactOptions } from '../../io/http/test-support/make-artifacts';
import { createDispatcher } from '../../io/tls/dispatcher';
import { readTrustSettings } from '../../io/tls/read-trust';
import { isDryRunAnywhere, runPublishTask } from './executor';

const graph = (...overrides: Array<Record<string, unknown>>): TaskGraph =>
  ({
    roots: [],
    dependencies: {},
    tasks: Object.fromEntries(
      overrides.map((o, i) => [`p${i}:publish`, { id: `p${i}:publish`, target: { project: `p${i}`, target: 'publish' }, overrides: o }]),
    ),
  }) as unknown as TaskGraph;

describe('a dry run holds for every publish of the run', () => {
  it('is a dry run for a dependency when only the named task got --dry-run (a hand-written ^publish does not forward flags)', () => {
    expect(isDryRunAnywhere(graph({}, { dryRun: true }))).toBe(true);
    expect(isDryRunAnywhere(graph({}, { 'dry-run': 'true' }))).toBe(true);
  });

  it('is a real run when no task asked for a dry run', () => {
    expect(isDryRunAnywhere(graph({}, { dryRun: false }, { __overrides_unparsed__: [] }))).toBe(false);
    expect(isDryRunAnywhere(undefined)).toBe(false);
  });
});

describe('the dry-run plan against the local registry', () => {
  let dir: string;
  let registry: RunningRegistry;
  let dispatcher: Agent;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-dry-run-'));
    registry = await startRegistry({
      dataDir: join(dir, 'registry'),
      config: { repositories: [{ name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true }] },
      logError: () => undefined,
    });
    dispatcher = createDispatcher(readTrustSettings(dir, { caFiles: [registry.certs.chain], publicRoots: false }));
    await writeFile(
      join(dir, 'nx-pypi.json'),
      JSON.stringify({ defaultRepository: 'local', repositories: { local: { uploadUrl: registry.uploadUrl(), caBundle: registry.certs.chain } } }),
    );
    await writeFile(join(dir, 'pyproject.toml'), '[project]\nname = "plan-lib"\nversion = "1.0.0"\n');
    const published = await makeArtifacts(await mkdtemp(join(dir, 'published-')), 'plan-lib', '1.0.0', 'x', { modules: { 'core.py': 'x = 1\n' } });
    const credentials = { username: registry.credentials.username, password: new Secret(registry.credentials.password), source: 'test' };
    await publishDistributions([published.wheel, published.sdist], { uploadUrl: registry.uploadUrl(), credentials, dispatcher });
  });

  afterAll(async () => {
    await dispatcher?.close();
    await registry?.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Rebuilds plan-lib 1.0.0 into dist/ with `options` and runs the publish target with --dry-run. */
  async function plan(options: ArtifactOptions): Promise<{ ok: boolean; lines: string[] }> {
    await rm(join(dir, 'dist'), { recursive: true, force: true });
    await mkdir(join(dir, 'dist'));
    await makeArtifacts(join(dir, 'dist'), 'plan-lib', '1.0.0', 'x', options);
    const context = {
      root: dir,
      projectName: 'plan-lib',
      targetName: 'publish',
      projectsConfigurations: { version: 2, projects: { 'plan-lib': { root: '.', targets: {} } } },
      nxJsonConfiguration: {},
      projectGraph: { nodes: {}, dependencies: {} },
    } as unknown as ExecutorContext;
    const lines: string[] = [];
    const ok = await runPublishTask(
      { dryRun: true },
      context,
      (line) => lines.push(line),
      (line) => lines.push(line),
    );
    return { ok, lines: lines.filter((line) => line.startsWith('  would')) };
  }

  it('would skip a rebuild with other archive bytes and the same contents', async () => {
    expect(await plan({ modules: { 'core.py': 'x = 1\n' }, compressLevel: 1, date: new Date('2024-02-03T04:05:06Z') })).toEqual({
      ok: true,
      lines: [
        expect.stringMatching(/^ {2}would skip {3}plan_lib-1\.0\.0-py3-none-any\.whl \(.*\): already published, same contents \(archive bytes differ\)$/),
        expect.stringMatching(/^ {2}would skip {3}plan_lib-1\.0\.0\.tar\.gz \(.*\): already published, same contents \(archive bytes differ\)$/),
      ],
    });
  });

  it('would fail a rebuild with a changed module, naming it', async () => {
    const { ok, lines } = await plan({ modules: { 'core.py': 'x = 2\n' }, date: new Date('2024-02-03T04:05:06Z') });
    expect(ok).toBe(false);
    expect(lines[0]).toBe(
      `  would fail   plan_lib-1.0.0-py3-none-any.whl: plan-lib 1.0.0 is already on ${registry.uploadUrl()} with different content (plan_lib/core.py: sha256 differs); bump the version (nx release version)`,
    );
  });
});
