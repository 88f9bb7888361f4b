import { listPoetryDependencySites, updatePoetryDependencies, updatePoetryVersion } from './edit-poetry';

const FILE = 'apps/f/pyproject.toml';

describe('updatePoetryVersion', () => {
  it.each([
    [
      'a [tool.poetry] table, CRLF and a comment',
      '[tool.poetry]\r\nname = "f"\r\nversion = "0.1.0"  # bumped\r\n',
      '[tool.poetry]\r\nname = "f"\r\nversion = "0.2.0"  # bumped\r\n',
    ],
    ['dotted keys under [tool]', "[tool]\npoetry.name = 'f'\npoetry.version = '0.1.0'\n", "[tool]\npoetry.name = 'f'\npoetry.version = '0.2.0'\n"],
    ['an inline table', 'tool.poetry = { name = "f", version = "0.1.0" }\n', 'tool.poetry = { name = "f", version = "0.2.0" }\n'],
  ])('changes only the version characters in %s', (_, text, expected) => {
    expect(updatePoetryVersion(text, FILE, '0.2.0')).toEqual({ text: expected, previous: '0.1.0', version: '0.2.0' });
  });

  it('writes the PEP 440 normal form and refuses an invalid version', () => {
    expect(updatePoetryVersion('[tool.poetry]\nname = "f"\nversion = "0.1.0"\n', FILE, '1.0.0-RC.1').version).toBe('1.0.0rc1');
    expect(() => updatePoetryVersion('[tool.poetry]\nname = "f"\nversion = "0.1.0"\n', FILE, 'next')).toThrow(/next/);
  });
});

describe('Poetry dependency sites and edits', () => {
  const TEXT = `[tool.poetry]
name = "f"
version = "0.1.0"

[tool.poetry.dependencies]
python = "^3.9"
a = [
  { version = "^0.1.0", python = "<3.10" },
  { version = "^0.1.2", python = ">=3.10" },
]
b = { path = "../b", develop = true }
c = { git = "https://example.com/c.git", tag = "v1" }

[tool.poetry.dev-dependencies]
a = '~0.1'
`;

  it('lists every entry with its constraint, or the reference of a path or git entry', () => {
    expect(listPoetryDependencySites(TEXT).map((s) => [s.collection, s.name, s.constraint?.text ?? s.reference])).toEqual([
      ['dependencies', 'a', '^0.1.0'],
      ['dependencies', 'a', '^0.1.2'],
      ['dependencies', 'b', 'path ../b'],
      ['dependencies', 'c', 'git https://example.com/c.git'],
      ['dev-dependencies', 'a', '~0.1'],
    ]);
  });

  it('edits each element of a multiple-constraints list and keeps quoting, with locations for messages', () => {
    const locations: string[] = [];
    const { text, changes } = updatePoetryDependencies(TEXT, FILE, (site, location) => {
      locations.push(`${location.keyPath}@${location.line}:${location.column}`);
      return site.name === 'a' ? site.constraint!.text.replace('0.1', '0.2') : site.constraint!.text;
    });
    expect(text).toBe(TEXT.replace('"^0.1.0"', '"^0.2.0"').replace('"^0.1.2"', '"^0.2.2"').replace("'~0.1'", "'~0.2'"));
    expect(changes.map((c) => `${c.before} -> ${c.after}`)).toEqual(['^0.1.0 -> ^0.2.0', '^0.1.2 -> ^0.2.2', '~0.1 -> ~0.2']);
    expect(locations).toEqual([
      'tool.poetry.dependencies.a[0].version@8:15',
      'tool.poetry.dependencies.a[1].version@9:15',
      'tool.poetry.dev-dependencies.a@15:5',
    ]);
  });
});
