/**
 * PEP 440 version bumps for `nx release`: the semver keywords Nx speaks (major, minor, patch,
 * premajor, preminor, prepatch, prerelease) mapped onto PEP 440 versions, and explicit versions
 * validated and normalized.
 *
 * The mapping follows semver's `inc` wherever PEP 440 has the same notion, so that conventional
 * commits and version plans mean the same thing for Python projects as for npm ones:
 * - a final bump of a pre-release of that very release graduates it (`2.0.0rc1` major -> `2.0.0`,
 *   `1.2.0a1` minor -> `1.2.0`, `1.2.3.dev4` patch -> `1.2.3`), like `inc('2.0.0-rc.1', 'major')`;
 * - pre* bumps always move the release first (`1.2.3` prepatch -> `1.2.4a1`).
 * PEP 440 differences (https://peps.python.org/pep-0440/):
 * - the pre-release label is one of a, b, rc (semver-style `alpha`, `beta`, `c`, `pre`, `preview`
 *   are read as their PEP 440 spellings) or `dev` for a developmental release;
 * - numbering starts where Python projects start it: `a1`/`b1`/`rc1`, and `.dev0`;
 * - the release keeps its number of segments (`1.2` minor -> `1.3`), padded when the bumped
 *   segment is missing (`1` patch -> `1.0.1`); the epoch is kept, post and local parts are dropped.
 */
import { NxPypiError } from '../../errors';
import { parseVersion, PRE_SPELLINGS, renderVersion, type ParsedVersion, type PreReleaseLabel } from './version';

export type BumpKind = 'major' | 'minor' | 'patch' | 'premajor' | 'preminor' | 'prepatch' | 'prerelease';

export const BUMP_KINDS: readonly BumpKind[] = ['major', 'minor', 'patch', 'premajor', 'preminor', 'prepatch', 'prerelease'];

/** Where a bump could not be computed: an unknown preid, or a pre-release phase that would go backwards. */
export class VersionBumpError extends NxPypiError {}

/** A phase a pre-release can be in: one of the PEP 440 pre-release labels, or a `.devN` release. */
export type PrePhase = PreReleaseLabel | 'dev';

// An Nx --preid: a PEP 440 pre-release spelling, or `dev` for a developmental release.
const PREID_SPELLINGS: Readonly<Record<string, PrePhase>> = { ...PRE_SPELLINGS, dev: 'dev' };
const LABEL_ORDER: Record<PreReleaseLabel, number> = { a: 0, b: 1, rc: 2 };

export function isBumpKind(input: string): input is BumpKind {
  return (BUMP_KINDS as readonly string[]).includes(input);
}

/** Maps an Nx `--preid` to a PEP 440 phase; undefined/empty means "none given". Throws VersionBumpError for others. */
export function parsePreid(preid: string | undefined): PrePhase | undefined {
  if (!preid) return undefined;
  const phase = PREID_SPELLINGS[preid.toLowerCase()];
  if (phase) return phase;
  throw new VersionBumpError(`"${preid}" is not a PEP 440 pre-release identifier`, {
    code: 'PEP440_INVALID_PREID',
    hint: 'use --preid a, b, rc or dev (alpha and beta are accepted as a and b)',
  });
}

/**
 * Applies `kind` to `current` (any PEP 440 spelling) and returns the new version in normal form.
 * Throws VersionBumpError when `current` is not a PEP 440 version or `preid` is not a known one.
 */
export function bumpVersion(current: string, kind: BumpKind, preid?: string): string {
  const v = parseVersion(current);
  if (!v) {
    throw new VersionBumpError(`the current version "${current}" is not a valid PEP 440 version, so it cannot be bumped`, {
      code: 'PEP440_INVALID_CURRENT_VERSION',
      hint: 'fix the version in pyproject.toml (or the release tag), or give an explicit version: nx release version 1.2.3',
    });
  }
  const phase = parsePreid(preid);
  switch (kind) {
    case 'major':
    case 'minor':
    case 'patch':
      return renderVersion(bumpFinal(v, SEGMENT[kind]));
    case 'premajor':
    case 'preminor':
    case 'prepatch':
      return renderVersion(startPhase(incrementRelease(v.release, SEGMENT[kind.slice(3) as 'major']), v.epoch, phase ?? 'a'));
    case 'prerelease':
      return renderVersion(bumpPrerelease(v, phase, current));
  }
}

const SEGMENT = { major: 0, minor: 1, patch: 2 } as const;

