/**
 * The proof every text-preserving TOML edit ends with: the edited text re-parses, each changed key
 * path reads back as written, and the rest of the document is exactly what it was. Used where the
 * file has no validated model to compare (Poetry tables, PEP 735 groups, uv.lock).
 */
import { isDeepStrictEqual } from 'node:util';
import type { Table } from './checker';
import { unsafe } from './edit-locate';
import { formatKeyPath, type KeyPath } from './key-path';
import { parseTomlTable } from './toml-document';

/** Throws PyProjectEditError (code PYPROJECT_EDIT_UNSAFE) when the edit did more or less than `changed`. */
export function verifyTomlEdit(text: string, edited: string, filePath: string, changed: ReadonlyArray<readonly [KeyPath, string]>): void {
  const before = parseTomlTable(text);
  let after: Table;
  try {
    after = parseTomlTable(edited);
  } catch (cause) {
    throw unsafe(filePath, 'the edited file would no longer parse', cause);
  }
  for (const [path, value] of changed) {
    if (getPath(after, path) !== value) throw unsafe(filePath, `${formatKeyPath(path)} does not read back as written`);
    setPath(after, path, getPath(before, path));
  }
  if (!isDeepStrictEqual(before, after)) throw unsafe(filePath, 'the edit would change other values too');
}

function getPath(doc: unknown, path: KeyPath): unknown {
  return path.reduce<unknown>((node, key) => (node as Record<string | number, unknown> | undefined)?.[key], doc);
}

function setPath(doc: unknown, path: KeyPath, value: unknown): void {
  const parent = getPath(doc, path.slice(0, -1)) as Record<string | number, unknown>;
  parent[path[path.length - 1]] = value;
}
