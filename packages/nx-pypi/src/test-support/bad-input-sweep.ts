/**
 * The shared checker of the bad-input sweep (bad-input-sweep.spec.ts, issue 14's acceptance): every
 * case ends in an Outcome, and one function decides whether the outcome is acceptable and keeps the
 * counts the summary line reports. A case is acceptable when it is a rendered nx-pypi error or an
 * explicit warning, without a stack trace, naming where and what to do, and when nothing was written
 * outside its workspace.
 */
import { lstatSync, readdirSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { AggregateNxPypiError, NxPypiError } from '../errors';

/** What a case ended in, as a user would read it. */
export type Outcome =
  /** `nxPypi`: the error is (or renders) an NxPypiError; false for any other exception. */
  | { kind: 'error'; text: string; nxPypi: boolean; error?: unknown }
  /** An explicit warning line (the command went on). */
  | { kind: 'warning'; text: string }
  /** Succeeded and said nothing about the bad input. */
  | { kind: 'success'; text?: string };

/** What the case must name: `where` (file, key path, line:col, or the variable) must be in the text. */
export interface Expectation {
  where: RegExp | string;
  /** For warnings: what to do, which a warning carries in its own line. */
  hint?: RegExp;
  /** Warnings are accepted only where a case says so (a refusal is expected otherwise). */
  warning?: boolean;
}

export interface SweepTally {
  cases: number;
  stackTraces: number;
  silent: number;
  outsideWrites: number;
  /** Any other failed check: not an NxPypiError, no location, no hint, a half-written artifact. */
  otherFailures: number;
  perArea: Record<string, number>;
  failures: string[];
}

export function createTally(): SweepTally {
  return { cases: 0, stackTraces: 0, silent: 0, outsideWrites: 0, otherFailures: 0, perArea: {}, failures: [] };
}

/** A line of a JS stack (`    at fn (file:1:2)`), the one thing a user must never read. */
export const STACK_LINE = /^\s+at .+[:(]/m;

/** Every path under `dir`, relative to it (symlinks not followed; names that are not UTF-8 kept as latin1). */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (abs: Buffer, rel: string): void => {
    let names: Buffer[];
    try {
      names = readdirSync(abs, { encoding: 'buffer' });
    } catch {
      return;
    }
    for (const name of names) {
      const path = Buffer.concat([abs, Buffer.from(sep), name]);
      const shown = rel ? `${rel}${sep}${name.toString('latin1')}` : name.toString('latin1');
      out.push(shown);
      if (lstatSync(path).isDirectory()) walk(path, shown);
    }
  };
  walk(Buffer.from(dir), '');
  return out.sort();
}

/** Paths that appeared under `parent` during a case and are not inside `workspace` (both absolute). */
export function computeOutsideWrites(before: readonly string[], after: readonly string[], parent: string, workspace: string): string[] {
  const inside = relative(parent, workspace);
  const old = new Set(before);
  return after.filter((p) => !old.has(p) && p !== inside && !p.startsWith(`${inside}${sep}`));
}

/** Whether every problem of a rendered nx-pypi error carries a hint (the indented line under it). */
function hasHints(error: unknown, text: string): boolean {
  if (error instanceof AggregateNxPypiError && error.problems.length > 0) return error.problems.every((p) => hasHints(p, p.render()));
  if (error instanceof NxPypiError) return !!error.hint?.trim();
  // Only the printed text is known (an executor's error line): each `- ` item, or the message, has an indented line.
  const items = text.split(/\n(?=- )/).slice(/\n- /.test(text) ? 1 : 0);
  return items.every((item) => /\n {2,}\S/.test(item));
}

/** Checks one outcome, counts it, and returns the reasons it fails (empty when acceptable). */
export function checkOutcome(
  tally: SweepTally,
  area: string,
  title: string,
  outcome: Outcome,
  expected: Expectation,
  outside: readonly string[],
  leftovers: readonly string[] = [],
): string[] {
  tally.cases++;
  tally.perArea[area] = (tally.perArea[area] ?? 0) + 1;
  const reasons: string[] = [];
  if (outcome.kind === 'success') {
    tally.silent++;
    reasons.push(`succeeded silently${outcome.text ? `: ${outcome.text}` : ''}`);
  } else {
    const { text } = outcome;
    if (STACK_LINE.test(text)) {
      tally.stackTraces++;
      reasons.push('the text holds a stack trace');
    }
    if (outcome.kind === 'warning' && !expected.warning) reasons.push('only a warning where a refusal was expected');
    if (outcome.kind === 'error' && !outcome.nxPypi) reasons.push('not an NxPypiError');
    const where = expected.where;
    if (typeof where === 'string' ? !text.includes(where) : !where.test(text)) reasons.push(`does not name ${String(where)}`);
    const hinted = outcome.kind === 'error' ? hasHints(outcome.error, text) : expected.hint !== undefined && expected.hint.test(text);
    if (!hinted) reasons.push('no hint');
  }
  if (outside.length > 0) {
    tally.outsideWrites++;
    reasons.push(`wrote outside the workspace: ${outside.join(', ')}`);
  }
  if (leftovers.length > 0) reasons.push(`left in dist/: ${leftovers.join(', ')}`);
  if (reasons.length > 0) {
    if (outcome.kind !== 'success' && !STACK_LINE.test(outcome.text) && outside.length === 0) tally.otherFailures++;
    tally.failures.push(`[${area}] ${title}: ${reasons.join('; ')}\n${outcome.kind === 'success' ? '' : outcome.text}`);
  }
  return reasons;
}

/** An exception as an Outcome: nx-pypi's own errors (or a generator's Error wrapping one as `cause`) rendered. */
export function outcomeOfThrown(err: unknown): Outcome {
  if (err instanceof NxPypiError) return { kind: 'error', text: err.render(), nxPypi: true, error: err };
  const cause = (err as { cause?: unknown } | undefined)?.cause;
  if (err instanceof Error && cause instanceof NxPypiError) return { kind: 'error', text: err.message, nxPypi: err.message === cause.render(), error: cause };
  const text = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  return { kind: 'error', text, nxPypi: false, error: err };
}
