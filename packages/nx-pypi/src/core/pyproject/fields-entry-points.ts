/** `[project]` scripts, gui-scripts and entry-points (entry points specification). */
import type { Checker } from './checker';
import type { KeyPath } from './key-path';

// `importable.module` or `importable.module:object.attr`, Python identifiers; spaces around ":" as importlib.metadata allows.
const OBJECT_REF_RE = /^[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*(\s*:\s*[\p{L}_][\p{L}\p{N}_]*(\.[\p{L}_][\p{L}\p{N}_]*)*)?$/u;
// The same pattern for ASCII text, where \p{L} is [A-Za-z] and \p{N} is [0-9]. V8 compiles this
// many Unicode-property classes slowly: about 1.1 ms on the first test and 1.3 ms more when it
// tiers up on the second, paid by every build process (a warm build is ~8 ms). Nearly every
// reference (each build-backend is one) is ASCII and never needs the Unicode matcher.
const ASCII_OBJECT_REF_RE = /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*(\s*:\s*[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*)?$/;
const ASCII_RE = /^[\x00-\x7f]*$/;
// Script names become file names in bin/ and Scripts/.
const SCRIPT_NAME_RE = /^[\p{L}\p{N}_.-]+$/u;
const GROUP_RE = /^[\p{L}\p{N}_.-]+$/u;

/** True for `module` or `module:attr` (with `requireAttr`, only the latter). */
export function isObjectReference(ref: string, requireAttr = false): boolean {
  return (ASCII_RE.test(ref) ? ASCII_OBJECT_REF_RE : OBJECT_REF_RE).test(ref) && (!requireAttr || ref.includes(':'));
}

/** `scripts` / `gui-scripts`: name -> `module:function`. */
export function checkScripts(c: Checker, value: unknown, path: KeyPath): Record<string, string> | undefined {
  const table = c.table(path, value, `write it as a table, e.g. [project.${path[path.length - 1]}] my-tool = "my_pkg.cli:main"`);
  if (!table) return undefined;
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(table)) {
    const at = [...path, name];
    if (!SCRIPT_NAME_RE.test(name)) {
      c.report(
        at,
        'PYPROJECT_INVALID_SCRIPT',
        `"${name}" is not a usable script name`,
        'use letters, digits, "_", "." and "-" only (it becomes a file name)',
        'key',
      );
    }
    const ref = c.string(at, raw);
    if (ref === undefined) continue;
    if (!isObjectReference(ref, true)) {
      c.report(at, 'PYPROJECT_INVALID_SCRIPT', `"${ref}" is not a "module:function" reference`, 'point at a function, e.g. "my_pkg.cli:main"');
      continue;
    }
    out[name] = ref;
  }
  return out;
}

/** `entry-points`: group -> name -> object reference; console_scripts/gui_scripts belong in scripts/gui-scripts. */
export function checkEntryPoints(c: Checker, value: unknown, path: KeyPath): Record<string, Record<string, string>> | undefined {
  const groups = c.table(path, value, 'write groups as tables, e.g. [project.entry-points."my.plugins"] name = "my_pkg.plugin:Plugin"');
  if (!groups) return undefined;
  const out: Record<string, Record<string, string>> = {};
  for (const [group, rawGroup] of Object.entries(groups)) {
    const groupPath = [...path, group];
    if (group === 'console_scripts' || group === 'gui_scripts') {
      const field = group === 'console_scripts' ? 'scripts' : 'gui-scripts';
      c.report(
        groupPath,
        'PYPROJECT_FORBIDDEN_ENTRY_POINT_GROUP',
        `the "${group}" group is not allowed in entry-points (PEP 621)`,
        `move these entries to [project.${field}]`,
        'key',
      );
      continue;
    }
    if (!GROUP_RE.test(group)) {
      c.report(
        groupPath,
        'PYPROJECT_INVALID_ENTRY_POINT',
        `"${group}" is not a valid entry point group name`,
        'use letters, digits, "_", "." and "-", e.g. "my_project.plugins"',
        'key',
      );
    }
    const entries = c.table(groupPath, rawGroup, `write the group as a table of name = "module:object" entries`);
    if (!entries) continue;
    const groupOut: Record<string, string> = {};
    for (const [name, raw] of Object.entries(entries)) {
      const at = [...groupPath, name];
      // entry_points.txt is an ini file: "=" would split the name, "[" would start a section.
      if (!name.trim() || name !== name.trim() || name.includes('=') || name.startsWith('[')) {
        c.report(
          at,
          'PYPROJECT_INVALID_ENTRY_POINT',
          `"${name}" is not a valid entry point name`,
          'use a name without "=", leading "[" or surrounding spaces',
          'key',
        );
      }
      const ref = c.string(at, raw);
      if (ref === undefined) continue;
      if (!isObjectReference(ref)) {
        c.report(
          at,
          'PYPROJECT_INVALID_ENTRY_POINT',
          `"${ref}" is not an object reference`,
          'use "module" or "module:object.attr", e.g. "my_pkg.plugin:Plugin"',
        );
        continue;
      }
      groupOut[name] = ref;
    }
    out[group] = groupOut;
  }
  return out;
}
