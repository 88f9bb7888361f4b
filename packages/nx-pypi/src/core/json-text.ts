/**
 * Strict JSON (RFC 8259: no comments, no trailing commas) with syntax errors located at
 * `file:line:col`. JSON.parse does the parsing; its messages name a character offset in some Node
 * versions and none in others ("Unexpected end of JSON input"), so when it fails a small scanner
 * walks the text once to find where, and says what was expected there in words a user can act on.
 */
import { NxPypiError } from '../errors';

export class JsonSyntaxError extends NxPypiError {}

/** The parsed value; throws a JsonSyntaxError at the first offending character. */
export function parseJsonText(text: string, file: string): unknown {
  // Editors on Windows may save a byte order mark, which JSON.parse refuses and nobody can see.
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (cause) {
    const found = findJsonSyntaxError(body) ?? { offset: 0, message: (cause as Error).message };
    const { line, column } = offsetToPosition(body, found.offset);
    throw new JsonSyntaxError(`is not valid JSON: ${found.message}`, {
      code: 'JSON_SYNTAX',
      location: { file, line, column },
      hint: `Fix the text at ${line}:${column}. ${file} is plain JSON: double-quoted keys and strings, no comments, no trailing commas.`,
      cause,
    });
  }
}

/** 1-based line and column (UTF-16 code units) of a character offset. */
export function offsetToPosition(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

class Stop {
  constructor(
    readonly offset: number,
    readonly message: string,
  ) {}
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const LITERALS = ['true', 'false', 'null'];

/** Where the first syntax error is, or undefined when the text is valid JSON. */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const stop = (message: string, at = i): never => {
    throw new Stop(at, message);
  };
  const describe = (): string => (i >= text.length ? 'the end of the file' : `"${text[i]}"`);
  const skipSpace = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i])) i++;
    if (text.startsWith('//', i) || text.startsWith('/*', i)) stop('comments are not allowed in JSON');
  };
  const string = (): void => {
    i++;
    for (;;) {
      if (i >= text.length) stop('the string is not closed (a missing ")');
      const c = text[i];
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        const escape = text[i + 1];
        if (escape === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
        else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) i += 2;
        else stop('invalid escape in a string (write \\\\ for a backslash)');
        continue;
      }
      if (c < ' ') stop('a line break or control character inside a string');
      i++;
    }
  };
  const value = (): void => {
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c >= '0' && c <= '9')) {
      NUMBER.lastIndex = i;
      const m = NUMBER.exec(text);
      if (!m || m[0] === '-') stop('invalid number');
      i += m![0].length;
      return;
    }
    const literal = LITERALS.find((l) => text.startsWith(l, i));
    if (literal) {
      i += literal.length;
      return;
    }
    if (c === "'") stop('strings must be in double quotes');
    stop(`expected a value, found ${describe()}`);
  };
  const object = (): void => {
    i++;
    skipSpace();
    if (text[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      if (text[i] !== '"') stop(`expected a property name in double quotes, found ${describe()}`);
      string();
      skipSpace();
      if (text[i] !== ':') stop(`expected ":" after the property name, found ${describe()}`);
      i++;
      skipSpace();
      value();
      skipSpace();
      if (text[i] === '}') {
        i++;
        return;
      }
      if (text[i] !== ',') stop(`expected "," or "}" after the value, found ${describe()}`);
      const comma = i;
      i++;
      skipSpace();
      if (text[i] === '}') stop('a trailing comma before "}"', comma);
    }
  };
  const array = (): void => {
    i++;
    skipSpace();
    if (text[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      skipSpace();
      if (text[i] === ']') {
        i++;
        return;
      }
      if (text[i] !== ',') stop(`expected "," or "]" after the value, found ${describe()}`);
      const comma = i;
      i++;
      skipSpace();
      if (text[i] === ']') stop('a trailing comma before "]"', comma);
    }
  };
  try {
    skipSpace();
    if (i >= text.length) stop('the file is empty');
    value();
    skipSpace();
    if (i < text.length) stop(`unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (e) {
    if (e instanceof Stop) return { offset: e.offset, message: e.message };
    throw e;
  }
}
