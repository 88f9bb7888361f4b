/**
 * Whether a PEP 440 specifier clause admits a version
 * (https://packaging.python.org/en/latest/specifications/version-specifiers/).
 *
 * Pre-releases are judged by the comparisons alone (as packaging does with `prereleases=True`):
 * when Nx releases `0.2.0rc1` on purpose, `>=0.1` is meant to admit it; whether pip picks a
 * pre-release by default is an install-time choice, not a property of the requirement.
 */
import { compareParsedVersions, type ParsedVersion, type SpecifierClause } from '../pep440';

export function admitsVersion(clauses: readonly SpecifierClause[], version: ParsedVersion, text: string): boolean {
  return clauses.every((clause) => clauseAdmits(clause, version, text));
}

/** `text` is the candidate as written, for `===`. */
export function clauseAdmits(clause: SpecifierClause, candidate: ParsedVersion, text: string): boolean {
  if (clause.operator === '===') return clause.version.toLowerCase() === text.trim().toLowerCase();
  const spec = clause.parsed as ParsedVersion;
  // Local labels only matter to == / != against a spec that has one.
  const public_ = withoutLocal(candidate);
  const cmp = compareParsedVersions(public_, spec);
  switch (clause.operator) {
    case '==':
      if (clause.wildcard) return prefixMatches(candidate, spec);
      return compareParsedVersions(spec.local ? candidate : public_, spec) === 0;
    case '!=':
      if (clause.wildcard) return !prefixMatches(candidate, spec);
      return compareParsedVersions(spec.local ? candidate : public_, spec) !== 0;
    case '>=':
      return cmp >= 0;
    case '<=':
      return cmp <= 0;
    case '<':
      // `<V` does not admit a pre-release of V itself unless V is one.
      return cmp < 0 && !(isPre(public_) && !isPre(spec) && sameRelease(public_, spec));
    case '>':
      // `>V` does not admit a post-release of V unless V is one.
      return cmp > 0 && !(public_.post !== undefined && spec.post === undefined && sameRelease(public_, spec) && !public_.pre && !spec.pre);
    case '~=': {
      const prefix: ParsedVersion = { epoch: spec.epoch, release: spec.release.slice(0, -1) };
      return cmp >= 0 && prefixMatches(candidate, prefix);
    }
  }
}

function withoutLocal(v: ParsedVersion): ParsedVersion {
  const { local: _local, ...rest } = v;
  return rest;
}

function isPre(v: ParsedVersion): boolean {
  return v.pre !== undefined || v.dev !== undefined;
}

function sameRelease(a: ParsedVersion, b: ParsedVersion): boolean {
  const len = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < len; i++) if ((a.release[i] ?? 0n) !== (b.release[i] ?? 0n)) return false;
  return a.epoch === b.epoch;
}

/** `==1.4.*`: the candidate's release, zero-padded, starts with the prefix's release (same epoch). */
function prefixMatches(candidate: ParsedVersion, prefix: ParsedVersion): boolean {
  if (candidate.epoch !== prefix.epoch) return false;
  return prefix.release.every((n, i) => (candidate.release[i] ?? 0n) === n);
}
