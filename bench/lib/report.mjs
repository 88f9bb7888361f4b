// Markdown tables for bench/README.md's "Last run" section from the files the benches write with
// `--json=<file>`: one table per file, a row per comparison against a reference.
//
//   node bench/lib/report.mjs results/*.json > last-run.md
import { readFileSync } from 'node:fs';

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const range = (s, fmt = fmtMs) => (s.n <= 1 ? `${fmt(s.median)} (1 run)` : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`);
const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
const ratio = (x) => `${x.toFixed(2)}x`;
const diff = (ms) => `${ms >= 0 ? '+' : '−'}${fmtMs(Math.abs(ms))}`;
const cell = (text) => String(text).replaceAll('|', '\\|');

for (const file of process.argv.slice(2)) {
  const run = JSON.parse(readFileSync(file, 'utf8'));
  const argv = run.argv.filter((a) => !a.startsWith('--json')).join(' ');
  console.log(`### \`${run.script}\`${argv ? ` \`${argv}\`` : ''}\n`);
  console.log(
    `${run.date.slice(0, 16).replace('T', ' ')} UTC, ${run.cpus} CPUs (${run.cpuModel}), Node ${run.node}; ` +
      `load average (1, 5, 15 min) ${run.loadStart.join(' ')} at the start, ${run.loadEnd.join(' ')} at the end.\n`,
  );
  console.log('| comparison | nx-pypi side: median (min–max) | reference: median (min–max) | ratio (per-round min–max) | target | load before → after |');
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const c of run.comparisons) {
    const subject = c.sides[0];
    const rss = (side) => (side.metrics.rssKiB ? `; peak RSS ${mib(side.metrics.rssKiB.median)}` : '');
    for (const a of c.against) {
      const reference = c.sides.find((s) => s.name === a.reference);
      const fmt = a.kind === 'difference' ? diff : ratio;
      const fewer = a.pairedRounds < subject.rounds ? `, over the ${a.pairedRounds} round${a.pairedRounds > 1 ? 's' : ''} both ran` : '';
      const rounds = a.pairedRounds > 1 ? ` (${fmt(a.min)}–${fmt(a.max)}${fewer})` : fewer ? ` (${fewer.slice(2)})` : '';
      const what = a.kind === 'speedup' ? 'reference / nx-pypi' : a.kind === 'overhead' ? 'nx-pypi / reference' : 'nx-pypi − reference';
      const target = a.target
        ? `${a.target.op} ${fmt(a.target.value)}${a.target.aim ? ` (aim ${fmt(a.target.aim)})` : ''}: **${a.met ? 'met' : 'missed'}**`
        : '—';
      console.log(
        `| ${cell(c.title)} | ${cell(subject.name)}: ${range(subject.ms)}${rss(subject)} | ${cell(reference.name)}: ${range(reference.ms)}${rss(reference)} | ` +
          `${a.target && fmt(a.value) === fmt(a.target.value) && a.kind !== 'difference' ? `${a.value.toFixed(3)}x` : fmt(a.value)}${rounds}, ${what} | ${target} | ${c.loadBefore[0]} → ${c.loadAfter[0]} |`,
      );
    }
    if (c.warm) {
      const reference = c.sides[1];
      console.log(
        `| ${cell(c.title)} | the build repeated in one process (as in Nx batch mode): ${range(c.warm.ms)} | ${cell(reference.name)}: ${range(reference.ms)} | ` +
          `${ratio(c.warm.speedup)}, reference / nx-pypi | >= 20x: **${c.warm.met ? 'met' : 'missed'}** | ${c.loadBefore[0]} → ${c.loadAfter[0]} |`,
      );
    }
    if (c.rss?.largestProcess) {
      const r = c.rss.largestProcess;
      const t = c.rss.treeSum;
      const tree = t ? `; summed over the process tree (one run each): ${mib(t.pypiKiB)} vs ${mib(t.floorKiB)}, ${ratio(t.ratio)}` : '';
      const treeMet = t ? `; tree: **${t.met ? 'met' : 'missed'}**` : '';
      console.log(
        `| ${cell(c.title)}, peak RSS | largest process: ${mib(r.pypiKiB)} | floor: ${mib(r.floorKiB)} | ${ratio(r.ratio)}, nx-pypi / floor${tree} | <= 1.20x: **${r.met ? 'met' : 'missed'}**${treeMet} | |`,
      );
    }
  }
  if (run.notes.length) console.log(`\n${run.notes.map((n) => `- ${n}`).join('\n')}`);
  console.log('');
}
