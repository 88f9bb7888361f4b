#!/usr/bin/env node
/**
 * `nx run-many -t build --skip-nx-cache` over 50 generated packages (a dependency chain, setuptools
 * projects the native builder covers) against building the same 50 with
 * `/usr/bin/python3 -m build --no-isolation` one after another, in paired, interleaved rounds.
 * The loop takes minutes: it runs in the first `--loop-runs` rounds only (default 2), and its
 * ratio's range covers those rounds. `nx run-many -t build` with every task from the Nx cache is
 * timed in every round too, for context.
 *
 *   npm run pack && node bench/build/bench-run-many.mjs [--packages=50] [--runs=5] [--loop-runs=2] [--json=<file>] [--keep]
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Session, parseArgs } from '../lib/paired.mjs';
import { benchEnv, createWorkspace, timed, write, installedPluginNote } from '../lib/workspace.mjs';

const args = parseArgs();
const COUNT = Number(args.packages ?? 50);
const PYTHON = '/usr/bin/python3';
const session = new Session('bench/build (run-many)', args);
const loopRuns = Math.min(Number(args['loop-runs'] ?? 2), session.runs);

const ws = createWorkspace('nx-pypi-run-many', { nxJson: { plugins: ['nx-pypi'] } });
session.note(`plugin: ${installedPluginNote()}`);
// Nx as users run it (daemon off in CI, plugin isolation on); the loop without this machine's pip settings.
const env = benchEnv();
const names = Array.from({ length: COUNT }, (_, i) => `pkg-${String(i).padStart(2, '0')}`);

try {
  names.forEach((name, i) => {
    const mod = name.replace('-', '_');
    const deps = i > 0 ? `"${names[i - 1]}>=0.1.0"` : '';
    const files = {
      [`libs/${name}/pyproject.toml`]: `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${name}"\nversion = "0.1.0"\ndescription = "bench"\nreadme = "README.md"\ndependencies = [${deps}]\n`,
      [`libs/${name}/README.md`]: `# ${name}\n`,
      [`libs/${name}/src/${mod}/__init__.py`]: '',
    };
    for (const m of ['a', 'b', 'c', 'd', 'e']) files[`libs/${name}/src/${mod}/${m}.py`] = `def ${m}():\n    return ${i}\n`.repeat(50);
    write(ws, files);
  });
  const nx = join(ws, 'node_modules/.bin/nx');
  const runMany = ['run-many', '-t', 'build', '--output-style=static'];
  await timed(nx, runMany, { cwd: ws, env }); // fills the cache (and Nx's workspace data) before the rounds

  const nxSide = (extra) => async () => {
    const { ms, rssKiB } = await timed(nx, [...runMany, ...extra], { cwd: ws, env, rss: true });
    return { ms, rssKiB };
  };
  const loop = async () => {
    let ms = 0;
    for (const name of names) {
      const root = join(ws, 'libs', name);
      for (const dir of ['ref-dist', 'build']) rmSync(join(root, dir), { recursive: true, force: true });
      ms += (await timed(PYTHON, ['-m', 'build', '--no-isolation', '--outdir', 'ref-dist', '.'], { cwd: root, env })).ms;
      for (const dir of ['ref-dist', 'build']) rmSync(join(root, dir), { recursive: true, force: true });
    }
    return ms;
  };
  if (loopRuns < session.runs) session.note(`the python -m build loop runs in ${loopRuns} of ${session.runs} rounds (it takes minutes)`);
  const comparison = await session.compare({
    title: `nx run-many -t build, ${COUNT} packages, vs ${PYTHON} -m build one after another`,
    sides: [
      { name: 'nx run-many -t build --skip-nx-cache', run: nxSide(['--skip-nx-cache']) },
      { name: `${PYTHON} -m build --no-isolation loop`, run: loop, rounds: loopRuns },
      { name: 'nx run-many -t build (all from cache)', run: nxSide([]) },
    ],
    against: [
      { reference: `${PYTHON} -m build --no-isolation loop`, kind: 'speedup', target: { op: '>=', value: 60 } },
      { reference: 'nx run-many -t build (all from cache)', kind: 'overhead' },
    ],
  });
  const [, loopSide, cached] = comparison.sides;
  session.note(
    `with every task from the cache, nx run-many takes ${(cached.ms.median / 1000).toFixed(2)} s (Nx's own cost): the loop / that = ` +
      `${(loopSide.ms.median / cached.ms.median).toFixed(1)}x is the most any build could reach here`,
  );
  session.finish();
} finally {
  if (args.keep) console.log(`kept ${ws}`);
  else rmSync(ws, { recursive: true, force: true });
}
