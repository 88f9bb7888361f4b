/**
 * Shared by the text-preserving edits: finding a string value by key path, and proving after an
 * edit that nothing but the intended fields changed, by re-parsing with parsePyProject.
 */
import { isDeepStrictEqual } from 'node:util';
import { NxPypiError } from '../../errors';
import { computeOffset } from './edit-text';
import { readTomlString, type TomlStringLiteral } from './edit-toml-string';
import { formatKeyPath, type KeyPath } from './key-path';
import type { TomlPositions } from './locate';
import type { PyProject } from './model';
import { parsePyProject } from './parse';

/** An edit could not be made safely; the file is left as it was. */
export class PyProjectEditError extends NxPypiError {}

/** The string literal at `path`, checked to decode to `expected` (so a fallback position can never be edited). */
export function locateString(text: string, positions: TomlPositions, path: KeyPath, expected: string, filePath: string): TomlStringLiteral {
  const pos = positions.locate(path);
  const literal = readTomlString(text, computeOffset(text, pos.line, pos.column));
  if (literal?.value === expected) return literal;
  throw new PyProjectEditError(`could not find the string ${JSON.stringify(expected)} at ${formatKeyPath(path)} to edit it`, {
    code: 'PYPROJECT_EDIT_NOT_FOUND',
    location: { file: filePath, keyPath: formatKeyPath(path), line: pos.line, column: pos.column },
    hint: 'this is a bug in nx-pypi, please report it with the file; meanwhile edit the value by hand',
  });
}

type Comparable = Omit<PyProject, 'filePath'>;

/**
 * Re-parses the edited text and checks that every field equals the original except `changed`,
 * which `checkChanged` judges. Returns the re-parsed project.
 */
export function verifyEdit(
  before: PyProject,
  editedText: string,
  changed: ReadonlyArray<keyof Comparable>,
  checkChanged: (after: PyProject) => boolean,
): PyProject {
  let after: PyProject;
  try {
    after = parsePyProject(editedText, before.filePath);
  } catch (cause) {
    throw unsafe(before.filePath, 'the edited file would no longer parse', cause);
  }
  const strip = (p: PyProject): Record<string, unknown> => {
    const copy: Record<string, unknown> = { ...p };
    for (const key of ['filePath', ...changed]) delete copy[key];
    return copy;
  };
  if (!isDeepStrictEqual(strip(before), strip(after))) throw unsafe(before.filePath, 'the edit would change other fields too');
  if (!checkChanged(after)) throw unsafe(before.filePath, 'the edited field does not read back as written');
  return after;
}

/** The refusal every verified edit ends with when the edited text is not exactly what was planned. */
export function unsafe(file: string, why: string, cause?: unknown): PyProjectEditError {
  return new PyProjectEditError(`nx-pypi refused to edit ${file}: ${why}; the file is unchanged`, {
    code: 'PYPROJECT_EDIT_UNSAFE',
    location: { file },
    hint: 'this is a bug in nx-pypi, please report it with the file; meanwhile edit the value by hand',
    cause,
  });
}
