/**
 * Reads what build backends read from a Python module without running it: the module docstring
 * (`ast.get_docstring`) and module-level assignments of a constant string (`__version__ = "1.2"`),
 * as flit_core's `get_docstring_and_version_via_ast` and setuptools' `StaticModule` do with
 * Python's `ast`. This is a tokenizer for the top level of a module, not a parser: anything it
 * cannot read with certainty (an unterminated string, `\N{...}` escapes, a value that is not a
 * string constant) is reported as such, and the caller lets the real backend decide.
 */

export type StringValue =
  /** A constant `str`: one literal, or adjacent literals Python concatenates. */
  | { kind: 'str'; value: string }
  /** Anything else: a call, a name, an f-string, bytes, a number, an expression. */
  | { kind: 'computed' };

export interface ModuleAssignment {
  /** `a = b = "x"` has the targets a and b; a target that is not a plain name is left out. */
  targets: string[];
  /** `name: str = value` (ast.AnnAssign). */
  annotated: boolean;
  value: StringValue;
}

export interface ModuleTopLevel {
  /** `ast.get_docstring(module)`: the first statement's string, cleaned as `inspect.cleandoc` does. */
  docstring?: string;
  /** Module-level assignments, in file order. */
  assignments: ModuleAssignment[];
}

type Token = { kind: 'name'; text: string } | { kind: 'op'; text: string } | { kind: 'string'; value: StringValue } | { kind: 'other' };

/** Undefined when the source cannot be tokenized with certainty. */
export function scanModuleTopLevel(source: string): ModuleTopLevel | undefined {
  const statements = splitTopLevelStatements(source.replace(/^\uFEFF/, ''));
  if (!statements) return undefined;
  const result: ModuleTopLevel = { assignments: [] };
  statements.forEach((tokens, index) => {
    if (index === 0 && tokens.length > 0 && tokens.every((t) => t.kind === 'string')) {
      const value = concatenate(tokens);
      if (value.kind === 'str') result.docstring = cleandoc(value.value);
    }
    const assignment = readAssignment(tokens);
    if (assignment) result.assignments.push(assignment);
  });
  return result;
}

function readAssignment(tokens: Token[]): ModuleAssignment | undefined {
  const first = tokens[0];
  if (first?.kind === 'name' && tokens[1]?.kind === 'op' && tokens[1].text === ':') {
    const eq = tokens.findIndex((t) => t.kind === 'op' && t.text === '=');
    if (eq < 0) return undefined; // an annotation without a value
    return { targets: [first.text], annotated: true, value: valueOf(tokens.slice(eq + 1)) };
  }
  // Split at top-level `=` (the tokenizer already folded `==`, `<=`, `+=`, ...).
  const parts: Token[][] = [[]];
  for (const t of tokens) {
    if (t.kind === 'op' && t.text === '=') parts.push([]);
    else parts[parts.length - 1].push(t);
  }
  if (parts.length < 2) return undefined;
  const targets = parts
    .slice(0, -1)
    .filter((p) => p.length === 1 && p[0].kind === 'name')
    .map((p) => (p[0] as { text: string }).text);
  return { targets, annotated: false, value: valueOf(parts[parts.length - 1]) };
}

function valueOf(tokens: Token[]): StringValue {
  // `("1.0")` is the same constant; anything else around the strings makes it an expression.
  let inner = tokens;
  while (inner.length >= 2 && isOp(inner[0], '(') && isOp(inner[inner.length - 1], ')')) inner = inner.slice(1, -1);
  if (inner.length === 0 || !inner.every((t) => t.kind === 'string')) return { kind: 'computed' };
  return concatenate(inner);
}

function isOp(token: Token, text: string): boolean {
  return token.kind === 'op' && token.text === text;
}

function concatenate(tokens: Token[]): StringValue {
  let value = '';
  for (const t of tokens) {
    if (t.kind !== 'string' || t.value.kind !== 'str') return { kind: 'computed' };
    value += t.value.value;
  }
  return { kind: 'str', value };
}

const OPERATORS = [
  '**=',
  '//=',
  '>>=',
  '<<=',
  '...',
  '->',
  ':=',
  '==',
  '!=',
  '<=',
  '>=',
  '+=',
  '-=',
  '*=',
  '/=',
  '%=',
  '&=',
  '|=',
  '^=',
  '@=',
  '**',
  '//',
  '<<',
  '>>',
];

