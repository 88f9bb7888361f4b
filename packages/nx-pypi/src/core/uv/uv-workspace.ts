/**
 * Which folder's uv.lock covers a project: the root of the uv workspace it is a member of, or the
 * project itself (a lone uv project is its own workspace). The walk is uv's own (uv-workspace's
 * `find_workspace`): a `[tool.uv.workspace]` in the project's pyproject.toml makes it the root;
 * otherwise the first pyproject.toml above it decides — a workspace whose `members` globs match
 * the project's folder and whose `exclude` globs do not, or else (not a member, another project,
 * settings only) the project is its own root. Files are read through `readFile`, so this stays pure.
 */
import { posix } from 'node:path';
import { compilePathGlob } from '../dist/path-glob';
import { Checker, isTable } from '../pyproject/checker';
import { locateProblems, readTomlDocument } from '../pyproject/toml-document';

export interface UvWorkspaceGlobs {
  members: string[];
  exclude: string[];
}

const WORKSPACE = ['tool', 'uv', 'workspace'];

/** `[tool.uv.workspace]` of a pyproject.toml, or undefined; a bad one is a located PyProjectError. */
export function readUvWorkspace(text: string, filePath: string): UvWorkspaceGlobs | undefined {
  const doc = readTomlDocument(text, filePath);
  const tool = isTable(doc.tool) ? doc.tool : undefined;
  const uv = tool && isTable(tool.uv) ? tool.uv : undefined;
  if (uv?.workspace === undefined) return undefined;
  const c = new Checker();
  const table = c.table(WORKSPACE, uv.workspace, 'write it as [tool.uv.workspace] members = ["packages/*"]');
  const globs = (key: string) =>
    table?.[key] === undefined ? [] : (c.stringArray([...WORKSPACE, key], table[key], `list folder globs, e.g. ${key} = ["packages/*"]`) ?? []);
  const result = { members: globs('members'), exclude: globs('exclude') };
  if (c.problems.length > 0) throw locateProblems(c, text, filePath);
  return result;
}

/**
 * The folder (workspace-relative, POSIX, `.` for the root) whose uv.lock would lock the project at
 * `projectRoot`. `readFile` returns a workspace file's text, or undefined when it does not exist.
 */
export function findUvLockRoot(projectRoot: string, readFile: (path: string) => string | undefined): string {
  const project = normalizeDir(projectRoot);
  const own = readFile(posix.join(project, 'pyproject.toml'));
  if (own !== undefined && readUvWorkspace(own, posix.join(project, 'pyproject.toml'))) return project;
  for (let dir = parentDir(project); dir !== undefined; dir = parentDir(dir)) {
    const path = posix.join(dir, 'pyproject.toml');
    const text = readFile(path);
    if (text === undefined) continue;
    // The first pyproject.toml above decides, as in uv: anything but a workspace that lists the
    // project (another project's folder, settings only) means the project stands alone.
    const workspace = readUvWorkspace(text, path);
    return workspace && isWorkspaceMember(posix.relative(dir, project), workspace) ? dir : project;
  }
  return project;
}

/**
 * Whether `relativeDir` (from the workspace root) is a member: matched by a `members` glob and by
 * no `exclude` glob. Globs match whole paths with `*` inside one folder name and `**` across
 * folders, as uv expands them (the `glob` crate, per path component).
 */
export function isWorkspaceMember(relativeDir: string, workspace: UvWorkspaceGlobs): boolean {
  const dir = normalizeDir(relativeDir);
  const matches = (globs: string[]) => globs.some((glob) => compilePathGlob(normalizeDir(glob)).test(dir));
  return matches(workspace.members) && !matches(workspace.exclude);
}

/** `./a//b/` -> `a/b`; `` and `./` -> `.`. */
export function normalizeDir(dir: string): string {
  const normalized = posix.normalize(dir.replace(/\\/g, '/') || '.').replace(/\/+$/, '');
  return normalized === '' ? '.' : normalized;
}

function parentDir(dir: string): string | undefined {
  if (dir === '.') return undefined;
  const parent = posix.dirname(dir);
  return parent === dir ? undefined : parent;
}
