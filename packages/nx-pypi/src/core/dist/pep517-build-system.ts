/**
 * The `[build-system]` table as a PEP 517 frontend reads it (PEP 517/518, pypa/build's
 * `_parse_build_system_table`): no table means setuptools' legacy backend; a table without
 * `build-backend` keeps its `requires` with that backend; `requires` is mandatory in a table.
 * `backend-path` entries must stay inside the source tree (pyproject-hooks refuses others).
 */
import { parseTomlTable } from '../pyproject/toml-document';
import { DistBuildError } from './errors';

export interface Pep517BuildSystem {
  requires: string[];
  'build-backend': string;
  'backend-path'?: string[];
}

/** What `python -m build` assumes for a project without `[build-system]` (PEP 517 "fallback"). */
export const DEFAULT_BUILD_SYSTEM: Pep517BuildSystem = { requires: ['setuptools>=40.8.0'], 'build-backend': 'setuptools.build_meta:__legacy__' };

const KNOWN_KEYS = ['requires', 'build-backend', 'backend-path'];

/** Reads `[build-system]` from pyproject.toml text (undefined text: no pyproject.toml at all). */
export function parsePep517BuildSystem(text: string | undefined, filePath: string): Pep517BuildSystem {
  if (text === undefined) return DEFAULT_BUILD_SYSTEM;
  const fail = (message: string, hint: string) => new DistBuildError(message, { code: 'DIST_PEP517_BUILD_SYSTEM', location: { file: filePath }, hint });
  let doc: Record<string, unknown>;
  try {
    doc = parseTomlTable(text);
  } catch (err) {
    throw fail(`invalid TOML: ${(err as Error).message.split('\n')[0]}`, 'fix the TOML syntax (https://toml.io/en/v1.0.0)');
  }
  const table = doc['build-system'];
  if (table === undefined) return DEFAULT_BUILD_SYSTEM;
  if (typeof table !== 'object' || table === null || Array.isArray(table))
    throw fail('[build-system] is not a table', 'write [build-system] requires = ["..."] build-backend = "..."');
  const t = table as Record<string, unknown>;
  const unknown = Object.keys(t).filter((k) => !KNOWN_KEYS.includes(k));
  if (unknown.length > 0)
    throw fail(`[build-system] has unknown keys: ${unknown.join(', ')}`, 'it holds only requires, build-backend and backend-path (PEP 517/518)');
  if (t.requires === undefined) throw fail("[build-system] has no 'requires'", 'add requires = ["setuptools"] (or your backend) to [build-system] (PEP 518)');
  if (!isStringList(t.requires)) throw fail("[build-system] 'requires' is not a list of strings", 'write requires = ["setuptools"]');
  const backend = t['build-backend'];
  if (backend !== undefined && (typeof backend !== 'string' || backend.trim() === ''))
    throw fail("[build-system] 'build-backend' is not a non-empty string", 'write build-backend = "module:object"');
  const backendPath = t['backend-path'];
  if (backendPath !== undefined) {
    if (!isStringList(backendPath)) throw fail("[build-system] 'backend-path' is not a list of strings", 'write backend-path = ["_build"]');
    const outside = backendPath.find((p) => !isInsideTree(p));
    if (outside !== undefined)
      throw fail(
        `[build-system] backend-path entry "${outside}" points outside the project`,
        'backend-path entries are relative folders inside the project (PEP 517)',
      );
  }
  return {
    requires: t.requires,
    'build-backend': typeof backend === 'string' ? backend : DEFAULT_BUILD_SYSTEM['build-backend'],
    ...(backendPath === undefined ? {} : { 'backend-path': backendPath as string[] }),
  };
}

function isStringList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Relative, and never climbing above the tree's root (`a/../..` climbs, `a/../b` does not). */
function isInsideTree(path: string): boolean {
  if (path.startsWith('/') || path.startsWith('\\') || /^[A-Za-z]:/.test(path)) return false;
  let depth = 0;
  for (const part of path.split(/[\\/]/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return false;
  }
  return true;
}