/** Logical lines that start at column 0, as tokens; undefined when the source is not certain. */
function splitTopLevelStatements(src: string): Token[][] | undefined {
  const statements: Token[][] = [];
  let tokens: Token[] = [];
  let depth = 0;
  let atLineStart = true;
  let topLevel = true;
  let i = 0;
  const end = () => {
    if (tokens.length > 0 && topLevel) statements.push(tokens);
    tokens = [];
    atLineStart = true;
  };
  while (i < src.length) {
    const ch = src[i];
    if (atLineStart) {
      // Indentation of a new logical line; blank and comment-only lines do not count.
      let j = i;
      while (j < src.length && (src[j] === ' ' || src[j] === '\t' || src[j] === '\f')) j++;
      if (j >= src.length) break;
      if (src[j] === '\n' || src[j] === '\r' || src[j] === '#') {
        i = j;
        if (src[j] === '#') while (i < src.length && src[i] !== '\n') i++;
        if (i < src.length) i++;
        continue;
      }
      topLevel = j === i;
      atLineStart = false;
      i = j;
      continue;
    }
    if (ch === '#') {
      while (i < src.length && src[i] !== '\n' && src[i] !== '\r') i++;
      continue;
    }
    if (ch === '\\' && (src[i + 1] === '\n' || src[i + 1] === '\r')) {
      i += src[i + 1] === '\r' && src[i + 2] === '\n' ? 3 : 2;
      continue;
    }
    if (ch === '\n' || ch === '\r') {
      i++;
      if (depth === 0) end();
      continue;
    }
    if (ch === ' ' || ch === '\t' || ch === '\f') {
      i++;
      continue;
    }
    const str = /^([rRbBuUfF]{0,2})(['"])/.exec(src.slice(i, i + 3));
    if (str && isStringPrefix(str[1])) {
      const read = readString(src, i + str[1].length, str[1].toLowerCase());
      if (!read) return undefined;
      tokens.push({ kind: 'string', value: read.value });
      i = read.end;
      continue;
    }
    const name = /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*/u.exec(src.slice(i, i + 256));
    if (name) {
      tokens.push({ kind: 'name', text: name[0] });
      i += name[0].length;
      continue;
    }
    const number = /^(?:\d[\d_]*\.?[\d_]*(?:[eE][+-]?\d+)?[jJ]?|\.\d[\d_]*(?:[eE][+-]?\d+)?[jJ]?|0[xXoObB][\da-fA-F_]+)/.exec(src.slice(i, i + 128));
    if (number) {
      tokens.push({ kind: 'other' });
      i += number[0].length;
      continue;
    }
    const op = OPERATORS.find((o) => src.startsWith(o, i)) ?? ch;
    if ('([{'.includes(op)) depth++;
    if (')]}'.includes(op)) depth = Math.max(0, depth - 1);
    if (op === ';' && depth === 0) {
      // `a = 1; b = 2`: two statements on one line, both at the line's indentation.
      if (tokens.length > 0 && topLevel) statements.push(tokens);
      tokens = [];
    } else {
      tokens.push({ kind: 'op', text: op });
    }
    i += op.length;
  }
  if (depth !== 0) return undefined;
  end();
  return statements;
}

function isStringPrefix(prefix: string): boolean {
  const p = prefix.toLowerCase();
  return ['', 'r', 'u', 'b', 'br', 'rb', 'f', 'fr', 'rf'].includes(p);
}

/** Reads a literal whose opening quote is at `start`; its decoded value when it is a constant str. */
function readString(src: string, start: number, prefix: string): { value: StringValue; end: number } | undefined {
  const quote = src[start];
  const triple = src.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  const raw = prefix.includes('r');
  let i = start + delimiter.length;
  let body = '';
  for (;;) {
    if (i >= src.length) return undefined;
    if (src.startsWith(delimiter, i)) break;
    const ch = src[i];
    if (!triple && (ch === '\n' || ch === '\r')) return undefined;
    if (ch === '\\') {
      body += src.slice(i, i + 2);
      i += 2;
      continue;
    }
    body += ch;
    i++;
  }
  const end = i + delimiter.length;
  if (prefix.includes('b') || prefix.includes('f')) return { value: { kind: 'computed' }, end };
  // Python reads \r\n and \r in a literal as \n.
  const text = body.replace(/\r\n?/g, '\n');
  if (raw) return { value: { kind: 'str', value: text }, end };
  const decoded = decodeEscapes(text);
  return decoded === undefined ? undefined : { value: { kind: 'str', value: decoded }, end };
}

const SIMPLE_ESCAPES: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', '\n': '' };

/** Python's str escapes; undefined for `\N{name}` (a Unicode name table is not worth carrying). */
function decodeEscapes(text: string): string | undefined {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] !== '\\') {
      out += text[i];
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) return undefined;
    if (next in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[next];
      i++;
      continue;
    }
    const hex = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hex > 0) {
      const digits = text.slice(i + 2, i + 2 + hex);
      if (!new RegExp(`^[0-9a-fA-F]{${hex}}$`).test(digits)) return undefined;
      out += String.fromCodePoint(parseInt(digits, 16));
      i += 1 + hex;
      continue;
    }
    const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4));
    if (octal) {
      out += String.fromCodePoint(parseInt(octal[0], 8));
      i += octal[0].length;
      continue;
    }
    if (next === 'N') return undefined;
    out += `\\${next}`; // an unknown escape keeps its backslash
    i++;
  }
  return out;
}

/** `inspect.cleandoc`: tabs expanded, common indentation of the lines after the first removed, blank edges dropped. */
export function cleandoc(doc: string): string {
  const lines = expandTabs(doc).split('\n');
  let margin = Infinity;
  for (const line of lines.slice(1)) {
    const content = line.trimStart();
    if (content) margin = Math.min(margin, line.length - content.length);
  }
  if (lines.length > 0) lines[0] = lines[0].trimStart();
  if (margin < Infinity) for (let i = 1; i < lines.length; i++) lines[i] = lines[i].slice(margin);
  while (lines.length > 0 && !lines[lines.length - 1]) lines.pop();
  while (lines.length > 0 && !lines[0]) lines.shift();
  return lines.join('\n');
}

function expandTabs(text: string, size = 8): string {
  return text
    .split('\n')
    .map((line) => {
      let out = '';
      for (const ch of line) out += ch === '\t' ? ' '.repeat(size - (out.length % size)) : ch;
      return out;
    })
    .join('\n');
}

/** Python's `str.splitlines()` line boundaries. */
export function splitPythonLines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