/** semver's rule: a pre-release whose lower segments are already zero graduates instead of moving on. */
function bumpFinal(v: ParsedVersion, index: number): ParsedVersion {
  const isPre = v.pre !== undefined || (v.dev !== undefined && v.post === undefined);
  const lowerAreZero = v.release.slice(index + 1).every((n) => n === 0n);
  if (isPre && lowerAreZero) return { epoch: v.epoch, release: v.release };
  return { epoch: v.epoch, release: incrementRelease(v.release, index) };
}

function padRelease(release: bigint[], length: number): bigint[] {
  const out = [...release];
  while (out.length < length) out.push(0n);
  return out;
}

/** Increments segment `index` and zeroes the ones after it, padding the release up to `index`. */
function incrementRelease(release: bigint[], index: number): bigint[] {
  const out = padRelease(release, index + 1);
  out[index] += 1n;
  for (let i = index + 1; i < out.length; i++) out[i] = 0n;
  return out;
}

function startPhase(release: bigint[], epoch: bigint, phase: PrePhase): ParsedVersion {
  return phase === 'dev' ? { epoch, release, dev: 0n } : { epoch, release, pre: [phase, 1n] };
}

/**
 * `prerelease`: without a preid, counts the last pre-release number up (`1.2.0a1` -> `1.2.0a2`,
 * `1.2.0a1.dev3` -> `1.2.0a1.dev4`), as semver does. With a preid, moves to that phase: forward
 * to a later label restarts its count (`1.2.0a2` + rc -> `1.2.0rc1`), the same label counts up,
 * `dev` adds a developmental release of the next pre-release. A final (or post) release first
 * moves to the next patch, like semver's `prerelease` on `1.2.3`.
 */
function bumpPrerelease(v: ParsedVersion, phase: PrePhase | undefined, current: string): ParsedVersion {
  const base = { epoch: v.epoch, release: v.release };
  const isFinal = v.pre === undefined && (v.dev === undefined || v.post !== undefined);
  if (isFinal) return startPhase(incrementRelease(v.release, 2), v.epoch, phase ?? 'a');

  if (phase === undefined) {
    if (v.dev !== undefined) return { ...base, ...(v.pre ? { pre: v.pre } : {}), dev: v.dev + 1n };
    const [label, n] = v.pre!;
    return { ...base, pre: [label, n + 1n] };
  }
  if (phase === 'dev') {
    if (v.dev !== undefined) return { ...base, ...(v.pre ? { pre: v.pre } : {}), dev: v.dev + 1n };
    const [label, n] = v.pre!;
    return { ...base, pre: [label, n + 1n], dev: 0n };
  }
  if (!v.pre) return { ...base, pre: [phase, 1n] }; // `1.2.0.dev3` sorts before every pre-release of 1.2.0
  const [label, n] = v.pre;
  if (LABEL_ORDER[phase] < LABEL_ORDER[label]) {
    throw new VersionBumpError(`a "${phase}" pre-release after "${current}" would be a lower version (PEP 440 orders a < b < rc)`, {
      code: 'PEP440_PRERELEASE_BACKWARDS',
      hint: `use --preid ${label} (or a later phase), or give an explicit version`,
    });
  }
  if (phase !== label) return { ...base, pre: [phase, 1n] };
  // `1.2.0a1.dev3` is a developmental release *of* a1: the next step is a1 itself.
  return { ...base, pre: [label, v.dev !== undefined ? n : n + 1n] };
}

/**
 * Nx's `adjustSemverBumpsForZeroMajorVersion`: below 1.0, breaking changes bump the minor and
 * features the patch (0.x convention). Applied to the first release segment; the epoch is ignored.
 */
export function adjustBumpForZeroMajor(kind: BumpKind, current: string): BumpKind {
  const v = parseVersion(current);
  if (!v || v.release[0] !== 0n) return kind;
  const shifted: Partial<Record<BumpKind, BumpKind>> = { major: 'minor', premajor: 'preminor', minor: 'patch', preminor: 'prepatch' };
  return shifted[kind] ?? kind;
}

/** An explicit version from the user (`v2.0.0-RC1`), in normal form (`2.0.0rc1`). Throws VersionBumpError when invalid. */
export function normalizeExplicitVersion(input: string): string {
  const v = parseVersion(input);
  if (v) return renderVersion(v);
  throw new VersionBumpError(`"${input}" is neither a PEP 440 version nor a bump keyword`, {
    code: 'PEP440_INVALID_SPECIFIER',
    hint: `give a version such as 2.0.0, 2.0.0rc1, 1.0.post1 or 1.0.dev3, or one of: ${BUMP_KINDS.join(', ')}`,
  });
}

/** True for pre-releases and developmental releases of an upcoming release (not `.postN.devM`). */
export function isUpcomingPrerelease(version: string): boolean {
  const v = parseVersion(version);
  return !!v && (v.pre !== undefined || (v.dev !== undefined && v.post === undefined));
}
