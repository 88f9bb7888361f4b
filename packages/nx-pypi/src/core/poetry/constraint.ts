/**
 * Poetry version constraints (`^1.2`, `~1.2.3`, `1.*`, `>=1,<2 || >=3`) -> PEP 440 specifier
 * sets, following poetry-core's `parse_constraint` and `Dependency.base_pep_508_name`
 * (https://python-poetry.org/docs/dependency-specification/#version-constraints).
 *
 * Where poetry-core 1.4 (Debian 12) and 2.x differ, the result is the one that is correct PEP 508
 * and admits the same versions as poetry-core 2.x; the differences are listed in constraint.spec.ts.
 */
import { VERSION_PATTERN } from '@renovatebot/pep440/lib/version';
import { compareParsedVersions, parseVersion, renderVersion, type ParsedVersion } from '../pep440';
import { nextBreaking, nextMajor, nextMinor, precisionOf } from './poetry-version';
import {
  ANY,
  complement,
  intersect,
  isAny,
  isPoint,
  point,
  renderMax,
  renderRange,
  singleWildcardPrefix,
  union,
  type VersionRange,
  type VersionSet,
} from './version-set';

export type ConstraintResult = { ok: true; set: VersionSet } | { ok: false; message: string; hint: string };

/** How poetry-core writes a constraint into Requires-Dist, and whether that is a PEP 440 specifier set. */
export interface RenderedConstraint {
  /** `>=1.2,<2.0`; `''` for `*`; a `||` union (poetry-core's own spelling) when `pep440` is false. */
  specifier: string;
  /** False when the constraint is a union PEP 440 cannot express (`^1 || ^3`): pip rejects what poetry-core writes. */
  pep440: boolean;
}

const HINT =
  'use a Poetry constraint such as ^1.2, ~1.2.3, 1.2.*, >=1.2,<2.0 or ^1.0 || ^2.0 ' +
  '(https://python-poetry.org/docs/dependency-specification/#version-constraints)';

const V = `(?<version>${VERSION_PATTERN})`;
const ANY_RE = /^v?[xX*](\.[xX*])*$/i;
const TILDE_RE = new RegExp(`^~(?!=)\\s*${V}$`, 'i');
const TILDE_PEP440_RE = new RegExp(`^~=\\s*${V}$`, 'i');
const CARET_RE = new RegExp(`^\\^\\s*${V}$`, 'i');
// poetry-core 1.x also takes `1.x`; 2.x only `1.*`. Both are accepted here.
const WILDCARD_RE = /^(?<op>!=|==)?\s*v?(?<major>\d+)(?:\.(?<minor>\d+))?(?:\.(?<patch>\d+))?(?:\.[xX*])+$/;
const BASIC_RE = new RegExp(`^(?<op><>|!=|>=?|<=?|==?)?\\s*(?:${V}|(?<devword>dev))(?<wildcard>\\.\\*)?$`, 'i');
// poetry-core's AND separator: a comma or space not right after an operator or another separator.
const AND_SPLIT_RE = /(?<!^)(?<![\^~=>< ,]) *(?<!-)[, ](?!-) *(?!,|$)/;

export interface ParseOptions {
  /**
   * Read as a Python-version (marker) constraint, as poetry-core's `parse_marker_version_constraint`
   * does for `python = "..."`: a wildcard is then `>=3,<4`, not `>=3.dev0,<4.dev0` (`==3.*`).
   */
  marker?: boolean;
}

/** Parses a Poetry constraint into the set of versions it admits; errors are data, never thrown. */
export function parsePoetryConstraint(text: string, options: ParseOptions = {}): ConstraintResult {
  if (text === '*') return { ok: true, set: [ANY] };
  let result: VersionSet = [];
  for (const alternative of text.trim().split(/\s*\|\|?\s*/)) {
    const parts = alternative.replace(/,+$/, '').trimEnd().split(AND_SPLIT_RE);
    let set: VersionSet = [ANY];
    for (const part of parts) {
      const single = parseSingle(part, options);
      if (!single) {
        return { ok: false, message: `"${part}" is not a Poetry version constraint${part === text ? '' : ` (in "${text}")`}`, hint: HINT };
      }
      set = intersect(set, single);
    }
    result = union(result, set);
  }
  if (result.length === 0) {
    return { ok: false, message: `"${text}" admits no version at all`, hint: 'check the bounds: the lower one must be below the upper one' };
  }
  return { ok: true, set: result };
}

