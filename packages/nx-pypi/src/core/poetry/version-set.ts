/**
 * Sets of versions as poetry-core models them: sorted, disjoint ranges whose bounds keep the
 * precision they were written with (`^1.2` is `>=1.2,<2.0`, not `<2.0.0`), so rendering gives
 * back what poetry-core writes. A single version is a range whose bounds are equal and inclusive.
 *
 * Ordering is PEP 440's. poetry-core's extra rule that `<2.0` also excludes `2.0a1`
 * (`VersionRange.full_max`) changes what a range admits, not how it is written, so it is not
 * modelled: ranges here are only ever rendered, never used to pick a version.
 */
import { compareParsedVersions, renderVersion, type ParsedVersion } from '../pep440';

export interface VersionRange {
  min?: ParsedVersion;
  max?: ParsedVersion;
  includeMin: boolean;
  includeMax: boolean;
}

/** `[]` admits nothing; `[ANY]` admits everything. */
export type VersionSet = readonly VersionRange[];

export const ANY: VersionRange = { includeMin: false, includeMax: false };

export function point(v: ParsedVersion): VersionRange {
  return { min: v, max: v, includeMin: true, includeMax: true };
}

export function isPoint(r: VersionRange): r is VersionRange & { min: ParsedVersion } {
  return r.min !== undefined && r.max !== undefined && compareParsedVersions(r.min, r.max) === 0;
}

export function isAny(set: VersionSet): boolean {
  return set.length === 1 && set[0].min === undefined && set[0].max === undefined;
}

/** Compare lower bounds: undefined is -infinity; an inclusive bound starts earlier. */
function cmpLower(a: VersionRange, b: VersionRange): number {
  if (!a.min || !b.min) return a.min ? 1 : b.min ? -1 : 0;
  return compareParsedVersions(a.min, b.min) || (a.includeMin === b.includeMin ? 0 : a.includeMin ? -1 : 1);
}

/** Compare upper bounds: undefined is +infinity; an inclusive bound ends later. */
function cmpUpper(a: VersionRange, b: VersionRange): number {
  if (!a.max || !b.max) return a.max ? -1 : b.max ? 1 : 0;
  return compareParsedVersions(a.max, b.max) || (a.includeMax === b.includeMax ? 0 : a.includeMax ? 1 : -1);
}

function isEmptyRange(r: VersionRange): boolean {
  if (!r.min || !r.max) return false;
  const c = compareParsedVersions(r.min, r.max);
  return c > 0 || (c === 0 && !(r.includeMin && r.includeMax));
}

/** `a` ends before `b` starts, with no shared point (touching `<2` / `>=2` is not a gap). */
function gapBetween(a: VersionRange, b: VersionRange): boolean {
  if (!a.max || !b.min) return false;
  const c = compareParsedVersions(a.max, b.min);
  return c < 0 || (c === 0 && !a.includeMax && !b.includeMin);
}

/**
 * Sorts and merges overlapping or touching ranges, as poetry-core 1.x's `VersionUnion.of` does
 * (`^1.0 || ^2.0` -> `>=1.0,<3.0`). poetry-core 2.x keeps `>=1.0,<2.0 || >=2.0,<3.0` apart
 * (it treats `<2.0` as also excluding 2.0's pre-releases); merged is the form PEP 508 can express.
 */
export function normalizeSet(ranges: readonly VersionRange[]): VersionSet {
  const sorted = ranges.filter((r) => !isEmptyRange(r)).sort((a, b) => cmpLower(a, b) || cmpUpper(a, b));
  const out: VersionRange[] = [];
  for (const r of sorted) {
    const last = out[out.length - 1];
    if (last && !gapBetween(last, r)) out[out.length - 1] = cmpUpper(r, last) > 0 ? { ...last, max: r.max, includeMax: r.includeMax } : last;
    else out.push(r);
  }
  return out;
}

export function union(...sets: VersionSet[]): VersionSet {
  return normalizeSet(sets.flat());
}

export function intersect(a: VersionSet, b: VersionSet): VersionSet {
  const out: VersionRange[] = [];
  for (const x of a) {
    for (const y of b) {
      const lo = cmpLower(x, y) >= 0 ? x : y;
      const hi = cmpUpper(x, y) <= 0 ? x : y;
      out.push({ min: lo.min, includeMin: lo.includeMin, max: hi.max, includeMax: hi.includeMax });
    }
  }
  return normalizeSet(out);
}

/** Everything `set` does not admit. */
export function complement(set: VersionSet): VersionSet {
  const out: VersionRange[] = [];
  let lower: Pick<VersionRange, 'min' | 'includeMin'> | undefined = { includeMin: false };
  for (const r of set) {
    if (r.min && lower) out.push({ ...lower, max: r.min, includeMax: !r.includeMin });
    lower = r.max ? { min: r.max, includeMin: !r.includeMax } : undefined;
  }
  if (lower) out.push({ ...lower, includeMax: false });
  return normalizeSet(out);
}

/** One range as poetry-core's `VersionRange.__str__` writes it: `>=1.2,<2.0`, `==1.*`, `*` when unbounded. */
export function renderRange(r: VersionRange): string {
  if (isPoint(r)) return `==${renderVersion(r.min)}`;
  const prefix = r.min && r.max && r.includeMin && !r.includeMax ? singleWildcardPrefix(r.min, r.max) : undefined;
  if (prefix !== undefined) return `==${prefix}.*`;
  const parts: string[] = [];
  if (r.min) parts.push(`${r.includeMin ? '>=' : '>'}${renderVersion(r.min)}`);
  if (r.max) parts.push(`${r.includeMax ? '<=' : '<'}${renderMax(r.max, r.includeMax)}`);
  return parts.length ? parts.join(',') : '*';
}

/**
 * `1.2` when [min, max) is exactly the wildcard range `1.2.*` as poetry-core 2.x models it
 * (`_is_wildcard_candidate`): min is `1.2.dev0` (zeros may follow), max `1.3` or `1.3.dev0`; no
 * pre-, post- or local parts. Undefined otherwise (`>=1.2.0,<1.3.0` is not one: it leaves out
 * 1.2.0's pre-releases).
 */
export function singleWildcardPrefix(min: ParsedVersion, max: ParsedVersion): string | undefined {
  if (min.epoch !== 0n || max.epoch !== 0n || min.local || max.local || min.pre || max.pre) return undefined;
  if (min.post !== undefined || max.post !== undefined || min.dev !== 0n || (max.dev !== undefined && max.dev !== 0n)) return undefined;
  const second = [...max.release];
  while (second.length > 0 && second[second.length - 1] === 0n) second.pop();
  if (second.length === 0) return undefined;
  const first = [...min.release, ...Array<bigint>(Math.max(0, second.length - min.release.length)).fill(0n)];
  if (first.slice(second.length).some((p) => p !== 0n)) return undefined;
  const head = first.slice(0, second.length);
  const n = second.length - 1;
  if (head.slice(0, n).some((p, i) => p !== second[i]) || head[n] + 1n !== second[n]) return undefined;
  return [...second.slice(0, n), second[n] - 1n].join('.');
}

/**
 * An upper bound as poetry-core 2.x displays it (`_display_max_text`): an exclusive `V.dev0` of a
 * stable release — what a wildcard's end (`1.*` ends at `2.dev0`) is — reads as `<V`.
 */
export function renderMax(max: ParsedVersion, includeMax: boolean): string {
  const canonicalStrict = !includeMax && max.dev === 0n && !max.pre && max.post === undefined && !max.local;
  return renderVersion(canonicalStrict ? { ...max, dev: undefined } : max);
}
