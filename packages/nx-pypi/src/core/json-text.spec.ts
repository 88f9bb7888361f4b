import { findJsonSyntaxError, JsonSyntaxError, offsetToPosition, parseJsonText } from './json-text';

const failure = (text: string): JsonSyntaxError => {
  try {
    parseJsonText(text, 'nx-pypi.json');
  } catch (e) {
    return e as JsonSyntaxError;
  }
  throw new Error('expected a syntax error');
};

describe('parseJsonText', () => {
  it('parses valid JSON, also with a byte order mark an editor added', () => {
    expect(parseJsonText('{ "a": [1, "two", null] }', 'f.json')).toEqual({ a: [1, 'two', null] });
    expect(parseJsonText('\uFEFF{"a": true}', 'f.json')).toEqual({ a: true });
  });

  it.each([
    ['a trailing comma in an object', '{\n  "a": 1,\n}', 2, 9, 'a trailing comma before "}"'],
    ['a trailing comma in an array', '{ "a": [1, 2,] }', 1, 13, 'a trailing comma before "]"'],
    ['a missing comma', '{\n  "a": 1\n  "b": 2\n}', 3, 3, 'expected "," or "}" after the value, found """'],
    ['a missing colon', '{ "a" 1 }', 1, 7, 'expected ":" after the property name, found "1"'],
    ['an unquoted key', '{ a: 1 }', 1, 3, 'expected a property name in double quotes, found "a"'],
    ['single quotes', '{ "a": \'x\' }', 1, 8, 'strings must be in double quotes'],
    ['a comment', '{\n  // the repository\n  "a": 1\n}', 2, 3, 'comments are not allowed in JSON'],
    ['an unclosed object', '{\n  "a": 1\n', 3, 1, 'expected "," or "}" after the value, found the end of the file'],
    ['an unclosed string', '{ "a": "x }', 1, 12, 'the string is not closed (a missing ")'],
    ['a line break in a string', '{ "a": "x\ny" }', 1, 10, 'a line break or control character inside a string'],
    ['a bad escape', '{ "a": "C:\\dir" }', 1, 11, 'invalid escape in a string (write \\\\ for a backslash)'],
    ['a second value', '{} {}', 1, 4, 'unexpected "{" after the end of the JSON value'],
    ['an empty file', '  \n', 2, 1, 'the file is empty'],
    ['a bare word', '{ "a": yes }', 1, 8, 'expected a value, found "y"'],
  ])('locates %s at line:col and says what is wrong', (_title, text, line, column, message) => {
    const error = failure(text);
    expect(error).toBeInstanceOf(JsonSyntaxError);
    expect(error.code).toBe('JSON_SYNTAX');
    expect(error.location).toEqual({ file: 'nx-pypi.json', line, column });
    expect(error.message).toBe(`is not valid JSON: ${message}`);
    expect(error.render()).toMatch(new RegExp(`^nx-pypi\\.json:${line}:${column} is not valid JSON`));
    expect(error.hint).toContain('no comments, no trailing commas');
  });
});

describe('findJsonSyntaxError', () => {
  it('finds nothing wrong in what JSON.parse accepts', () => {
    for (const text of ['{}', '[]', '"s"', '-0.5e+3', 'true', ' null ', '{"a":{"b":[{"c":"\\u00e9\\n"}]}}']) {
      expect(JSON.parse(text)).toBeDefined();
      expect(findJsonSyntaxError(text)).toBeUndefined();
    }
  });

  it('refuses numbers JSON does not allow', () => {
    expect(findJsonSyntaxError('[01]')?.message).toBe('expected "," or "]" after the value, found "1"');
    expect(findJsonSyntaxError('[-]')?.message).toBe('invalid number');
  });
});

describe('offsetToPosition', () => {
  it('counts lines and columns from 1', () => {
    expect(offsetToPosition('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(offsetToPosition('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
    expect(offsetToPosition('ab\n', 3)).toEqual({ line: 2, column: 1 });
  });
});
