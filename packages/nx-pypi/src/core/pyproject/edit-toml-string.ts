/**
 * A TOML string value as it sits in the text (https://toml.io/en/v1.0.0#string): where its
 * content starts and ends, what it decodes to, and which text offset each decoded character
 * came from — so a part of the *value* can be replaced in the *text* without re-quoting the
 * rest (an escaped quote in a marker stays escaped, a literal string stays literal).
 */
import type { TextEdit } from './edit-text';

export type TomlStringKind = 'basic' | 'literal' | 'multiline-basic' | 'multiline-literal';

export interface TomlStringLiteral {
  kind: TomlStringKind;
  /** The decoded value. */
  value: string;
  /** `offsets[i]` is the text offset where decoded character i starts; `offsets[value.length]` is where the content ends. */
  offsets: number[];
}

const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

/** Reads the string starting at `start` (its opening quote); undefined when no string starts there. */
export function readTomlString(text: string, start: number): TomlStringLiteral | undefined {
  if (text.startsWith('"""', start)) return readMultiline(text, start, '"""', true);
  if (text.startsWith("'''", start)) return readMultiline(text, start, "'''", false);
  if (text[start] === '"') return readBasic(text, start + 1, '"', 'basic');
  if (text[start] === "'") {
    const end = text.indexOf("'", start + 1);
    if (end === -1) return undefined;
    const offsets = Array.from({ length: end - start }, (_, i) => start + 1 + i);
    return { kind: 'literal', value: text.slice(start + 1, end), offsets };
  }
  return undefined;
}

function readBasic(text: string, from: number, delim: string, kind: TomlStringKind): TomlStringLiteral | undefined {
  let value = '';
  const offsets: number[] = [];
  let i = from;
  while (i < text.length && !text.startsWith(delim, i)) {
    if (text[i] !== '\\') {
      offsets.push(i);
      value += text[i++];
      continue;
    }
    const e = text[i + 1];
    const hexLen = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
    if (hexLen) {
      const ch = String.fromCodePoint(parseInt(text.slice(i + 2, i + 2 + hexLen), 16));
      for (let k = 0; k < ch.length; k++) offsets.push(i);
      value += ch;
      i += 2 + hexLen;
    } else if (ESCAPES[e] !== undefined) {
      offsets.push(i);
      value += ESCAPES[e];
      i += 2;
    } else {
      // A line-ending backslash (multi-line strings only) swallows the newline and following whitespace.
      i += 1;
      while (i < text.length && /[ \t\r\n]/.test(text[i])) i++;
    }
  }
  if (i >= text.length) return undefined;
  offsets.push(i);
  return { kind, value, offsets };
}

function readMultiline(text: string, start: number, delim: string, escapes: boolean): TomlStringLiteral | undefined {
  let from = start + 3;
  // A newline right after the opening delimiter is not part of the value.
  if (text.startsWith('\r\n', from)) from += 2;
  else if (text[from] === '\n') from += 1;
  // Up to two quotes before the closing delimiter belong to the content.
  let close = text.indexOf(delim, from);
  if (!escapes) {
    if (close === -1) return undefined;
    for (let extra = 0; extra < 2 && text[close + 3] === delim[0]; extra++) close++;
    const offsets = Array.from({ length: close - from + 1 }, (_, i) => from + i);
    return { kind: 'multiline-literal', value: text.slice(from, close), offsets };
  }
  const lit = readBasic(text, from, delim, 'multiline-basic');
  if (!lit) return undefined;
  close = lit.offsets[lit.offsets.length - 1];
  let extra = 0;
  while (extra < 2 && text[close + 3] === delim[0]) {
    lit.value += delim[0];
    lit.offsets.splice(lit.offsets.length - 1, 0, close);
    close++;
    extra++;
  }
  lit.offsets[lit.offsets.length - 1] = close;
  return lit;
}

/** Characters each kind can hold without escaping; replacements are checked against them. */
const UNSAFE: Record<TomlStringKind, RegExp> = {
  basic: /["\\\u0000-\u001f\u007f]/,
  'multiline-basic': /["\\\u0000-\u0008\u000b-\u001f\u007f]/,
  literal: /['\u0000-\u0008\u000a-\u001f\u007f]/,
  'multiline-literal': /['\u0000-\u0008\u000b-\u001f\u007f]/,
};

/**
 * Turns an edit of the decoded value (`valueEdit` offsets index `literal.value`) into an edit of
 * the text. The replacement is written as is, so it must not need escaping in this kind of string;
 * versions and specifiers never do, and anything else is refused rather than written wrongly.
 */
export function mapValueEdit(literal: TomlStringLiteral, valueEdit: TextEdit): TextEdit {
  if (UNSAFE[literal.kind].test(valueEdit.text)) {
    throw new Error(`cannot write ${JSON.stringify(valueEdit.text)} into a TOML ${literal.kind} string without escaping (this is a bug in nx-pypi)`);
  }
  return { start: literal.offsets[valueEdit.start], end: literal.offsets[valueEdit.end], text: valueEdit.text };
}