function version(m: RegExpExecArray): ParsedVersion | undefined {
  return parseVersion(m.groups?.version ?? '');
}

function parseSingle(text: string, options: ParseOptions): VersionSet | undefined {
  if (ANY_RE.test(text)) return [ANY];
  let m: RegExpExecArray | null;
  if ((m = TILDE_RE.exec(text))) {
    const v = version(m);
    return v && [{ min: v, includeMin: true, max: precisionOf(v) === 1 ? nextMajor(v) : nextMinor(v), includeMax: false }];
  }
  if ((m = TILDE_PEP440_RE.exec(text))) {
    // poetry-core, not PEP 440: `~=1.2.3.4` ends at 1.3.0.0 (PEP 440 says 1.2.4), `~=1` at 1.1.
    const v = version(m);
    return v && [{ min: v, includeMin: true, max: precisionOf(v) === 2 ? nextMajor(v) : nextMinor(v), includeMax: false }];
  }
  if ((m = CARET_RE.exec(text))) {
    const v = version(m);
    return v && [{ min: v, includeMin: true, max: nextBreaking(v), includeMax: false }];
  }
  if ((m = WILDCARD_RE.exec(text))) return wildcard(m.groups as Record<string, string | undefined>, options);
  if ((m = BASIC_RE.exec(text))) return basic(m, options);
  return undefined;
}

/**
 * `1.*` -> >=1.dev0,<2.dev0 (written `==1.*`), `1.2.*` -> >=1.2.dev0,<1.3.dev0, as poetry-core 2.x
 * reads a wildcard (its pre- and dev-releases included, as PEP 440's prefix match has them); a
 * marker constraint has plain bounds (`>=3,<4`). `!=` takes the complement.
 */
function wildcard(g: Record<string, string | undefined>, options: ParseOptions): VersionSet {
  const numbers = [g.major, g.minor, g.patch].filter((n): n is string => n !== undefined).map((n) => BigInt(n));
  return wildcardRange(numbers, g.op === '!=', options);
}

function wildcardRange(numbers: bigint[], invert: boolean, options: ParseOptions): VersionSet {
  const next = [...numbers];
  next[next.length - 1] += 1n;
  const dev = options.marker ? {} : { dev: 0n };
  const range: VersionRange = { min: { epoch: 0n, release: numbers, ...dev }, max: { epoch: 0n, release: next, ...dev }, includeMin: true, includeMax: false };
  return invert ? complement([range]) : [range];
}

function basic(m: RegExpExecArray, options: ParseOptions): VersionSet | undefined {
  const op = m.groups?.op ?? '==';
  const v = m.groups?.devword ? parseVersion('0.0.dev0') : version(m);
  if (!v) return undefined;
  switch (op) {
    case '<':
      return [{ max: v, includeMin: false, includeMax: false }];
    case '<=':
      return [{ max: v, includeMin: false, includeMax: true }];
    case '>':
      return [{ min: v, includeMin: false, includeMax: false }];
    case '>=':
      return [{ min: v, includeMin: true, includeMax: false }];
  }
  if (m.groups?.wildcard) return wildcardRange(v.release, op === '!=', options);
  // `<>` falls through to an exact match in poetry-core too.
  return op === '!=' ? complement([point(v)]) : [point(v)];
}

/**
 * The specifier poetry-core writes after the name in Requires-Dist (without its parentheses).
 * A union that is "all but one version" or "all but one prefix" becomes `!=1.5` / `!=1.2.*`;
 * any other union is written, as poetry-core does, one comma-separated piece of the constraint
 * as written at a time, so `>=1.0,!=1.5.0,<2.0` stays itself and `^1 || ^3` stays a `||` union.
 */
