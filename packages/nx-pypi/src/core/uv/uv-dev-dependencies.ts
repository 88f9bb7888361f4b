/**
 * uv's legacy `[tool.uv] dev-dependencies` list (deprecated by uv for `[dependency-groups] dev`,
 * which it is merged into: uv.lock records both under `[package.metadata.requires-dev] dev`).
 * Still common in uv projects, and an edge like any group.
 */
import { isTable, type Checker, type Table } from '../pyproject/checker';
import type { RequirementSite } from '../pyproject/edit-requirements';
import { checkRequirementItems } from '../pyproject/fields-dependencies';
import type { KeyPath } from '../pyproject/key-path';

const PATH: KeyPath = ['tool', 'uv', 'dev-dependencies'];

/** The list's requirements as sites (collection `tool.uv.dev-dependencies`); problems go into `c`. */
export function checkUvDevDependencies(c: Checker, doc: Table): RequirementSite[] {
  const tool = isTable(doc.tool) ? doc.tool : undefined;
  if (tool?.uv === undefined) return [];
  const uv = c.table(['tool', 'uv'], tool.uv, 'write uv settings as a [tool.uv] table');
  if (uv?.['dev-dependencies'] === undefined) return [];
  const items = checkRequirementItems(c, uv['dev-dependencies'], PATH) ?? [];
  return items.map(([requirement, i]) => ({ collection: 'tool.uv.dev-dependencies', path: [...PATH, i], requirement }));
}
