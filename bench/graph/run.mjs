// bench/graph: Nx's project graph over N Python projects (default 1,000, in dependency chains of
// 10), the nx-pypi workspace (pyproject.toml files, projects and edges inferred by the plugin)
// against a floor workspace with the same files and the same projects declared by project.json
// (same names, same targets as nx:noop, the same edges as implicitDependencies): Nx's own cost.
// Cold `nx show projects --json` (daemon off, .nx wiped before each run), paired and interleaved,
// in three modes: `npx nx`, node_modules/.bin/nx (plugin isolation as Nx defaults it: on), and
// .bin/nx with NX_ISOLATE_PLUGINS=false. Peak RSS: the largest process (/usr/bin/time) every
// round, and once per side the sum of every process's peak in the tree (plugin workers included).
//
//   npm run pack && node bench/graph/run.mjs [--count=1000[,3000]] [--runs=5] [--json=<file>] [--keep]
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Session, parseArgs } from '../lib/paired.mjs';
import { runMeasured } from '../lib/process-tree.mjs';
import { benchEnv, createWorkspace, timed, write, installedPluginNote } from '../lib/workspace.mjs';

const args = parseArgs();
const counts = String(args.count ?? args._[0] ?? 1000)
  .split(',')
  .map(Number);
const chain = 10;
const session = new Session('bench/graph', args);

const pypiWs = createWorkspace('nx-pypi-bench-graph', { nxJson: { plugins: ['nx-pypi'] } });
const floorWs = createWorkspace('nx-pypi-bench-graph-floor', { plugin: false });
session.note(`plugin: ${installedPluginNote()}`);
const modes = [
  { name: 'npx nx', command: 'npx', prefix: ['nx'], env: {} },
  { name: 'node_modules/.bin/nx', bin: true, prefix: [], env: {} },
  { name: '.bin/nx, NX_ISOLATE_PLUGINS=false', bin: true, prefix: [], env: { NX_ISOLATE_PLUGINS: 'false' } },
];

const commandOf = (ws, mode) => (mode.bin ? join(ws, 'node_modules', '.bin', 'nx') : mode.command);

function pythonProject(i) {
  const name = `pkg-${i}`;
  const module = name.replace(/-/g, '_');
  const deps = i % chain === 0 ? [] : [`pkg-${i - 1}>=0.1.0`];
  return {
    [`libs/${name}/${module}/__init__.py`]: '__version__ = "0.1.0"\n',
    [`libs/${name}/pyproject.toml`]:
      `[build-system]\nrequires = ["setuptools>=61.0"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "0.1.0"\n` +
      `description = "bench"\nrequires-python = ">=3.9"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n`,
  };
}

async function showProjects(ws, mode, count, rss = true) {
  rmSync(join(ws, '.nx'), { recursive: true, force: true });
  const run = await timed(commandOf(ws, mode), [...mode.prefix, 'show', 'projects', '--json'], { cwd: ws, env: benchEnv(mode.env), rss });
  const n = JSON.parse(run.stdout).length;
  if (n !== count) throw new Error(`${ws}: expected ${count} projects, nx showed ${n}`);
  return { ms: run.ms, rssKiB: run.rssKiB };
}

async function graphEdges(ws) {
  rmSync(join(ws, '.nx'), { recursive: true, force: true });
  await timed(join(ws, 'node_modules/.bin/nx'), ['graph', '--file=graph.json'], { cwd: ws, env: benchEnv() });
  const { graph } = JSON.parse(readFileSync(join(ws, 'graph.json'), 'utf8'));
  rmSync(join(ws, 'graph.json'));
  return Object.entries(graph.dependencies)
    .flatMap(([from, deps]) => deps.filter((d) => !d.target.startsWith('npm:')).map((d) => `${from}->${d.target}`))
    .sort();
}

async function treeRss(ws, mode, count) {
  rmSync(join(ws, '.nx'), { recursive: true, force: true });
  const run = await runMeasured(commandOf(ws, mode), [...mode.prefix, 'show', 'projects', '--json'], { cwd: ws, env: benchEnv(mode.env), sampleMs: 20 });
  if (run.code !== 0 || JSON.parse(run.stdout).length !== count) throw new Error(`${mode.name}: nx show projects failed\n${run.stderr}`);
  return run.peaks.filter((p) => !/^\/usr\/bin\/time/.test(p.command));
}

