/**
 * How a Poetry constraint on a workspace project follows its release, keeping the constraint's
 * style (issue 13): `^0.1.0` -> `^0.2.0`, `~0.1.0` -> `~0.2.0`, `>=0.1.0,<0.2.0` -> `>=0.2.0,<0.3.0`.
 * The rules are core/release/update-requirement.ts's, spelled in Poetry's syntax:
 * - `^X`, `~X` (like `~=X`): X becomes the new version cut, or zero-padded, to X's number of
 *   release segments (`^0.1` + 0.2.3 -> `^0.2`); its pre-release part is kept when nothing
 *   non-zero was cut, so the result always admits it (`^1` + 2.0.0rc1 -> `^2rc1`).
 * - A bare `X`, `=X` or `==X` (a pin) becomes the new version, as `==X` does in PEP 508.
 * - `X.*` / `==X.*` is kept when it admits the release, else takes the release cut to its length.
 * - Comma-separated PEP 440 clauses (`>=0.1.0,<0.2.0`, `~=0.1`, `!=0.1.5`) go through the PEP 508
 *   updater itself: lower bounds follow, an upper bound that excludes the release rises by its
 *   own significance, an exclusion or a cap written alone that excludes it is an error.
 * - `*` admits everything and stays. Anything else (`||` unions, a space-separated range, `^`
 *   beside other clauses) is rewritten by no rule: it stays when it admits the release and
 *   preserveMatching holds, and is otherwise an error naming the entry and the fix, never a guess.
 */
import { VERSION_PATTERN } from '@renovatebot/pep440/lib/version';
import { parseVersion, renderVersion, type ParsedVersion } from '../pep440';
import { DependencyRangeError, compatibleBound, cut, planRequirementUpdate, type RequirementUpdateOptions } from '../release/update-requirement';
import { applyTextEdits } from '../pyproject/edit-text';
import { parsePoetryConstraint } from './constraint';
import { intersect, point } from './version-set';

const PREFIXED_RE = new RegExp(`^(?<lead>\\s*(?<op>\\^|~(?!=))\\s*)(?<version>${VERSION_PATTERN})\\s*$`, 'i');
const PIN_RE = new RegExp(`^(?<lead>\\s*(?:==?)?\\s*)(?<version>${VERSION_PATTERN})\\s*$`, 'i');
const WILDCARD_RE = /^(?<lead>\s*(?:==)?\s*v?)(?<version>\d+(?:\.\d+)*)(?<tail>(?:\.[xX*])+\s*)$/;
const PEP440_CLAUSES_RE = /^\s*(?:~=|==|!=|<=|>=|<|>)\s*[^,|\s]+(?:\s*,\s*(?:~=|==|!=|<=|>=|<|>)\s*[^,|\s]+)*\s*$/;

/** The constraint written to follow `newVersion` (unchanged when it stays). Throws DependencyRangeError. */
export function planPoetryConstraintUpdate(constraint: string, newVersion: string, options: RequirementUpdateOptions): string {
  const target = parseVersion(newVersion);
  if (!target) throw new Error(`"${newVersion}" is not a PEP 440 version (this is a bug in nx-pypi)`);
  const admitted = admits(constraint, target);
  if (constraint.trim() === '*' || (options.preserveMatching && admitted)) return constraint;
  const updated = rewrite(constraint, target, newVersion, options);
  if (updated === undefined) {
    if (admitted) return constraint;
    throw new DependencyRangeError(
      `"${constraint}" on ${options.dependency} cannot follow ${newVersion}, the version being released: nx-pypi rewrites ^X, ~X, ~=X, X, ==X, X.* and comma-separated >=/</<= ranges, and this is none of them`,
      {
        code: 'RELEASE_POETRY_CONSTRAINT_UNSUPPORTED',
        location: options.location,
        hint: `write it in one of those styles (for example ${options.dependency} = "^${newVersion}"), commit, and run nx release again`,
      },
    );
  }
  if (!admits(updated, target)) {
    throw new DependencyRangeError(`"${constraint}" excludes ${options.dependency} ${newVersion}, the version being released`, {
      code: 'RELEASE_REQUIREMENT_EXCLUDES_VERSION',
      location: options.location,
      hint: `widen the constraint by hand so it admits ${newVersion} (for example ${options.dependency} = "^${newVersion}"), commit, and run nx release again`,
    });
  }
  return updated;
}

function rewrite(constraint: string, target: ParsedVersion, newVersion: string, options: RequirementUpdateOptions): string | undefined {
  const prefixed = PREFIXED_RE.exec(constraint)?.groups;
  if (prefixed) {
    const written = parseVersion(prefixed.version) as ParsedVersion;
    return prefixed.lead + renderVersion(compatibleBound(target, written.release.length));
  }
  const pin = PIN_RE.exec(constraint)?.groups;
  if (pin) return pin.lead + renderVersion(target);
  const wildcard = WILDCARD_RE.exec(constraint)?.groups;
  if (wildcard) {
    if (admits(constraint, target)) return constraint;
    return wildcard.lead + cut(target.release, wildcard.version.split('.').length).join('.') + wildcard.tail;
  }
  if (PEP440_CLAUSES_RE.test(constraint)) {
    // The PEP 508 updater reads a requirement: give it the name, and take the name off again.
    const requirement = `${options.dependency} ${constraint}`;
    return applyTextEdits(requirement, planRequirementUpdate(requirement, newVersion, options)).slice(options.dependency.length + 1);
  }
  return undefined;
}

/** Judged by the comparisons alone, as specifier-admits.ts does for PEP 440. */
function admits(constraint: string, target: ParsedVersion): boolean {
  const parsed = parsePoetryConstraint(constraint);
  return parsed.ok && intersect(parsed.set, [point(target)]).length > 0;
}
