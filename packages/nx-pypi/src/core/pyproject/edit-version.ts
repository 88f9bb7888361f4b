/**
 * Sets `[project].version` in a pyproject.toml by replacing only the characters of the version
 * inside its string literal: comments, key order, quoting style, spacing and CRLF line endings
 * stay as they were. Works for `[project]` tables, a top-level dotted `project.version = …` and
 * an inline `project = { … }` table.
 */
import { InvalidVersionError, normalizeVersion } from '../pep440';
import { applyTextEdits, type TextEdit } from './edit-text';
import { mapValueEdit } from './edit-toml-string';
import { locateString, verifyEdit } from './edit-locate';
import { indexTomlPositions } from './locate';
import type { PyProject } from './model';
import { parsePyProject, requireStaticVersion } from './parse';

export interface VersionEdit {
  /** The version as it was written. */
  previous: string;
  /** The version written (PEP 440 normal form). */
  version: string;
  edit: TextEdit;
}

/**
 * Computes the edit that sets the version; throws PyProjectError for an invalid file,
 * DynamicVersionError for a dynamic version, InvalidVersionError for an invalid `newVersion`.
 */
export function computeVersionEdit(text: string, filePath: string, newVersion: string): VersionEdit {
  return planVersionEdit(text, filePath, newVersion).plan;
}

/** The file with its version set to `newVersion`, verified by re-parsing: every other field is unchanged. */
export function updatePyProjectVersion(text: string, filePath: string, newVersion: string): { text: string; previous: string; version: string } {
  const { project, plan } = planVersionEdit(text, filePath, newVersion);
  const edited = applyTextEdits(text, [plan.edit]);
  verifyEdit(project, edited, ['version', 'rawVersion'], (after) => after.version === plan.version);
  return { text: edited, previous: plan.previous, version: plan.version };
}

function planVersionEdit(text: string, filePath: string, newVersion: string): { project: PyProject; plan: VersionEdit } {
  const version = normalizeVersion(newVersion);
  if (version === undefined) throw new InvalidVersionError(newVersion);
  const project = parsePyProject(text, filePath);
  requireStaticVersion(project);
  const previous = project.rawVersion as string;
  const literal = locateString(text, indexTomlPositions(text), ['project', 'version'], previous, filePath);
  return { project, plan: { previous, version, edit: mapValueEdit(literal, { start: 0, end: literal.value.length, text: version }) } };
}
