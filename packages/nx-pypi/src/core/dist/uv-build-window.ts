/**
 * Which uv_build a PEP 517 frontend would install for `[build-system].requires`, as far as the
 * native builder needs to know: frontends take the newest release the requirement allows, and the
 * native builder reproduces the releases from 0.9.26 (project URLs written in file order) up to,
 * not including, 0.11.0 (0.11.15 rewrites pyproject.toml in the sdist and adds pyproject.toml.orig;
 * the 0.11 line before it was not reviewed). A requirement is accepted only when it rules out every
 * release from 0.11.0 on and allows one of the last releases of the lines in between, so the newest
 * release it allows is inside that window whatever else it says.
 */
import { normalizeName } from '../names';
import { compareParsedVersions, parseSpecifierSet, type ParsedVersion, type SpecifierClause } from '../pep440';
import { parseRequirement } from '../pep508';
import type { Requirement } from '../pyproject/model';

const WINDOW_END: ParsedVersion = { epoch: 0n, release: [0n, 11n] };
/** The last releases of the 0.9 and 0.10 lines (git tags 0.9.30 and 0.10.12 of astral-sh/uv). */
const LAST_RELEASES: readonly ParsedVersion[] = [
  { epoch: 0n, release: [0n, 9n, 30n] },
  { epoch: 0n, release: [0n, 10n, 12n] },
];
const WINDOW_TEXT = 'uv_build 0.9.26 to 0.10.x';

/** Undefined when the newest uv_build `requires` allows is one the native builder reproduces; else why not. */
export function uvBuildRequirementProblem(requires: readonly string[]): string | undefined {
  const found = requires.filter((r) => normalizeName(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(r)?.[1] ?? '') === 'uv-build');
  if (found.length !== 1) return `[build-system].requires lists uv_build ${found.length === 0 ? 'not at all' : 'more than once'}`;
  let req: Requirement;
  try {
    req = parseRequirement(found[0]);
  } catch {
    return `[build-system].requires has an invalid uv_build requirement "${found[0]}"`;
  }
  if (req.url !== undefined) return `[build-system].requires takes uv_build from a URL, whose version the native builder cannot know`;
  if (req.marker !== undefined) return `[build-system].requires has a marker on uv_build`;
  if (req.specifier === '')
    return `[build-system].requires gives uv_build no upper bound, so the newest release builds, whose output the native builder cannot know (bound it, e.g. "uv_build>=0.10,<0.11")`;
  const parsed = parseSpecifierSet(req.specifier);
  const outside = `"${found[0].trim()}" allows uv_build releases outside ${WINDOW_TEXT}, the ones the native builder reproduces`;
  if (!parsed.ok) return outside;
  const clauses = parsed.clauses;
  if (clauses.some((c) => !isPlainRelease(c))) return outside;
  const bounded = clauses.some(boundsBelowWindowEnd);
  const allowsKnownRelease = LAST_RELEASES.some((v) => clauses.every((c) => allows(c, v)));
  return bounded && allowsKnownRelease ? undefined : outside;
}

function isPlainRelease(c: SpecifierClause): c is SpecifierClause & { parsed: ParsedVersion } {
  const v = c.parsed;
  return c.operator !== '===' && v !== undefined && v.epoch === 0n && !v.pre && v.post === undefined && v.dev === undefined && !v.local;
}

/** True when the clause alone rules out every version from WINDOW_END on. */
function boundsBelowWindowEnd(c: SpecifierClause): boolean {
  const v = c.parsed as ParsedVersion;
  switch (c.operator) {
    case '<':
      return compareParsedVersions(v, WINDOW_END) <= 0;
    case '<=':
      return compareParsedVersions(v, WINDOW_END) < 0;
    case '==':
      return c.wildcard ? compareParsedVersions(nextPrefix(v.release), WINDOW_END) <= 0 : compareParsedVersions(v, WINDOW_END) < 0;
    case '~=':
      return compareParsedVersions(nextPrefix(v.release.slice(0, -1)), WINDOW_END) <= 0;
    default:
      return false;
  }
}

/** PEP 440 containment of a plain release in a clause whose version is a plain release. */
function allows(c: SpecifierClause, v: ParsedVersion): boolean {
  const spec = c.parsed as ParsedVersion;
  const order = compareParsedVersions(v, spec);
  switch (c.operator) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '==':
      return c.wildcard ? hasPrefix(v.release, spec.release) : order === 0;
    case '!=':
      return c.wildcard ? !hasPrefix(v.release, spec.release) : order !== 0;
    case '~=':
      return order >= 0 && hasPrefix(v.release, spec.release.slice(0, -1));
    default:
      return false;
  }
}

/** `0.10` -> `0.11`: the first version after every version starting with the prefix. */
function nextPrefix(prefix: readonly bigint[]): ParsedVersion {
  return { epoch: 0n, release: [...prefix.slice(0, -1), prefix[prefix.length - 1] + 1n] };
}

function hasPrefix(release: readonly bigint[], prefix: readonly bigint[]): boolean {
  return prefix.every((n, i) => (release[i] ?? 0n) === n);
}
