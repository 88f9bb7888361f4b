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
