/**
 * Rewrites parts of requirement strings in `[project].dependencies` and
 * `[project.optional-dependencies]` in place: the caller says which characters of a requirement
 * change (offsets into the requirement's value), and only those characters of the TOML text
 * change. Name, extras, markers, URLs, quoting, comments and line endings stay as written.
 */
import { isDeepStrictEqual } from 'node:util';
import type { SourceLocation } from '../../errors';
import { applyTextEdits, type TextEdit } from './edit-text';
import { mapValueEdit } from './edit-toml-string';
import { locateString, verifyEdit } from './edit-locate';
import { formatKeyPath, type KeyPath } from './key-path';
import { indexTomlPositions } from './locate';
import type { PyProject, Requirement } from './model';
import { parsePyProject } from './parse';

export interface RequirementSite {
  /** `dependencies`, or `optional-dependencies.<extra>` with the extra as written. */
  collection: string;
  path: KeyPath;
  requirement: Requirement;
}

export interface RequirementChange {
  site: RequirementSite;
  before: string;
  after: string;
}

/** Every requirement of the project with where it sits, `dependencies` first, then extras in file order. */
export function listRequirementSites(project: PyProject): RequirementSite[] {
  const sites: RequirementSite[] = project.dependencies.map((requirement, i) => ({
    collection: 'dependencies',
    path: ['project', 'dependencies', i],
    requirement,
  }));
  for (const [extra, requirements] of Object.entries(project.optionalDependencies)) {
    requirements.forEach((requirement, i) => {
      sites.push({ collection: `optional-dependencies.${extra}`, path: ['project', 'optional-dependencies', extra, i], requirement });
    });
  }
  return sites;
}

/**
 * Applies `plan` to every requirement (edits are offsets into `requirement.raw`; none means keep it;
 * `location` is where the requirement sits, for the plan's errors),
 * verifies by re-parsing that only the planned requirements changed and that their name, extras,
 * URL and marker did not, and returns the new text with the list of changes.
 */
export function updatePyProjectRequirements(
  text: string,
  filePath: string,
  plan: (site: RequirementSite, location: SourceLocation) => readonly TextEdit[],
): { text: string; changes: RequirementChange[] } {
  const project = parsePyProject(text, filePath);
  const { edits, changes } = planRequirementEdits(text, filePath, listRequirementSites(project), plan);
  if (edits.length === 0) return { text, changes };
  const edited = applyTextEdits(text, edits);
  verifyEdit(project, edited, ['dependencies', 'optionalDependencies'], (after) => sameExceptPlanned(project, after, changes));
  return { text: edited, changes };
}

/**
 * The text edits that apply `plan` to each requirement string at its place in `text`, and the
 * changes they make: the shared half of every requirement rewrite (`[project]` tables here, PEP 735
 * groups in edit-dependency-groups.ts). The caller applies and verifies them.
 */
export function planRequirementEdits(
  text: string,
  filePath: string,
  sites: readonly RequirementSite[],
  plan: (site: RequirementSite, location: SourceLocation) => readonly TextEdit[],
): { edits: TextEdit[]; changes: RequirementChange[] } {
  const positions = indexTomlPositions(text);
  const edits: TextEdit[] = [];
  const changes: RequirementChange[] = [];
  for (const site of sites) {
    const pos = positions.locate(site.path);
    const valueEdits = plan(site, { file: filePath, keyPath: formatKeyPath(site.path), line: pos.line, column: pos.column });
    if (valueEdits.length === 0) continue;
    const before = site.requirement.raw;
    const after = applyTextEdits(before, valueEdits);
    if (after === before) continue;
    const literal = locateString(text, positions, site.path, before, filePath);
    edits.push(...valueEdits.map((e) => mapValueEdit(literal, e)));
    changes.push({ site, before, after });
  }
  return { edits, changes };
}

function sameExceptPlanned(before: PyProject, after: PyProject, changes: RequirementChange[]): boolean {
  const expected = new Map(changes.map((c) => [JSON.stringify(c.site.path), c.after]));
  const beforeSites = listRequirementSites(before);
  const afterSites = listRequirementSites(after);
  if (beforeSites.length !== afterSites.length) return false;
  return beforeSites.every((site, i) => {
    const a = afterSites[i];
    if (!isDeepStrictEqual(site.path, a.path)) return false;
    const want = expected.get(JSON.stringify(site.path));
    if (want === undefined) return isDeepStrictEqual(site.requirement, a.requirement);
    const { specifier: _s1, raw: _r1, ...keptBefore } = site.requirement;
    const { specifier: _s2, raw: _r2, ...keptAfter } = a.requirement;
    return a.requirement.raw === want && isDeepStrictEqual(keptBefore, keptAfter);
  });
}
