/**
 * Keeps `__version__ = "…"` in a package's `__init__.py` in step with pyproject.toml. Only a
 * module-level assignment of a plain string literal is touched (optionally annotated, `: str`);
 * `__version__ = importlib.metadata.version(…)` and the like already follow the installed
 * metadata and are left alone. Quote style, spacing, comments and line endings are kept.
 */
import type { TextEdit } from '../pyproject/edit-text';

// Column 0 only: an indented assignment belongs to a function or a branch, not the module.
// The string: optional r/R/u/U prefix, one quote kind, no escapes or newlines inside (a version needs none).
const DUNDER_VERSION_RE = /^(__version__[ \t]*(?::[ \t]*str[ \t]*)?=[ \t]*(?:[rRuU])?)(["'])([^"'\\\r\n]*)\2/gm;

export interface DunderVersionEdit {
  /** The version strings as they were, one per assignment. */
  previous: string[];
  edits: TextEdit[];
}

/** Edits setting every module-level literal `__version__` to `newVersion`; none when there is none. */
export function computeDunderVersionEdits(source: string, newVersion: string): DunderVersionEdit {
  const previous: string[] = [];
  const edits: TextEdit[] = [];
  for (const m of source.matchAll(DUNDER_VERSION_RE)) {
    const start = (m.index as number) + m[1].length + 1;
    previous.push(m[3]);
    if (m[3] !== newVersion) edits.push({ start, end: start + m[3].length, text: newVersion });
  }
  return { previous, edits };
}

/** Where `__init__.py` is looked for, relative to the project root: flat layout, then src layout. */
export function listInitFileCandidates(importName: string): string[] {
  return [`${importName}/__init__.py`, `src/${importName}/__init__.py`];
}
