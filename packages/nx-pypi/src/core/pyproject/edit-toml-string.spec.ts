import { mapValueEdit, readTomlString } from './edit-toml-string';

describe('readTomlString', () => {
  it.each([
    ['"a\\"b"', 'basic', 'a"b'],
    ["'a\\b'", 'literal', 'a\\b'],
    ['"""\nx"""', 'multiline-basic', 'x'],
    ['"""\r\nx\\\n   y"""', 'multiline-basic', 'xy'],
    ['"""a""""', 'multiline-basic', 'a"'],
    ["'''\nq'''''", 'multiline-literal', "q''"],
    ['"\\u00e9t\\U0001F600"', 'basic', 'ét😀'],
  ])('%j is a %s string holding %j', (text, kind, value) => {
    expect(readTomlString(text, 0)).toMatchObject({ kind, value });
  });

  it('maps value offsets to text offsets across escapes', () => {
    const text = 'k = "a\\"b>=1.0"';
    const literal = readTomlString(text, 4)!;
    const edit = mapValueEdit(literal, { start: 5, end: 8, text: '2.0' });
    expect(text.slice(0, edit.start) + edit.text + text.slice(edit.end)).toBe('k = "a\\"b>=2.0"');
  });

  it('refuses a replacement that would need escaping', () => {
    expect(() => mapValueEdit(readTomlString('"x"', 0)!, { start: 0, end: 1, text: 'a"b' })).toThrow(/without escaping/);
    expect(() => mapValueEdit(readTomlString("'x'", 0)!, { start: 0, end: 1, text: "a'b" })).toThrow(/without escaping/);
  });

  it('finds no string where there is none', () => {
    expect(readTomlString('42', 0)).toBeUndefined();
    expect(readTomlString('"open', 0)).toBeUndefined();
  });
});
