import { indexTomlPositions } from './locate';
import type { KeyPath } from './key-path';

/** The 1-based line:col of the first occurrence of `needle` in `text` (the expected answer, found independently). */
function at(text: string, needle: string, nth = 0): string {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = text.indexOf(needle, offset + 1);
  if (offset < 0) throw new Error(`${needle} not in text`);
  const before = text.slice(0, offset).split('\n');
  return `${before.length}:${before[before.length - 1].length + 1}`;
}

const TOML = `# comment with [brackets] and = signs
title = "a # not a comment, ] not an end"
date = 1979-05-27 07:32:00Z   # a date with a space

[project]
name = 'literal'
classifiers = [ # comment inside
  "A :: B", # trailing
  [1, [2, "deep"]],
  """multi
  line""",
  '''lit ''quotes''''',
]
"quoted \\"key\\"" = { a = 1, "b.c" = { d = [10, 20] } }
dotted . key = "spaced dots"
urls.Homepage = "https://h"

[project.entry-points."my.group"]
plugin = "pkg:Plugin"

[[tool.servers]]
host = "one"

[[tool.servers]]
host = "two"

[tool.servers.extra]
port = 8080
`;

describe('indexTomlPositions', () => {
  const positions = indexTomlPositions(TOML);
  const pos = (path: KeyPath, kind?: 'key' | 'value') => {
    const p = positions.locate(path, kind);
    return `${p.line}:${p.column}`;
  };

  it.each<[string, KeyPath, string]>([
    ['a top-level string containing # and ]', ['title'], at(TOML, '"a #')],
    ['a date with a space', ['date'], at(TOML, '1979')],
    ['a literal string under a table header', ['project', 'name'], at(TOML, "'literal'")],
    ['an array after a comment', ['project', 'classifiers'], at(TOML, '[ # comment')],
    ['an element after a comment', ['project', 'classifiers', 0], at(TOML, '"A :: B"')],
    ['a nested array', ['project', 'classifiers', 1, 1, 1], at(TOML, '"deep"')],
    ['a multi-line basic string', ['project', 'classifiers', 2], at(TOML, '"""multi')],
    ['a multi-line literal string ending in quotes', ['project', 'classifiers', 3], at(TOML, "'''lit")],
    ['an inline table behind a quoted key with escapes', ['project', 'quoted "key"'], at(TOML, '{ a = 1')],
    ['a value in a nested inline table', ['project', 'quoted "key"', 'b.c', 'd', 1], at(TOML, '20')],
    ['a dotted key with spaces', ['project', 'dotted', 'key'], at(TOML, '"spaced dots"')],
    ['a dotted key under a header', ['project', 'urls', 'Homepage'], at(TOML, '"https://h"')],
    ['a quoted table-header key', ['project', 'entry-points', 'my.group', 'plugin'], at(TOML, '"pkg:Plugin"')],
    ['the second [[array table]]', ['tool', 'servers', 1, 'host'], at(TOML, '"two"')],
    ['a sub-table of the last [[array table]]', ['tool', 'servers', 1, 'extra', 'port'], at(TOML, '8080')],
  ])('finds %s', (_title, path, expected) => {
    expect(pos(path)).toBe(expected);
  });

  it('points at keys and table headers when asked for a key', () => {
    expect(pos(['project', 'urls', 'Homepage'], 'key')).toBe(at(TOML, 'Homepage'));
    expect(pos(['project', 'urls'], 'key')).toBe(at(TOML, 'urls.'));
    expect(pos(['project', 'entry-points', 'my.group'], 'key')).toBe(at(TOML, '[project.entry-points'));
    expect(pos(['project'])).toBe(at(TOML, '[project]'));
  });

  it('falls back to the nearest recorded ancestor, then to 1:1', () => {
    expect(pos(['project', 'missing'])).toBe(at(TOML, '[project]'));
    expect(pos(['project', 'classifiers', 99])).toBe(at(TOML, '[ # comment'));
    expect(pos(['nothing'])).toBe('1:1');
  });

  it('reports key offsets for restoring file order', () => {
    expect(positions.keyOffset(['project', 'urls', 'Homepage'])).toBe(TOML.indexOf('Homepage'));
    expect(positions.keyOffset(['project', 'nope'])).toBeUndefined();
  });
});
