/**
 * How a workspace requirement follows a released dependency: `token-lib>=0.1.0` becomes
 * `token-lib>=0.2.0` when token-lib goes 0.1.0 -> 0.2.0. Only the version characters of the
 * clauses change; the operator, spacing, name, extras, marker and URL stay as written.
 *
 * Rules, per clause (new = the dependency's new version):
 * - `==X`  -> `==new`; `===X` -> `===new`.
 * - `==X.*` is kept when new matches it, else becomes new's release cut to X's length (`==0.1.*` -> `==0.2.*`).
 * - `~=X`  -> `~=` new cut (or zero-padded) to X's number of release segments (`~=0.1.0` -> `~=0.2.0`,
 *            `~=1.4` -> `~=1.5`); new's pre/post/dev part is kept only when the cut dropped no non-zero
 *            segment (`~=2.0` + 2.0.0rc1 -> `~=2.0rc1`), so the result always admits new.
 * - `>=X`  -> `>=new` (the lower bound follows the release, also downwards on an explicit downgrade).
 * - `>X`, `!=X`, and `<X`/`<=X` without a lower bound: kept while they admit new. When they exclude
 *   it, the release would publish a dependent that cannot install the dependency it was released
 *   with, so this is an error telling the user to widen the requirement by hand: a silent rewrite
 *   of an exclusion or a cap written alone would override a decision someone made on purpose.
 * - In a range (with a `>=`, `>` or `~=` lower bound), an upper bound that excludes new is raised:
 *   `<Y` moves to the next step of its own significance above new — the significance is Y's last
 *   non-zero release segment (`>=0.1,<0.2` + 0.2.0 -> `<0.3`; `>=1.0,<2.0.0` + 2.1.0 -> `<3.0.0`;
 *   `<1.5.0` + 1.5.3 -> `<1.6.0`); `<=Y` becomes `<=new`.
 * With `preserveMatching` (Nx's `preserveMatchingDependencyRanges`), a requirement that already
 * admits new is left exactly as written, and only one that excludes it is rewritten by these rules.
 */
import { NxPypiError, type SourceLocation } from '../../errors';
import { parseVersion, renderVersion, type ParsedVersion, type SpecifierClause } from '../pep440';
import { parseClause } from '../pep440/specifier';
import type { TextEdit } from '../pyproject/edit-text';
import { admitsVersion, clauseAdmits } from './specifier-admits';

/** A requirement cannot follow the dependency's new version without a human decision. */
export class DependencyRangeError extends NxPypiError {}

export interface LocatedClause {
  clause: SpecifierClause;
  /** Offsets of the version characters (without a `.*` suffix) in the requirement text. */
  versionStart: number;
  versionEnd: number;
}

const NAME_RE = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;

/**
 * The specifier clauses of a (valid) PEP 508 requirement with their positions; empty for a
 * requirement without a specifier or with a direct URL reference.
 */
export function locateSpecifierClauses(requirement: string): LocatedClause[] {
  let pos = skipSpace(requirement, 0);
  NAME_RE.lastIndex = pos;
  pos += NAME_RE.exec(requirement)?.[0].length ?? 0;
  pos = skipSpace(requirement, pos);
  if (requirement[pos] === '[') pos = skipSpace(requirement, requirement.indexOf(']', pos) + 1);
  if (requirement[pos] === '(') pos = skipSpace(requirement, pos + 1);
  const located: LocatedClause[] = [];
  while (pos < requirement.length && '<>=!~'.includes(requirement[pos])) {
    const result = parseClause(requirement, pos);
    if ('message' in result) break;
    const { clause, end } = result;
    const versionEnd = end - (clause.wildcard ? 2 : 0);
    located.push({ clause, versionStart: versionEnd - clause.version.length, versionEnd });
    pos = skipSpace(requirement, end);
    if (requirement[pos] !== ',') break;
    pos = skipSpace(requirement, pos + 1);
  }
  return located;
}

function skipSpace(text: string, pos: number): number {
  while (text[pos] === ' ' || text[pos] === '\t') pos++;
  return pos;
}

