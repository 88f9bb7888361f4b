/**
 * The PEP 440 counterpart of Nx's `deriveNewSemverVersion`: what `calculateNewVersion` of the
 * Python VersionActions returns for a bump keyword or an explicit version.
 */
import { NxPypiError } from '../../errors';
import {
  adjustBumpForZeroMajor,
  bumpVersion,
  isBumpKind,
  isUpcomingPrerelease,
  normalizeExplicitVersion,
  VersionBumpError,
  type BumpKind,
  type PrePhase,
} from '../pep440/bump';

export interface NewVersionRequest {
  /** The current version, or null when Nx resolved none (`currentVersionResolver: "none"` or a first release). */
  current: string | null;
  /** A bump keyword (`minor`, `prerelease`, …) or an explicit version (`2.0.0rc1`). */
  input: string;
  preid?: string;
  /** Nx's `adjustSemverBumpsForZeroMajorVersion`. */
  adjustForZeroMajor: boolean;
  /**
   * Nx keeps a project that is in a pre-release in pre-releases when conventional commits pick the
   * bump (users graduate with an explicit version). Nx detects that with semver, which does not
   * read `1.2.0a1`, so it is redone here for PEP 440 versions.
   */
  stayInPrerelease: boolean;
  /**
   * Set when Nx bumps this project because dependencies were bumped and one of them is now a
   * pre-release: the least mature phase among them (see follow-prerelease.ts).
   */
  followPrerelease?: PrePhase;
}

export interface NewVersion {
  newVersion: string;
  /** E.g. `PEP 440 bump "patch"` or `explicit version "2.0.0rc1"`, for Nx's log line. */
  description: string;
}

/** Throws VersionBumpError (invalid input or version) or NxPypiError (a bump without a current version). */
export function computeNewVersion(request: NewVersionRequest): NewVersion {
  const { current, input } = request;
  if (!isBumpKind(input)) {
    const newVersion = normalizeExplicitVersion(input);
    return { newVersion, description: `explicit version "${input}"${newVersion !== input ? ` (normalized to ${newVersion})` : ''}` };
  }
  if (current === null) {
    throw new NxPypiError(`cannot apply the bump "${input}": no current version was resolved`, {
      code: 'RELEASE_NO_CURRENT_VERSION',
      hint: 'give an explicit version (nx release version 0.1.0), or set release.version.currentVersionResolver to "disk"',
    });
  }
  let kind: BumpKind = input;
  if (request.stayInPrerelease && isUpcomingPrerelease(current) && !kind.startsWith('pre')) kind = 'prerelease';
  if (request.adjustForZeroMajor) kind = adjustBumpForZeroMajor(kind, current);
  const follow = request.followPrerelease;
  if (follow !== undefined && !kind.startsWith('pre')) {
    const newVersion = followPrerelease(current, kind, follow);
    return { newVersion, description: `PEP 440 bump "${kind}" as a "${follow}" pre-release, since a dependency is one` };
  }
  const newVersion = bumpVersion(current, kind, request.preid);
  return { newVersion, description: `PEP 440 bump "${kind}"${kind !== input ? ` (from "${input}")` : ''}` };
}

/**
 * A final release moves to a pre-release of its next `kind` release (`0.1.2` patch + dev ->
 * `0.1.3.dev0`); a project already in a pre-release moves on in that phase (`0.1.3a1` + a ->
 * `0.1.3a2`), or counts its own phase up where going to `phase` would lower it (`1.0rc1` + a).
 */
function followPrerelease(current: string, kind: BumpKind, phase: PrePhase): string {
  if (!isUpcomingPrerelease(current)) return bumpVersion(current, `pre${kind}` as BumpKind, phase);
  try {
    return bumpVersion(current, 'prerelease', phase);
  } catch (error) {
    if (error instanceof VersionBumpError && error.code === 'PEP440_PRERELEASE_BACKWARDS') return bumpVersion(current, 'prerelease');
    throw error;
  }
}
