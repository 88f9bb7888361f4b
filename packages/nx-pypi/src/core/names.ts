/**
 * Python distribution names: PEP 503 normalization, the PEP 508 validity rule, and the
 * spellings a name takes in imports and in wheel/sdist file names.
 */

const NAME_RULE = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i;
const SEPARATOR_RUNS = /[-_.]+/g;

/** PEP 503: runs of `-`, `_`, `.` become one `-`, lower-cased (`Token_Lib` -> `token-lib`). */
export function normalizeName(name: string): string {
  return name.replace(SEPARATOR_RUNS, '-').toLowerCase();
}

/** The PEP 508 name rule (also used by PEP 685 for extra names), ASCII only, case-insensitive. */
export function isValidProjectName(name: string): boolean {
  return NAME_RULE.test(name);
}

/** The conventional import package name: normalized, with `-` as `_` (`token-lib` -> `token_lib`). */
export function toImportName(name: string): string {
  return normalizeName(name).replace(/-/g, '_');
}

/**
 * The name as it appears in wheel and sdist file names and in `.dist-info` directories
 * (binary distribution format spec: normalize, then `-` -> `_`, so the `-` stays a field separator).
 */
export function toDistFilenamePart(name: string): string {
  return normalizeName(name).replace(/-/g, '_');
}
