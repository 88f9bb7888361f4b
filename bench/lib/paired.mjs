// Paired, interleaved rounds: every round runs each side once, in alternating order (A B, then
// B A, ...) so that drift in the machine's load falls on both sides alike. For each side it prints
// the median and min–max of the wall times; for each reference, the ratio of the medians with the
// min–max of the per-round ratios; the load average before and after, and the CPU count. A side may
// run in fewer rounds (`rounds`, for a slow reference): its ratio is then taken over those rounds.
// `--json=<file>` writes everything (bench/lib/report.mjs turns the files into bench/README.md's table).
//
//   const session = new Session('bench/publish', args);          // args from parseArgs()
//   await session.compare({
//     title: 'publish 50 packages',
//     sides: [{ name: 'nx-pypi', run: async () => ms }, { name: 'twine', run: async () => ({ ms, rssKiB }) }, { name: 'loop', run, rounds: 1 }],
//     against: [{ reference: 'twine', kind: 'speedup', target: { op: '>=', value: 1.0, aim: 1.5 } }],
//   });
//   session.finish();
//
// The first side is the subject (nx-pypi). Kinds: 'speedup' = reference / subject (> 1: nx-pypi is
// faster); 'overhead' = subject / reference (1.10 means 10 % slower than the floor); 'difference' =
// subject − reference in ms. A side's `run` times only what it should (setup stays outside) and
// returns milliseconds, or an object with `ms` and other numeric metrics (e.g. rssKiB) summarised alike.
import { writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, hostname } from 'node:os';
import { dirname } from 'node:path';

/** `--key=value` and `--flag` arguments as an object; positional arguments under `_`. */
export function parseArgs(argv = process.argv.slice(2)) {
  const out = { _: [] };
  for (const arg of argv) {
    const match = /^--([^=]+)(?:=(.*))?$/.exec(arg);
    if (match) out[match[1]] = match[2] ?? 'true';
    else out._.push(arg);
  }
  return out;
}

/** Median (mean of the two middle values for an even count), min and max. */
export function summarize(values) {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return { n: 0, median: NaN, min: NaN, max: NaN };
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { n: sorted.length, median, min: sorted[0], max: sorted[sorted.length - 1] };
}

export const load = () => loadavg().map((x) => Number(x.toFixed(2)));
export const machine = () => ({ cpus: cpus().length, cpuModel: cpus()[0]?.model?.trim() ?? '?', host: hostname() });

