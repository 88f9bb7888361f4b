/** `[project]` dependencies / optional-dependencies and the `[build-system]` table (PEP 508, PEP 517/518). */
import { isValidProjectName, normalizeName } from '../names';
import { RequirementError } from '../pep508/errors';
import { parseRequirement } from '../pep508/requirement';
import type { Checker } from './checker';
import { isObjectReference } from './fields-entry-points';
import type { KeyPath } from './key-path';
import type { BuildSystem, Requirement } from './model';

/** An array of PEP 508 strings; a bad one is reported at its string with the requirement's own offset. */
export function checkRequirements(c: Checker, value: unknown, path: KeyPath): Requirement[] | undefined {
  return checkRequirementItems(c, value, path)?.map(([requirement]) => requirement);
}

/** Like checkRequirements, with each requirement's index in the TOML array (where an edit goes). */
export function checkRequirementItems(c: Checker, value: unknown, path: KeyPath): Array<[Requirement, number]> | undefined {
  const items = c.stringItems(path, value, 'list requirements as strings, e.g. ["requests>=2.31"]');
  if (!items) return undefined;
  const out: Array<[Requirement, number]> = [];
  items.forEach(([item, i]) => {
    const requirement = checkRequirement(c, item, [...path, i]);
    if (requirement) out.push([requirement, i]);
  });
  return out;
}

/** One PEP 508 string; a bad one is reported at `at`. */
export function checkRequirement(c: Checker, text: string, at: KeyPath): Requirement | undefined {
  try {
    return parseRequirement(text);
  } catch (err) {
    if (!(err instanceof RequirementError)) throw err;
    c.report(at, 'PYPROJECT_INVALID_REQUIREMENT', err.message, err.hint);
    return undefined;
  }
}

export function checkOptionalDependencies(c: Checker, value: unknown, path: KeyPath): Record<string, Requirement[]> | undefined {
  const table = c.table(path, value, 'write it as a table, e.g. [project.optional-dependencies] test = ["pytest"]');
  if (!table) return undefined;
  const out: Record<string, Requirement[]> = {};
  const seen = new Map<string, string>();
  for (const [extra, reqs] of Object.entries(table)) {
    const at = [...path, extra];
    const normalized = normalizeName(extra);
    if (!isValidProjectName(extra)) {
      c.report(
        at,
        'PYPROJECT_INVALID_EXTRA',
        `"${extra}" is not a valid extra name`,
        'use letters, digits, "-", "_" and ".", starting and ending with a letter or digit (PEP 685)',
        'key',
      );
    } else if (seen.has(normalized)) {
      // PEP 685: extras compare by their normalized name, so these two would be the same extra.
      c.report(
        at,
        'PYPROJECT_DUPLICATE_EXTRA',
        `extra "${extra}" is the same extra as "${seen.get(normalized)}" (both normalize to "${normalized}")`,
        'merge them into one',
        'key',
      );
    }
    seen.set(normalized, seen.get(normalized) ?? extra);
    const parsed = checkRequirements(c, reqs, at);
    if (parsed) out[extra] = parsed;
  }
  return out;
}

export function checkBuildSystem(c: Checker, value: unknown, path: KeyPath): BuildSystem | undefined {
  const table = c.table(path, value, 'write it as a table: [build-system] requires = ["..."] build-backend = "..."');
  if (!table) return undefined;
  c.unknownKeys(path, table, ['requires', 'build-backend', 'backend-path'], '[build-system] has requires, build-backend and backend-path (PEP 517/518)');
  const build: BuildSystem = { requires: [] };
  if (table.requires === undefined) {
    c.report(
      path,
      'PYPROJECT_MISSING_BUILD_REQUIRES',
      '[build-system] has no requires',
      'add requires = [] (or the backend package, e.g. ["hatchling"]) to [build-system] (PEP 518)',
    );
  } else {
    build.requires = checkRequirements(c, table.requires, [...path, 'requires'])?.map((r) => r.raw) ?? [];
  }
  if (table['build-backend'] !== undefined) {
    const at = [...path, 'build-backend'];
    const backend = c.string(at, table['build-backend']);
    if (backend !== undefined && !isObjectReference(backend)) {
      c.report(
        at,
        'PYPROJECT_INVALID_BUILD_BACKEND',
        `"${backend}" is not a module or module:object reference`,
        'e.g. build-backend = "hatchling.build" (PEP 517)',
      );
    } else if (backend !== undefined) build.buildBackend = backend;
  }
  if (table['backend-path'] !== undefined) {
    const at = [...path, 'backend-path'];
    const items = c.stringItems(at, table['backend-path']);
    items?.forEach(([dir, i]) => {
      if (/^(\/|\\|[A-Za-z]:)/.test(dir)) {
        c.report(
          [...at, i],
          'PYPROJECT_INVALID_BACKEND_PATH',
          `"${dir}" is an absolute path`,
          'backend-path entries are relative to the project directory (PEP 517)',
        );
      }
    });
    if (items) build.backendPath = items.map(([dir]) => dir);
  }
  return build;
}
