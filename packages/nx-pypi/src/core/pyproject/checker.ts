/**
 * Collects pyproject.toml problems while validating, so a file reports all of them at once.
 * Problems carry key paths only; positions are looked up afterwards, and only if there are problems.
 */
import type { KeyPath } from './key-path';

export type Table = Record<string, unknown>;

export interface RawProblem {
  path: KeyPath;
  /** Point at the value (default) or at the key itself (unknown keys). */
  at: 'key' | 'value';
  code: string;
  message: string;
  hint?: string;
}

export function isTable(value: unknown): value is Table {
  // smol-toml returns dates as TomlDate (a Date subclass) and tables as plain objects.
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** `a string`, `an array`, ... for "must be X, got Y" messages. */
export function describeType(value: unknown): string {
  if (typeof value === 'string') return 'a string';
  if (Array.isArray(value)) return 'an array';
  if (isTable(value)) return 'a table';
  if (typeof value === 'boolean') return 'a boolean';
  if (typeof value === 'number' || typeof value === 'bigint') return Number.isInteger(value) || typeof value === 'bigint' ? 'an integer' : 'a float';
  return 'a date/time';
}

export class Checker {
  readonly problems: RawProblem[] = [];

  report(path: KeyPath, code: string, message: string, hint?: string, at: 'key' | 'value' = 'value'): void {
    this.problems.push({ path, at, code, message, hint });
  }

  string(path: KeyPath, value: unknown, hint?: string): string | undefined {
    if (typeof value === 'string') return value;
    this.report(path, 'PYPROJECT_INVALID_TYPE', `must be a string, got ${describeType(value)}`, hint ?? 'write the value as a quoted string');
    return undefined;
  }

  table(path: KeyPath, value: unknown, hint?: string): Table | undefined {
    if (isTable(value)) return value;
    this.report(
      path,
      'PYPROJECT_INVALID_TYPE',
      `must be a table, got ${describeType(value)}`,
      hint ?? 'write the value as a table: { key = "value" } or a [section]',
    );
    return undefined;
  }

  array(path: KeyPath, value: unknown, hint?: string): unknown[] | undefined {
    if (Array.isArray(value)) return value;
    this.report(path, 'PYPROJECT_INVALID_TYPE', `must be an array, got ${describeType(value)}`, hint ?? 'write the value as an array: ["a", "b"]');
    return undefined;
  }

  /** An array of strings; wrong elements are reported one by one and left out. */
  stringArray(path: KeyPath, value: unknown, hint?: string): string[] | undefined {
    return this.stringItems(path, value, hint)?.map(([item]) => item);
  }

  /** Like stringArray, with each string's index in the TOML array (for reporting at the right element). */
  stringItems(path: KeyPath, value: unknown, hint?: string): Array<[string, number]> | undefined {
    const items = this.array(path, value, hint);
    if (!items) return undefined;
    const out: Array<[string, number]> = [];
    items.forEach((item, i) => {
      const s = this.string([...path, i], item, hint);
      if (s !== undefined) out.push([s, i]);
    });
    return out;
  }

  /** Reports keys of `table` that are not in `known`, pointing at each key. */
  unknownKeys(path: KeyPath, table: Table, known: readonly string[], hint: string): void {
    for (const key of Object.keys(table)) {
      if (!known.includes(key)) {
        const close = known.find((k) => k.replace(/[-_]/g, '') === key.replace(/[-_]/g, '').toLowerCase());
        const message = close ? `unknown key "${key}" (did you mean "${close}"?)` : `unknown key "${key}"`;
        this.report([...path, key], 'PYPROJECT_UNKNOWN_KEY', message, hint, 'key');
      }
    }
  }
}