const fmtMs = (ms) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);
const fmtMetric = (key, value) => (/kib$/i.test(key) ? `${(value / 1024).toFixed(0)} MiB` : /ms$/i.test(key) ? fmtMs(value) : value.toFixed(2));
export const fmtRange = (s, fmt = fmtMs) => (s.n <= 1 ? `${fmt(s.median)}` : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`);
const LABELS = { rssKiB: 'peak RSS', warmMs: 'warm' };
const label = (key) => LABELS[key] ?? key;
const fmtRatio = (x) => `${x.toFixed(2)}x`;
const fmtDiff = (ms) => `${ms >= 0 ? '+' : '−'}${fmtMs(Math.abs(ms))}`;

const KINDS = {
  speedup: { of: (subject, reference) => reference / subject, label: (s, r) => `${r} / ${s}`, fmt: fmtRatio },
  overhead: { of: (subject, reference) => subject / reference, label: (s, r) => `${s} / ${r}`, fmt: fmtRatio },
  difference: { of: (subject, reference) => subject - reference, label: (s, r) => `${s} − ${r}`, fmt: fmtDiff },
};

export class Session {
  /** @param {string} script @param {Record<string,string>} args parsed arguments (runs, json) */
  constructor(script, args = {}) {
    this.script = script;
    this.args = args;
    this.runs = Number(args.runs ?? 5);
    this.jsonFile = args.json;
    this.comparisons = [];
    this.notes = [];
    this.started = new Date();
    this.loadStart = load();
    const m = machine();
    console.log(`${script}: ${new Date().toISOString()}, ${m.cpus} CPUs (${m.cpuModel}), load average ${this.loadStart.join(' ')}, ${this.runs} rounds`);
  }

  note(text) {
    this.notes.push(text);
    console.log(`  note: ${text}`);
  }

  /**
   * @param {{ title: string, runs?: number, sides: { name: string, run: () => Promise<number | { ms: number }>, rounds?: number }[],
   *   against?: { reference: string, kind?: 'speedup'|'overhead'|'difference', target?: { op: '>='|'<=', value: number, aim?: number } }[], metricsOnly?: string[] }} spec
   */
  async compare(spec) {
    const runs = spec.runs ?? this.runs;
    const loadBefore = load();
    console.log(`\n${spec.title} — load average ${loadBefore.join(' ')}`);
    const samples = spec.sides.map(() => []);
    for (let round = 0; round < runs; round++) {
      const order = spec.sides.map((_, i) => i);
      if (round % 2 === 1) order.reverse();
      for (const i of order) {
        const side = spec.sides[i];
        if (side.rounds !== undefined && round >= side.rounds) continue;
        const result = await side.run(round);
        const sample = typeof result === 'number' ? { ms: result } : result;
        samples[i][round] = sample;
        const extra = Object.entries(sample)
          .filter(([k, v]) => k !== 'ms' && typeof v === 'number')
          .map(([k, v]) => `${label(k)} ${fmtMetric(k, v)}`);
        console.log(`  round ${round + 1}/${runs}: ${side.name}: ${fmtMs(sample.ms)}${extra.length ? ` (${extra.join(', ')})` : ''}`);
      }
    }
    const loadAfter = load();
    const sides = spec.sides.map((side, i) => {
      const present = samples[i].filter(Boolean);
      const metrics = {};
      for (const key of new Set(present.flatMap((s) => Object.keys(s)))) {
        if (key === 'ms' || typeof present[0][key] !== 'number') continue;
        metrics[key] = summarize(present.map((s) => s[key]));
      }
      return {
        name: side.name,
        rounds: present.length,
        samplesMs: samples[i].map((s) => (s ? Number(s.ms.toFixed(1)) : null)),
        ms: summarize(present.map((s) => s.ms)),
        metrics,
      };
    });
    const subject = sides[0];
    const against = (spec.against ?? []).map(({ reference, kind = 'speedup', target }) => {
      const r = spec.sides.findIndex((s) => s.name === reference);
      if (r < 0) throw new Error(`no side named ${reference}`);
      const k = KINDS[kind];
      const perRound = samples[0].map((s, round) => (s && samples[r][round] ? k.of(s.ms, samples[r][round].ms) : undefined)).filter((x) => x !== undefined);
      // The medians over the rounds both sides ran (all of them, unless one side runs in fewer).
      const both = samples[0].map((s, round) => (s && samples[r][round] ? [s.ms, samples[r][round].ms] : undefined)).filter(Boolean);
      const value = k.of(summarize(both.map((p) => p[0])).median, summarize(both.map((p) => p[1])).median);
      const range = summarize(perRound);
      const met = target ? (target.op === '>=' ? value >= target.value : value <= target.value) : undefined;
      return { reference, kind, label: k.label('nx-pypi', reference), value, min: range.min, max: range.max, pairedRounds: range.n, target, met };
    });

    for (const side of sides) {
      const extra = Object.entries(side.metrics).map(([k, s]) => `; ${label(k)} ${fmtRange(s, (v) => fmtMetric(k, v))}`);
      console.log(`  ${side.name}: ${fmtRange(side.ms)}${side.rounds < runs ? ` [${side.rounds} of ${runs} rounds]` : ''}${extra.join('')}`);
    }
    for (const a of against) {
      const k = KINDS[a.kind];
      const fewer = a.pairedRounds < subject.rounds ? `, over the ${a.pairedRounds} round${a.pairedRounds > 1 ? 's' : ''} both ran` : '';
      const range = a.pairedRounds > 1 ? ` (per round ${k.fmt(a.min)}–${k.fmt(a.max)}${fewer})` : fewer ? ` (${fewer.slice(2)})` : '';
      const target = a.target
        ? `; target ${a.target.op} ${k.fmt(a.target.value)}${a.target.aim !== undefined ? `, aim ${k.fmt(a.target.aim)}` : ''}: ${a.met ? 'met' : 'MISSED'}`
        : '';
      // Three decimals where two would print the target itself for a value on the other side of it.
      const shown = a.target && k.fmt(a.value) === k.fmt(a.target.value) && a.kind !== 'difference' ? `${a.value.toFixed(3)}x` : k.fmt(a.value);
      console.log(`  ${a.kind} vs ${a.reference}: ${shown}${range}${target}`);
    }
    console.log(`  load average after: ${loadAfter.join(' ')}`);
    const comparison = { title: spec.title, runs, loadBefore, loadAfter, sides, against, notes: spec.notes ?? [] };
    this.comparisons.push(comparison);
    return comparison;
  }

  finish() {
    const loadEnd = load();
    console.log(`\n${this.script}: done in ${fmtMs(Date.now() - this.started.getTime())}, load average ${this.loadStart.join(' ')} → ${loadEnd.join(' ')}`);
    if (!this.jsonFile) return;
    const record = {
      script: this.script,
      argv: process.argv.slice(2),
      date: this.started.toISOString(),
      node: process.version,
      ...machine(),
      loadStart: this.loadStart,
      loadEnd,
      notes: this.notes,
      comparisons: this.comparisons,
    };
    mkdirSync(dirname(this.jsonFile), { recursive: true });
    writeFileSync(this.jsonFile, JSON.stringify(record, null, 2) + '\n');
    console.log(`  results written to ${this.jsonFile}`);
  }
}
