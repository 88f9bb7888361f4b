/**
 * Finds where a key path sits in TOML text, for error messages only.
 *
 * smol-toml returns plain values without positions, so when (and only when) a file has problems this
 * scanner walks the already-valid text once and records the offset of every key and value: `[table]`
 * headers, dotted keys, inline tables, (multi-line) arrays, `[[array.tables]]`. It does not decode
 * values and does not re-validate: the text has been parsed successfully before it gets here.
 */
import { pathId, type KeyPath } from './key-path';

export interface Position {
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units like smol-toml's TomlError.column. */
  column: number;
}

interface Entry {
  key: number;
  value: number;
}

export interface TomlPositions {
  /** Position of the value (or of the key, for `at: 'key'`) at `path`, else of its nearest recorded ancestor, else 1:1. */
  locate(path: KeyPath, at?: 'key' | 'value'): Position;
  /** Offset of the key at `path` in the text, if recorded (used to restore file order of keys). */
  keyOffset(path: KeyPath): number | undefined;
}

export function indexTomlPositions(text: string): TomlPositions {
  const entries = new Map<string, Entry>();
  new Scanner(text, entries).scanDocument();
  let lineStarts: number[] | undefined;
  const toPosition = (offset: number): Position => {
    lineStarts ??= computeLineStarts(text);
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - lineStarts[lo] + 1 };
  };
  return {
    locate(path, at = 'value') {
      for (let n = path.length; n > 0; n--) {
        const entry = entries.get(pathId(path.slice(0, n)));
        if (entry) return toPosition(n === path.length && at === 'key' ? entry.key : entry.value);
      }
      return { line: 1, column: 1 };
    },
    keyOffset: (path) => entries.get(pathId(path))?.key,
  };
}

function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