export function renderPoetryConstraint(text: string, set: VersionSet): RenderedConstraint {
  if (isAny(set)) return { specifier: '', pep440: true };
  if (set.length === 1) return { specifier: renderRange(set[0]), pep440: true };
  const exclusion = renderExclusion(set);
  if (exclusion) return { specifier: exclusion, pep440: true };
  const pieces = text.split(',').map((piece) => {
    const parsed = parsePoetryConstraint(piece);
    return parsed.ok ? renderPiece(parsed.set) : piece.trim();
  });
  const specifier = pieces.filter((p) => p !== '').join(',');
  return { specifier, pep440: !specifier.includes('||') };
}

function renderPiece(set: VersionSet): string {
  if (isAny(set)) return '';
  if (set.length === 1) return renderRange(set[0]);
  return renderExclusion(set) ?? set.map(renderUnionMember).join(' || ');
}

/**
 * A set as poetry-core 2.x prints the constraint object (`VersionRange` / `VersionUnion.__str__`):
 * everything but one wildcard range is `!=1.2.*`; otherwise each run of ranges split only by single
 * excluded versions is one punctured range, lower bound first (`>=22,!=23.1.0,<30`), and runs are
 * joined by ` || `. This is what a PEP 508 requirement's constraint reads as once parsed.
 */
export function renderConstraintSet(set: VersionSet): string {
  if (isAny(set)) return '';
  if (set.length === 1) return renderRange(set[0]);
  const wildcard = renderExclusion(set);
  if (wildcard?.endsWith('.*')) return wildcard;
  const runs: VersionRange[][] = [[set[0]]];
  for (let i = 1; i < set.length; i++) {
    const prev = set[i - 1];
    const cur = set[i];
    const seam = prev.max && cur.min && !prev.includeMax && !cur.includeMin && compareParsedVersions(prev.max, cur.min) === 0;
    if (seam) runs[runs.length - 1].push(cur);
    else runs.push([cur]);
  }
  return runs.map(renderRun).join(' || ');
}

/** A run of ranges whose seams are single excluded versions: `>=A,!=V1,!=V2,<B` (a lone range as such). */
function renderRun(run: VersionRange[]): string {
  if (run.length === 1) return renderUnionMember(run[0]);
  const first = run[0];
  const last = run[run.length - 1];
  const parts: string[] = [];
  if (first.min) parts.push(`${first.includeMin ? '>=' : '>'}${renderVersion(first.min)}`);
  for (const r of run.slice(0, -1)) parts.push(`!=${renderVersion(r.max!)}`);
  if (last.max) parts.push(`${last.includeMax ? '<=' : '<'}${renderMax(last.max, last.includeMax)}`);
  return parts.join(',');
}

/** Inside a `||` union poetry-core writes a single version bare (`>=1.2,<2.0 || 3.0`). */
function renderUnionMember(r: VersionRange): string {
  return isPoint(r) ? renderVersion(r.min) : renderRange(r);
}

/** `!=V` or `!=P.*` when the set is everything but one version or one wildcard range; undefined otherwise. */
function renderExclusion(set: VersionSet): string | undefined {
  const excluded = complement(set);
  if (excluded.length !== 1) return undefined;
  const gap = excluded[0];
  if (isPoint(gap)) return `!=${renderVersion(gap.min)}`;
  if (!gap.min || !gap.max || !gap.includeMin || gap.includeMax) return undefined;
  const prefix = singleWildcardPrefix(gap.min, gap.max);
  return prefix === undefined ? undefined : `!=${prefix}.*`;
}

/** Parse and render in one step: a Poetry constraint -> what poetry-core writes into Requires-Dist. */
export function translatePoetryConstraint(text: string): ({ ok: true; set: VersionSet } & RenderedConstraint) | Extract<ConstraintResult, { ok: false }> {
  const parsed = parsePoetryConstraint(text);
  if (!parsed.ok) return parsed;
  return { ok: true, set: parsed.set, ...renderPoetryConstraint(text, parsed.set) };
}
