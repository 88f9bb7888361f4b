/**
 * What the Nx graph needs from `[tool.poetry]` (issue 13): the name and description of a Poetry
 * 1.x project, and the workspace names its dependency tables require. Every table counts as an
 * edge: runtime dependencies, the old `dev-dependencies` and each `[tool.poetry.group.<g>]` — a
 * test-only dependency is still what `nx affected` must follow, even though no group is ever
 * written into Requires-Dist.
 *
 * Problems are reported into the caller's Checker with their key paths (located later). A `||`
 * union that PEP 508 cannot express is the build's problem, not the graph's: it is not reported
 * here, so one project's unbuildable constraint never hides the workspace from `nx`.
 */
import { isValidProjectName, normalizeName } from '../names';
import { isTable, type Checker, type Table } from '../pyproject/checker';
import type { KeyPath } from '../pyproject/key-path';
import { parsePoetryDependency, POETRY_DEPENDENCY_DOCS } from './dependency';

export interface PoetryGraphFields {
  /** Set when `[tool.poetry].name` is a valid project name. */
  name?: string;
  description?: string;
  /** Normalized names required by the dependency tables read (see `checkPoetryGraphFields`). */
  requires: string[];
}

const POETRY = ['tool', 'poetry'] as const;

/**
 * Checks `[tool.poetry]` for the graph. `project` is the file's `[project]` table in a Poetry 2
 * file: then `[project]` names the package and, when it lists dependencies, `[tool.poetry.dependencies]`
 * only enriches them (Poetry 2 ignores its other entries), so only groups add edges.
 */
export function checkPoetryGraphFields(c: Checker, poetry: Table, project?: Table): PoetryGraphFields {
  const out: PoetryGraphFields = { requires: [] };
  if (!project) {
    out.name = checkPoetryName(c, poetry.name);
    if (poetry.description !== undefined) out.description = c.string([...POETRY, 'description'], poetry.description);
  }
  const runtime = readDependencyTable(c, poetry.dependencies, [...POETRY, 'dependencies']);
  if (!project || project.dependencies === undefined) out.requires.push(...runtime);
  out.requires.push(...readDependencyTable(c, poetry['dev-dependencies'], [...POETRY, 'dev-dependencies']));
  if (poetry.group !== undefined) {
    const groups = c.table([...POETRY, 'group'], poetry.group, 'write each group as [tool.poetry.group.<name>.dependencies]');
    for (const [group, value] of Object.entries(groups ?? {})) {
      const table = c.table([...POETRY, 'group', group], value, `write the group as [tool.poetry.group.${group}.dependencies]`);
      if (table) out.requires.push(...readDependencyTable(c, table.dependencies, [...POETRY, 'group', group, 'dependencies']));
    }
  }
  return out;
}

function checkPoetryName(c: Checker, value: unknown): string | undefined {
  const path = [...POETRY, 'name'];
  const name = c.string(path, value, 'set name = "my-package" in [tool.poetry]');
  if (name === undefined) return undefined;
  if (!isValidProjectName(name)) {
    c.report(
      path,
      'PYPROJECT_INVALID_NAME',
      `"${name}" is not a valid project name`,
      'use ASCII letters, digits, "-", "_" and ".", starting and ending with a letter or digit (PEP 508), e.g. "my-package"',
    );
    return undefined;
  }
  return name;
}

/** The normalized names one dependency table requires (`python` is the interpreter, not a package). */
function readDependencyTable(c: Checker, value: unknown, path: KeyPath): string[] {
  if (value === undefined) return [];
  const table = c.table(path, value, `write it as a table of name = "constraint" entries (${POETRY_DEPENDENCY_DOCS})`);
  const names: string[] = [];
  for (const [name, entry] of Object.entries(table ?? {})) {
    if (name.toLowerCase() === 'python') continue;
    if (!checkDependencyName(c, path, name)) continue;
    const parsed = parsePoetryDependency(name, entry, [...path, name]);
    const problems = parsed.problems.filter((p) => p.code !== 'POETRY_CONSTRAINT_NOT_PEP508');
    for (const p of problems) c.report(p.keyPath, p.code, p.message, p.hint);
    if (problems.length === 0) names.push(normalizeName(name));
  }
  return names;
}

/** A `[tool.poetry]` that declares a package (not `package-mode = false`, not settings only). */
/**
 * Whether a dependency table's key is a distribution name; a bad one is reported at the key. Shared
 * by the graph (poetry-graph) and the editable install's metadata (poetry-editable-project).
 */
export function checkDependencyName(c: Checker, tablePath: KeyPath, name: string): boolean {
  if (isValidProjectName(name)) return true;
  c.report(
    [...tablePath, name],
    'POETRY_INVALID_DEPENDENCY',
    `"${name}" is not a valid distribution name`,
    'use the name the package is published under, e.g. requests = "^2.31"',
    'key',
  );
  return false;
}

export function declaresPoetryPackage(poetry: unknown): poetry is Table {
  return isTable(poetry) && poetry.name !== undefined && poetry['package-mode'] !== false;
}
