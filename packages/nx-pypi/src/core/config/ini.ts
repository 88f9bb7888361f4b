/**
 * An INI reader with Python configparser's RawConfigParser rules, because that is what twine
 * (.pypirc) and pip (pip.conf) use: `key = value` or `key: value`, keys lower-cased, whole-line
 * comments with `#` or `;` only (no inline comments), indented lines continue the previous value,
 * no interpolation.
 */
import { RepositoryConfigError } from './errors';

export interface IniEntry {
  value: string;
  /** 1-based line of the key. */
  line: number;
}

export interface IniSection {
  name: string;
  line: number;
  entries: Map<string, IniEntry>;
}

export function parseIni(text: string, file: string): Map<string, IniSection> {
  const sections = new Map<string, IniSection>();
  let section: IniSection | undefined;
  let last: IniEntry | undefined;
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (/^\s*([#;]|$)/.test(raw)) {
      // configparser keeps blank lines inside a multi-line value only when more indented text follows; trimming at the end matches.
      if (last && raw.trim() === '') last.value += '\n';
      return;
    }
    if (/^\s/.test(raw) && last) {
      last.value += `\n${raw.trim()}`;
      return;
    }
    last = undefined;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = sections.get(header[1]) ?? { name: header[1], line, entries: new Map() };
      sections.set(header[1], section);
      return;
    }
    const kv = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!section || !kv) {
      throw new RepositoryConfigError(section ? `cannot read line: expected "key = value"` : 'a key appears before any [section] header', {
        code: 'INI_SYNTAX',
        location: { file, line, column: 1 },
        hint: 'Fix the line; the file follows the INI format that Python configparser reads.',
      });
    }
    last = { value: kv[2].trim(), line };
    section.entries.set(kv[1].trim().toLowerCase(), last);
  });
  for (const s of sections.values()) for (const e of s.entries.values()) e.value = e.value.trim();
  return sections;
}
