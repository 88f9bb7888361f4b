/**
 * The version arithmetic behind Poetry's caret and tilde operators, as poetry-core's
 * `Version.stable` / `next_major` / `next_minor` / `next_patch` / `next_breaking` compute it.
 * Results keep the written precision: `^1.2` ends at `2.0`, `^1` at `2`, `~1.2.3.4` at `1.3.0.0`.
 */
import type { ParsedVersion } from '../pep440';

/** The release a (pre/dev) version leads to: `1.0.0b1` -> `1.0.0`; a post-release of a final stays. */
export function stableOf(v: ParsedVersion): ParsedVersion {
  return { epoch: v.epoch, release: v.release, ...(v.pre === undefined && v.post !== undefined ? { post: v.post } : {}) };
}

function bumpAt(v: ParsedVersion, index: number): ParsedVersion {
  const release = [...v.release];
  while (release.length <= index) release.push(0n);
  release[index] += 1n;
  for (let i = index + 1; i < release.length; i++) release[i] = 0n;
  return { epoch: v.epoch, release };
}

/** `1.2.3` -> `2.0.0`, `1.2` -> `2.0`, `1` -> `2` (of the stable version). */
export function nextMajor(v: ParsedVersion): ParsedVersion {
  return bumpAt(stableOf(v), 0);
}

/** `1.2.3` -> `1.3.0`; `1` -> `1.1` (poetry-core adds the minor when it is missing). */
export function nextMinor(v: ParsedVersion): ParsedVersion {
  return bumpAt(stableOf(v), 1);
}

/** `0.0.3` -> `0.0.4`; `0.0` -> `0.0.1`. */
export function nextPatch(v: ParsedVersion): ParsedVersion {
  return bumpAt(stableOf(v), 2);
}

/**
 * Where `^v` stops: the next change of the left-most non-zero part among those written
 * (`^1.2.3` -> `2.0.0`, `^0.2.3` -> `0.3.0`, `^0.0.3` -> `0.0.4`, `^0` -> `1`, `^0.0` -> `0.1`).
 */
export function nextBreaking(v: ParsedVersion): ParsedVersion {
  const [major, minor] = v.release;
  if (major > 0n || v.release.length < 2) return nextMajor(v);
  if (minor > 0n || v.release.length < 3) return nextMinor(v);
  return nextPatch(v);
}

/** Release numbers written (`1.2` -> 2), poetry-core's `precision`. */
export function precisionOf(v: ParsedVersion): number {
  return v.release.length;
}
