/**
 * PEP 440 versions: parse, normalize, compare.
 *
 * Matching uses @renovatebot/pep440's VERSION_PATTERN (a faithful port of packaging's regex), but the
 * normal form and ordering are computed here, because the library's 4.2.4 `clean`/`compare` get
 * local versions and large numbers wrong: `clean('1.0+ubuntu-1')` gives `1.0+ubuntu,1`,
 * `clean('1.0+1e5')` gives `1.0+100000` (JS `Number`), and release numbers beyond 2^53 lose digits.
 * Numerals are kept as bigint so `20261125000000000001` stays exact, as in packaging.
 */
import { VERSION_PATTERN } from '@renovatebot/pep440/lib/version';
import { InvalidVersionError } from './errors';

// packaging's Version() strips surrounding whitespace before matching.
const VERSION_RE = new RegExp(`^\\s*${VERSION_PATTERN}\\s*$`, 'i');

export type PreReleaseLabel = 'a' | 'b' | 'rc';

/** A parsed PEP 440 version; absent parts are undefined. */
export interface ParsedVersion {
  epoch: bigint;
  release: bigint[];
  pre?: [PreReleaseLabel, bigint];
  post?: bigint;
  dev?: bigint;
  /** Local segments: numeric ones as bigint, the others lower-cased. */
  local?: Array<string | bigint>;
}

/** The spellings PEP 440 normalizes to a, b and rc. */
export const PRE_SPELLINGS: Readonly<Record<string, PreReleaseLabel>> = {
  a: 'a',
  alpha: 'a',
  b: 'b',
  beta: 'b',
  c: 'rc',
  rc: 'rc',
  pre: 'rc',
  preview: 'rc',
};

/** Parses a version in any PEP 440 spelling (`v1.0-Alpha.1`); undefined when it is not one. */
export function parseVersion(text: string): ParsedVersion | undefined {
  const groups = VERSION_RE.exec(text)?.groups;
  if (!groups) return undefined;
  const parsed: ParsedVersion = {
    epoch: groups.epoch ? BigInt(groups.epoch) : 0n,
    release: groups.release.split('.').map((n) => BigInt(n)),
  };
  if (groups.pre_l) parsed.pre = [PRE_SPELLINGS[groups.pre_l.toLowerCase()], BigInt(groups.pre_n ?? 0)];
  // `1.0-1` is the implicit post-release spelling; `1.0.post` means post0.
  if (groups.post_n1 !== undefined) parsed.post = BigInt(groups.post_n1);
  else if (groups.post_l) parsed.post = BigInt(groups.post_n2 ?? 0);
  if (groups.dev_l) parsed.dev = BigInt(groups.dev_n ?? 0);
  if (groups.local) {
    parsed.local = groups.local.split(/[-_.]/).map((part) => (/^[0-9]+$/.test(part) ? BigInt(part) : part.toLowerCase()));
  }
  return parsed;
}

/** Renders the PEP 440 normal form of a parsed version. */
export function renderVersion(v: ParsedVersion): string {
  let s = v.epoch !== 0n ? `${v.epoch}!` : '';
  s += v.release.join('.');
  if (v.pre) s += `${v.pre[0]}${v.pre[1]}`;
  if (v.post !== undefined) s += `.post${v.post}`;
  if (v.dev !== undefined) s += `.dev${v.dev}`;
  if (v.local) s += `+${v.local.join('.')}`;
  return s;
}

/** The normal form (`1.0.0-alpha1` -> `1.0.0a1`, `v1.0` -> `1.0`), or undefined when `text` is not a PEP 440 version. */
export function normalizeVersion(text: string): string | undefined {
  const parsed = parseVersion(text);
  return parsed && renderVersion(parsed);
}

export function isValidVersion(text: string): boolean {
  return VERSION_RE.test(text);
}

/** True for dev and pre-releases (PEP 440 "pre-releases" in the sense of `--pre`). */
export function isPreRelease(v: ParsedVersion): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

/**
 * PEP 440 ordering of two versions: negative, zero or positive. Throws InvalidVersionError when
 * either is not a version (comparing garbage silently is how releases get skipped).
 */
export function compareVersions(a: string, b: string): number {
  const pa = parseVersion(a);
  if (!pa) throw new InvalidVersionError(a);
  const pb = parseVersion(b);
  if (!pb) throw new InvalidVersionError(b);
  return compareParsedVersions(pa, pb);
}

export function compareParsedVersions(a: ParsedVersion, b: ParsedVersion): number {
  return (
    cmp(a.epoch, b.epoch) ||
    compareRelease(a.release, b.release) ||
    comparePre(a, b) ||
    compareOptional(a.post, b.post, -1) ||
    compareOptional(a.dev, b.dev, 1) ||
    compareLocal(a.local, b.local)
  );
}

function cmp(a: bigint | string, b: bigint | string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Trailing zeros do not count: 1.0 == 1.0.0. */
function compareRelease(a: bigint[], b: bigint[]): number {
  const len = Math.max(a.length, b.length);
  for (let i = 0; i < len; i++) {
    const c = cmp(a[i] ?? 0n, b[i] ?? 0n);
    if (c) return c;
  }
  return 0;
}

/** packaging's key: a bare dev release sorts before any pre-release, a final after all of them. */
function preRank(v: ParsedVersion): number {
  if (v.pre) return 0;
  return v.post === undefined && v.dev !== undefined ? -1 : 1;
}

function comparePre(a: ParsedVersion, b: ParsedVersion): number {
  const rank = preRank(a) - preRank(b);
  if (rank) return rank;
  if (!a.pre || !b.pre) return 0;
  return cmp(a.pre[0], b.pre[0]) || cmp(a.pre[1], b.pre[1]);
}

/** `absent` is where a missing part sorts: -1 before every value (post), 1 after (dev). */
function compareOptional(a: bigint | undefined, b: bigint | undefined, absent: -1 | 1): number {
  if (a === undefined && b === undefined) return 0;
  if (a === undefined) return absent;
  if (b === undefined) return -absent;
  return cmp(a, b);
}

/** No local sorts first; alphanumeric segments before numeric ones; shorter first on a common prefix. */
function compareLocal(a: Array<string | bigint> | undefined, b: Array<string | bigint> | undefined): number {
  if (!a || !b) return a ? 1 : b ? -1 : 0;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i];
    const y = b[i];
    if (typeof x !== typeof y) return typeof x === 'string' ? -1 : 1;
    const c = cmp(x, y);
    if (c) return c;
  }
  return a.length - b.length;
}