try {
  for (const count of counts) {
    for (const ws of [pypiWs, floorWs]) rmSync(join(ws, 'libs'), { recursive: true, force: true });
    const files = {};
    for (let i = 0; i < count; i++) Object.assign(files, pythonProject(i));
    write(pypiWs, files);
    write(floorWs, files);

    // The floor declares what the plugin infers for pkg-1 (a project with a dependency), with nx:noop.
    rmSync(join(pypiWs, '.nx'), { recursive: true, force: true });
    const inferred = JSON.parse(
      (await timed(join(pypiWs, 'node_modules/.bin/nx'), ['show', 'project', 'pkg-1', '--json'], { cwd: pypiWs, env: benchEnv() })).stdout,
    );
    const targets = Object.fromEntries(
      Object.entries(inferred.targets).map(([name, t]) => [
        name,
        { executor: 'nx:noop', ...Object.fromEntries(Object.entries(t).filter(([k]) => ['cache', 'dependsOn', 'inputs', 'outputs', 'options'].includes(k))) },
      ]),
    );
    const template = JSON.stringify({ projectType: inferred.projectType, tags: inferred.tags, namedInputs: inferred.namedInputs, targets });
    const projectJson = {};
    for (let i = 0; i < count; i++) {
      const config = JSON.parse(template.replaceAll('libs/pkg-1/', `libs/pkg-${i}/`).replaceAll('"libs/pkg-1"', `"libs/pkg-${i}"`));
      projectJson[`libs/pkg-${i}/project.json`] = JSON.stringify(
        { name: `pkg-${i}`, ...config, implicitDependencies: i % chain === 0 ? [] : [`pkg-${i - 1}`] },
        null,
        2,
      );
    }
    write(floorWs, projectJson);
    const [pypiEdges, floorEdges] = [await graphEdges(pypiWs), await graphEdges(floorWs)];
    if (pypiEdges.join() !== floorEdges.join()) throw new Error(`the graphs differ: nx-pypi ${pypiEdges.length} edges, floor ${floorEdges.length}`);
    session.note(
      `${count} projects, ${pypiEdges.length} edges in both graphs, ${Object.keys(targets).length} targets each (${Object.keys(targets).join(', ')})`,
    );

    for (const mode of modes) {
      const last = await session.compare({
        title: `${count} projects, cold \`nx show projects\`, ${mode.name}`,
        sides: [
          { name: 'nx-pypi workspace', run: () => showProjects(pypiWs, mode, count) },
          { name: 'floor (project.json)', run: () => showProjects(floorWs, mode, count) },
        ],
        against: [{ reference: 'floor (project.json)', kind: 'overhead', target: { op: '<=', value: 1.1 } }],
      });
      const [pypiRss, floorRss] = last.sides.map((s) => s.metrics.rssKiB.median);
      const rssRatio = pypiRss / floorRss;
      last.rss = { largestProcess: { pypiKiB: pypiRss, floorKiB: floorRss, ratio: rssRatio, target: 1.2, met: rssRatio <= 1.2 } };
      console.log(`  peak RSS, largest process (median): nx-pypi / floor ${rssRatio.toFixed(2)}x; target <= 1.20x: ${rssRatio <= 1.2 ? 'met' : 'MISSED'}`);
      if (mode.name !== 'npx nx') {
        const [pypiTree, floorTree] = [await treeRss(pypiWs, mode, count), await treeRss(floorWs, mode, count)];
        const sum = (peaks) => peaks.reduce((a, p) => a + p.hwmKiB, 0);
        const tree = { pypiKiB: sum(pypiTree), floorKiB: sum(floorTree), pypiProcesses: pypiTree.length, floorProcesses: floorTree.length };
        tree.ratio = tree.pypiKiB / tree.floorKiB;
        tree.met = tree.ratio <= 1.2;
        last.rss.treeSum = tree;
        console.log(
          `  peak RSS summed over the process tree (one sampled run each): nx-pypi ${(tree.pypiKiB / 1024).toFixed(0)} MiB in ${tree.pypiProcesses} processes, ` +
            `floor ${(tree.floorKiB / 1024).toFixed(0)} MiB in ${tree.floorProcesses}: ${tree.ratio.toFixed(2)}x; target <= 1.20x: ${tree.met ? 'met' : 'MISSED'}`,
        );
      }
    }
  }
  session.finish();
} finally {
  if (args.keep) console.log(`kept ${pypiWs} and ${floorWs}`);
  else {
    rmSync(pypiWs, { recursive: true, force: true });
    rmSync(floorWs, { recursive: true, force: true });
  }
}