export interface RequirementUpdateOptions {
  /** Leave a requirement that already admits the new version as written. */
  preserveMatching: boolean;
  /** The dependency's name, for messages. */
  dependency: string;
  /** Where the requirement sits, for messages. */
  location?: SourceLocation;
}

/** The edits (offsets into `requirement`) that make it follow `newVersion`; none when it stays as is. */
export function planRequirementUpdate(requirement: string, newVersion: string, options: RequirementUpdateOptions): TextEdit[] {
  const target = parseVersion(newVersion);
  if (!target) throw new Error(`"${newVersion}" is not a PEP 440 version (this is a bug in nx-pypi)`);
  const located = locateSpecifierClauses(requirement);
  const clauses = located.map((l) => l.clause);
  if (located.length === 0) return [];
  if (options.preserveMatching && admitsVersion(clauses, target, newVersion)) return [];

  const isRange = clauses.some((c) => c.operator === '>=' || c.operator === '>' || c.operator === '~=');
  const edits: TextEdit[] = [];
  const replace = (l: LocatedClause, v: ParsedVersion | string) => {
    const text = typeof v === 'string' ? v : renderVersion(v);
    if (text !== requirement.slice(l.versionStart, l.versionEnd)) edits.push({ start: l.versionStart, end: l.versionEnd, text });
  };
  for (const l of located) {
    const { operator, parsed, wildcard } = l.clause;
    const admits = clauseAdmits(l.clause, target, newVersion);
    if (operator === '==' && wildcard) {
      if (!admits) replace(l, { epoch: target.epoch, release: cut(target.release, (parsed as ParsedVersion).release.length) });
    } else if (operator === '==' || operator === '===' || operator === '>=') {
      replace(l, operator === '===' ? newVersion : target);
    } else if (operator === '~=') {
      replace(l, compatibleBound(target, (parsed as ParsedVersion).release.length));
    } else if (!admits && isRange && operator === '<') {
      replace(l, raiseUpperBound(parsed as ParsedVersion, target));
    } else if (!admits && isRange && operator === '<=') {
      replace(l, target);
    } else if (!admits) {
      throw excluded(requirement, newVersion, options, `${operator}${l.clause.version}${wildcard ? '.*' : ''}`);
    }
  }
  const updated = applyEdits(requirement, edits);
  const check = locateSpecifierClauses(updated).map((l) => l.clause);
  if (!admitsVersion(check, target, newVersion)) throw excluded(requirement, newVersion, options, updated);
  return edits;
}

function applyEdits(text: string, edits: TextEdit[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((s, e) => s.slice(0, e.start) + e.text + s.slice(e.end), text);
}

/** `release` cut, or zero-padded, to `length` segments. */
export function cut(release: bigint[], length: number): bigint[] {
  const out = release.slice(0, length);
  while (out.length < length) out.push(0n);
  return out;
}

/** `~=` keeps its number of release segments; see the rules above. Poetry's `^` and `~` follow the same rule. */
export function compatibleBound(target: ParsedVersion, segments: number): ParsedVersion {
  const release = cut(target.release, segments);
  const droppedNonZero = target.release.slice(segments).some((n) => n !== 0n);
  if (droppedNonZero) return { epoch: target.epoch, release };
  const { local: _local, ...rest } = target;
  return { ...rest, release };
}

/** The next step of the bound's own significance above the target: `<0.2` + 0.2.0 -> `<0.3`. */
function raiseUpperBound(bound: ParsedVersion, target: ParsedVersion): ParsedVersion {
  let significance = bound.release.length - 1;
  while (significance > 0 && bound.release[significance] === 0n) significance--;
  const release = cut(target.release, significance + 1);
  release[significance] += 1n;
  return { epoch: target.epoch, release: cut(release, Math.max(bound.release.length, significance + 1)) };
}

function excluded(requirement: string, newVersion: string, options: RequirementUpdateOptions, clause: string): DependencyRangeError {
  return new DependencyRangeError(`"${requirement}" excludes ${options.dependency} ${newVersion}, the version being released (${clause})`, {
    code: 'RELEASE_REQUIREMENT_EXCLUDES_VERSION',
    location: options.location,
    hint: `widen the requirement by hand so it admits ${newVersion} (for example ${options.dependency}>=${newVersion}), commit, and run nx release again`,
  });
}
