/**
 * Rewrites requirement strings in `[dependency-groups]` (PEP 735) and uv's `[tool.uv]
 * dev-dependencies` in place, as edit-requirements.ts does for `[project]`: the caller says which
 * characters of a requirement change, only those characters of the TOML text change, and the
 * result is proven by re-parsing (nothing else in the document changed; name, extras, URL and
 * marker of every changed requirement read back as before).
 */
import { isDeepStrictEqual } from 'node:util';
import type { SourceLocation } from '../../errors';
import { Checker, type Table } from './checker';
import { PyProjectEditError } from './edit-locate';
import { planRequirementEdits, type RequirementChange, type RequirementSite } from './edit-requirements';
import { applyTextEdits, type TextEdit } from './edit-text';
import { checkDevelopmentRequirements } from './fields-dependency-groups';
import { pathId } from './key-path';
import { locateProblems, readTomlDocument } from './toml-document';
import { verifyTomlEdit } from './verify-toml-edit';

/** Every group requirement in file order of the tables; throws a located PyProjectError for a bad entry. */
export function listGroupRequirementSites(text: string, filePath: string): RequirementSite[] {
  return readSites(readTomlDocument(text, filePath), text, filePath);
}

/**
 * Applies `plan` to every group requirement (edits are offsets into `requirement.raw`; none keeps
 * it; `location` is where the requirement sits, for the plan's errors) and returns the new text
 * with the changes.
 */
export function updateGroupRequirements(
  text: string,
  filePath: string,
  plan: (site: RequirementSite, location: SourceLocation) => readonly TextEdit[],
): { text: string; changes: RequirementChange[] } {
  const sites = listGroupRequirementSites(text, filePath);
  if (sites.length === 0) return { text, changes: [] };
  const { edits, changes } = planRequirementEdits(text, filePath, sites, plan);
  if (edits.length === 0) return { text, changes };
  const edited = applyTextEdits(text, edits);
  verifyTomlEdit(
    text,
    edited,
    filePath,
    changes.map((c) => [c.site.path, c.after]),
  );
  verifyRequirementsKept(sites, listGroupRequirementSites(edited, filePath), changes, filePath);
  return { text: edited, changes };
}

function readSites(doc: Table, text: string, filePath: string): RequirementSite[] {
  const c = new Checker();
  const sites = checkDevelopmentRequirements(c, doc);
  if (c.problems.length > 0) throw locateProblems(c, text, filePath);
  return sites;
}

/** A changed requirement may differ only in its version specifier. */
function verifyRequirementsKept(before: RequirementSite[], after: RequirementSite[], changes: RequirementChange[], filePath: string): void {
  const changed = new Set(changes.map((c) => pathId(c.site.path)));
  const kept = (site: RequirementSite) => {
    const { specifier: _specifier, raw: _raw, ...rest } = site.requirement;
    return rest;
  };
  const same =
    before.length === after.length &&
    before.every(
      (site, i) =>
        pathId(site.path) === pathId(after[i].path) &&
        (changed.has(pathId(site.path)) ? isDeepStrictEqual(kept(site), kept(after[i])) : isDeepStrictEqual(site, after[i])),
    );
  if (!same) {
    throw new PyProjectEditError(
      `nx-pypi refused to edit ${filePath}: a rewritten group requirement would change more than its version; the file is unchanged`,
      {
        code: 'PYPROJECT_EDIT_UNSAFE',
        location: { file: filePath },
        hint: 'this is a bug in nx-pypi, please report it with the file; meanwhile edit the value by hand',
      },
    );
  }
}