const BARE_KEY_RE = /[A-Za-z0-9_-]+/y;
const ESCAPES: Record<string, string> = { b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', e: '\x1b', '"': '"', '\\': '\\' };

class Scanner {
  private pos = 0;
  /** Element counts of `[[array.tables]]`, by resolved path. */
  private readonly arrayTables = new Map<string, number>();

  constructor(
    private readonly s: string,
    private readonly entries: Map<string, Entry>,
  ) {}

  scanDocument(): void {
    let table: KeyPath = [];
    for (;;) {
      this.skipBlank(true);
      if (this.pos >= this.s.length) return;
      if (this.s[this.pos] === '[') table = this.scanHeader();
      else this.scanKeyValue(table);
    }
  }

  private scanHeader(): KeyPath {
    const start = this.pos;
    const isArray = this.s.startsWith('[[', this.pos);
    this.pos += isArray ? 2 : 1;
    const keys = this.scanKey();
    this.pos = this.s.indexOf(']', this.pos) + (isArray ? 2 : 1);
    const resolved: Array<string | number> = [];
    keys.forEach(([key], i) => {
      resolved.push(key);
      const id = pathId(resolved);
      this.record(resolved, start, start);
      const count = this.arrayTables.get(id);
      if (i === keys.length - 1 && isArray) {
        this.arrayTables.set(id, (count ?? 0) + 1);
        resolved.push(count ?? 0);
        this.record(resolved, start, start);
      } else if (count !== undefined) {
        resolved.push(count - 1);
      }
    });
    return resolved;
  }

  private scanKeyValue(table: KeyPath): void {
    const keys = this.scanKey();
    const path = [...table];
    for (const [key, offset] of keys.slice(0, -1)) {
      path.push(key);
      this.record(path, offset, offset);
    }
    const [lastKey, keyOffset] = keys[keys.length - 1];
    this.skipBlank(false);
    this.pos++; // '='
    this.skipBlank(false);
    this.scanValue([...path, lastKey], keyOffset);
  }

  /** A dotted key: each part with the offset where it starts. */
  private scanKey(): Array<[string, number]> {
    const parts: Array<[string, number]> = [];
    for (;;) {
      this.skipBlank(false);
      const start = this.pos;
      const c = this.s[this.pos];
      if (c === '"') parts.push([this.readBasicString(), start]);
      else if (c === "'") {
        const end = this.s.indexOf("'", this.pos + 1);
        parts.push([this.s.slice(this.pos + 1, end), start]);
        this.pos = end + 1;
      } else {
        BARE_KEY_RE.lastIndex = this.pos;
        const bare = BARE_KEY_RE.exec(this.s)?.[0] ?? '';
        parts.push([bare, start]);
        this.pos += bare.length;
      }
      this.skipBlank(false);
      if (this.s[this.pos] !== '.') return parts;
      this.pos++;
    }
  }

  private scanValue(path: KeyPath, keyOffset: number): void {
    const start = this.pos;
    this.record(path, keyOffset, start);
    const s = this.s;
    if (s.startsWith('"""', start)) this.skipMultiline('"""', true);
    else if (s.startsWith("'''", start)) this.skipMultiline("'''", false);
    else if (s[start] === '"') this.readBasicString();
    else if (s[start] === "'") this.pos = s.indexOf("'", start + 1) + 1;
    else if (s[start] === '[') this.scanArray(path);
    else if (s[start] === '{') this.scanInlineTable(path);
    else while (this.pos < s.length && !',]}\n#'.includes(s[this.pos])) this.pos++;
  }

  private scanArray(path: KeyPath): void {
    this.pos++;
    for (let index = 0; ; index++) {
      this.skipBlank(true);
      if (this.s[this.pos] === ']') break;
      this.scanValue([...path, index], this.pos);
      this.skipBlank(true);
      if (this.s[this.pos] === ',') this.pos++;
    }
    this.pos++;
  }

  private scanInlineTable(path: KeyPath): void {
    this.pos++;
    for (;;) {
      // TOML 1.1 allows newlines and comments inside inline tables; 1.0 files never have them.
      this.skipBlank(true);
      if (this.s[this.pos] === '}') break;
      this.scanKeyValue(path);
      this.skipBlank(true);
      if (this.s[this.pos] === ',') this.pos++;
    }
    this.pos++;
  }

  private readBasicString(): string {
    let out = '';
    for (this.pos++; this.pos < this.s.length && this.s[this.pos] !== '"'; this.pos++) {
      const c = this.s[this.pos];
      if (c !== '\\') {
        out += c;
        continue;
      }
      const e = this.s[++this.pos];
      const hexLen = e === 'u' ? 4 : e === 'U' ? 8 : e === 'x' ? 2 : 0;
      if (hexLen) {
        out += String.fromCodePoint(parseInt(this.s.slice(this.pos + 1, this.pos + 1 + hexLen), 16));
        this.pos += hexLen;
      } else {
        out += ESCAPES[e] ?? e;
      }
    }
    this.pos++;
    return out;
  }

  private skipMultiline(delim: string, escapes: boolean): void {
    let i = this.pos + 3;
    for (;;) {
      if (escapes && this.s[i] === '\\') i += 2;
      else if (this.s.startsWith(delim, i)) break;
      else i++;
    }
    i += 3;
    // Up to two quotes right before the closing delimiter belong to the content: `""""a"""""`.
    for (let extra = 0; extra < 2 && this.s[i] === delim[0]; extra++) i++;
    this.pos = i;
  }

  private skipBlank(newlines: boolean): void {
    const s = this.s;
    while (this.pos < s.length) {
      const c = s[this.pos];
      if (c === ' ' || c === '\t' || (newlines && (c === '\n' || c === '\r'))) this.pos++;
      else if (c === '#' && newlines) {
        const nl = s.indexOf('\n', this.pos);
        this.pos = nl === -1 ? s.length : nl;
      } else break;
    }
  }

  private record(path: KeyPath, key: number, value: number): void {
    const id = pathId(path);
    if (!this.entries.has(id)) this.entries.set(id, { key, value });
  }
}
