/**
 * Edits computed as data and applied to the text, so everything they do not touch (comments,
 * order, quoting, spacing, CRLF) survives byte for byte — the approach of changesets' edit-json.
 */

/** Replace `text[start, end)` with `text`. Offsets are UTF-16 code units, as JS strings index. */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Applies non-overlapping edits (any order). Throws on overlap: two edits of one span is a bug. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = [...edits].sort((a, b) => a.start - b.start);
  let out = '';
  let pos = 0;
  for (const edit of sorted) {
    if (edit.start < pos || edit.end < edit.start || edit.end > text.length) {
      throw new Error(`overlapping or out-of-range text edit [${edit.start}, ${edit.end}) (this is a bug in nx-pypi)`);
    }
    out += text.slice(pos, edit.start) + edit.text;
    pos = edit.end;
  }
  return out + text.slice(pos);
}

/** 0-based offset of a 1-based line:column (column in UTF-16 code units, as locate.ts reports). */
export function computeOffset(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl === -1) return text.length;
    offset = nl + 1;
  }
  return offset + column - 1;
}
