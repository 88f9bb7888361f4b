/**
 * `[dependency-groups]` (PEP 735, https://packaging.python.org/en/latest/specifications/dependency-groups/):
 * named lists of PEP 508 requirements and `{include-group = "<name>"}` tables. Groups are never
 * Requires-Dist, but a group naming a workspace project is an edge `nx affected` must follow
 * (a test group's library), so the graph reads them with the same located errors as `[project]`.
 */
import { isValidProjectName, normalizeName } from '../names';
import { checkUvDevDependencies } from '../uv/uv-dev-dependencies';
import { describeType, isTable, type Checker, type Table } from './checker';
import type { RequirementSite } from './edit-requirements';
import { checkRequirement } from './fields-dependencies';
import type { KeyPath } from './key-path';

const GROUPS: KeyPath = ['dependency-groups'];
const ENTRY_HINT = 'a group lists requirement strings ("pytest>=8") and {include-group = "<group>"} tables (PEP 735)';

/**
 * Every requirement string of every group, as sites (`collection` is `dependency-groups.<group>`
 * with the group as written). Bad names, duplicate groups, bad entries, includes of a missing
 * group and include cycles are reported into `c`, each at its key path.
 */
export function checkDependencyGroups(c: Checker, value: unknown): RequirementSite[] {
  const table = c.table(GROUPS, value, 'write it as a table: [dependency-groups] test = ["pytest"]');
  if (!table) return [];
  const byNormalized = new Map<string, string>();
  for (const group of Object.keys(table)) {
    const normalized = normalizeName(group);
    if (!isValidProjectName(group)) {
      c.report(
        [...GROUPS, group],
        'PYPROJECT_INVALID_GROUP',
        `"${group}" is not a valid dependency group name`,
        'use letters, digits, "-", "_" and ".", starting and ending with a letter or digit (PEP 735)',
        'key',
      );
    } else if (byNormalized.has(normalized)) {
      // PEP 735: group names compare normalized, so these two would be the same group.
      c.report(
        [...GROUPS, group],
        'PYPROJECT_DUPLICATE_GROUP',
        `group "${group}" is the same group as "${byNormalized.get(normalized)}" (both normalize to "${normalized}")`,
        'merge them into one',
        'key',
      );
    }
    if (!byNormalized.has(normalized)) byNormalized.set(normalized, group);
  }
  const sites: RequirementSite[] = [];
  const includes = new Map<string, Array<{ target: string; path: KeyPath }>>();
  for (const [group, entries] of Object.entries(table)) {
    const path = [...GROUPS, group];
    const items = c.array(path, entries, `write the group as a list: ${group} = ["pytest>=8"]`);
    const edges: Array<{ target: string; path: KeyPath }> = [];
    includes.set(normalizeName(group), edges);
    items?.forEach((item, i) => {
      const at = [...path, i];
      if (typeof item === 'string') {
        const requirement = checkRequirement(c, item, at);
        if (requirement) sites.push({ collection: `dependency-groups.${group}`, path: at, requirement });
        return;
      }
      const target = checkInclude(c, item, at);
      if (target === undefined) return;
      if (!byNormalized.has(normalizeName(target))) {
        c.report(
          [...at, 'include-group'],
          'PYPROJECT_UNKNOWN_GROUP',
          `includes group "${target}", which [dependency-groups] does not define`,
          `define [dependency-groups] ${target} = [...] or remove the include`,
        );
        return;
      }
      edges.push({ target: normalizeName(target), path: [...at, 'include-group'] });
    });
  }
  reportCycles(c, includes);
  return sites;
}

function checkInclude(c: Checker, item: unknown, at: KeyPath): string | undefined {
  if (!isTable(item)) {
    c.report(at, 'PYPROJECT_INVALID_GROUP_ENTRY', `must be a requirement string or an {include-group = "..."} table, got ${describeType(item)}`, ENTRY_HINT);
    return undefined;
  }
  c.unknownKeys(at, item, ['include-group'], ENTRY_HINT);
  if (item['include-group'] === undefined) {
    c.report(at, 'PYPROJECT_INVALID_GROUP_ENTRY', 'a table in a dependency group must be {include-group = "<group>"}', ENTRY_HINT);
    return undefined;
  }
  return c.string([...at, 'include-group'], item['include-group'], 'name the group to include: {include-group = "test"}');
}

/** PEP 735: an include cycle is an error; reported once, at the include that closes it. */
function reportCycles(c: Checker, includes: ReadonlyMap<string, ReadonlyArray<{ target: string; path: KeyPath }>>): void {
  const done = new Set<string>();
  const visit = (group: string, stack: string[]): void => {
    if (done.has(group)) return;
    for (const edge of includes.get(group) ?? []) {
      const at = stack.indexOf(edge.target);
      if (edge.target === group || at !== -1) {
        const cycle = [...stack.slice(at === -1 ? stack.length : at), group, edge.target];
        c.report(
          edge.path,
          'PYPROJECT_GROUP_CYCLE',
          `dependency groups include each other in a cycle: ${cycle.join(' -> ')}`,
          'remove one of the include-group entries',
        );
        continue;
      }
      visit(edge.target, [...stack, group]);
    }
    done.add(group);
  };
  for (const group of includes.keys()) visit(group, []);
}

/**
 * The development requirements uv locks as `[package.metadata.requires-dev]`: every PEP 735 group,
 * then uv's legacy `[tool.uv] dev-dependencies` (see core/uv/uv-dev-dependencies.ts).
 */
export function checkDevelopmentRequirements(c: Checker, doc: Table): RequirementSite[] {
  const groups = doc['dependency-groups'] === undefined ? [] : checkDependencyGroups(c, doc['dependency-groups']);
  return [...groups, ...checkUvDevDependencies(c, doc)];
}
