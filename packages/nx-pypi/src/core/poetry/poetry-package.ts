/**
 * Name and version of a Poetry 1.x project (`[tool.poetry]` without `[project]`), as publish and
 * release need them (issue 13). A file with `[project]` (PEP 621, or Poetry 2's mix) is not one:
 * parsePyProject reads it.
 */
import { normalizeName } from '../names';
import { Checker, isTable, type Table } from '../pyproject/checker';
import { checkVersion } from '../pyproject/fields-core';
import { locateProblems, parseTomlTable } from '../pyproject/toml-document';
import { checkPoetryGraphFields, declaresPoetryPackage } from './poetry-graph';

/** poetry-core's PEP 517 backend: `[build-system].build-backend` of every Poetry project. */
export const POETRY_BACKEND = 'poetry.core.masonry.api';

export interface PoetryPackage {
  filePath: string;
  /** As written in `[tool.poetry].name`. */
  name: string;
  normalizedName: string;
  /** PEP 440 normal form. */
  version: string;
  /** As written in `[tool.poetry].version`. */
  rawVersion: string;
}

/**
 * The Poetry 1.x package `text` declares, or undefined when it is not one. Throws PyProjectError
 * (file, key, line:col, fix) for a bad name, a missing or invalid version, or bad TOML.
 */
export function readPoetryPackage(text: string, filePath: string): PoetryPackage | undefined {
  let doc: Table;
  try {
    doc = parseTomlTable(text);
  } catch {
    return undefined; // not ours to report: parsePyProject gives the located syntax error
  }
  const poetry = isTable(doc.tool) ? doc.tool.poetry : undefined;
  if (doc.project !== undefined || !declaresPoetryPackage(poetry)) return undefined;
  const c = new Checker();
  const { name } = checkPoetryGraphFields(c, poetry);
  let version: { raw: string; normalized: string } | undefined;
  if (poetry.version === undefined) {
    c.report(['tool', 'poetry'], 'POETRY_MISSING_VERSION', '[tool.poetry] has no version', 'set version = "0.1.0" in [tool.poetry]');
  } else {
    version = checkVersion(c, poetry.version, ['tool', 'poetry', 'version']);
  }
  if (c.problems.length > 0 || name === undefined || version === undefined) throw locateProblems(c, text, filePath);
  return { filePath, name, normalizedName: normalizeName(name), version: version.normalized, rawVersion: version.raw };
}

/** The version Poetry 2 keeps in `[tool.poetry]` (readPoetryDynamicVersion). */
export interface PoetryDynamicVersion {
  /** PEP 440 normal form. */
  version: string;
  /** As written in `[tool.poetry].version`. */
  rawVersion: string;
}

/**
 * A Poetry 2 project's version when `[project]` lists it in `dynamic` and `[tool.poetry]` holds it,
 * the layout Poetry documents for a version set by `poetry build --local-version` or a plugin:
 * poetry-core builds with `[project].version` or else `[tool.poetry].version` (Factory), so the
 * version is as static as any. Undefined for any other file, and when a build requirement
 * computes the version from VCS (poetry-dynamic-versioning). Throws PyProjectError (located) when
 * `[tool.poetry]` has no version or an invalid one.
 */
export function readPoetryDynamicVersion(text: string, filePath: string): PoetryDynamicVersion | undefined {
  let doc: Table;
  try {
    doc = parseTomlTable(text);
  } catch {
    return undefined; // parsePyProject gives the located syntax error
  }
  const project = isTable(doc.project) ? doc.project : undefined;
  const poetry = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
  const buildSystem = isTable(doc['build-system']) ? doc['build-system'] : undefined;
  if (!project || !poetry || project.version !== undefined || buildSystem?.['build-backend'] !== POETRY_BACKEND) return undefined;
  if (!Array.isArray(project.dynamic) || !project.dynamic.includes('version')) return undefined;
  const requires = Array.isArray(buildSystem.requires) ? buildSystem.requires : [];
  if (requires.some((r) => typeof r === 'string' && /^\s*poetry[-_.]dynamic[-_.]versioning\b/i.test(r))) return undefined;
  const c = new Checker();
  let version: { raw: string; normalized: string } | undefined;
  if (poetry.version === undefined) {
    c.report(
      ['project', 'dynamic'],
      'POETRY_MISSING_VERSION',
      'lists version, and [tool.poetry] has no version for poetry-core to take',
      'set version = "0.1.0" in [tool.poetry], or move it to [project] and take "version" out of dynamic',
    );
  } else {
    version = checkVersion(c, poetry.version, ['tool', 'poetry', 'version']);
  }
  if (c.problems.length > 0 || version === undefined) throw locateProblems(c, text, filePath);
  return { version: version.normalized, rawVersion: version.raw };
}
