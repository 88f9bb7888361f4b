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

/**
 * Python 3's `keyword.kwlist`: names that can never be imported (`import lambda` is a syntax error).
 * The soft keywords (`match`, `case`, `type`, `_`) are ordinary identifiers outside their statements.
 */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);

/** `str.isidentifier()`: an XID_Start character or `_`, then XID_Continue characters (PEP 3131). */
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u;

/**
 * Whether `name` can be a module or package name that `import name` finds: an identifier, not a
 * keyword, and already in NFKC form — Python normalizes identifiers in source to NFKC (PEP 3131),
 * so a file named `ﬁle.py` would be looked for as `file`.
 */
export function isImportName(name: string): boolean {
  return IDENTIFIER.test(name) && !PYTHON_KEYWORDS.has(name) && name === name.normalize('NFKC');
}

/**
 * A distribution name close to `name` that is valid (PEP 508) and whose import name (`toImportName`)
 * Python can import, for "did you mean" hints; undefined when nothing usable is left.
 * Accents are dropped, runs of other characters become `-`, and a name whose import name would be a
 * keyword or start with a digit gets a `py-` prefix (`lambda` -> `py-lambda`, `1abc` -> `py-1abc`).
 */
export function suggestProjectName(name: string): string | undefined {
  const ascii = name.normalize('NFKD').replace(/\p{M}/gu, '');
  const cleaned = ascii.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[._-]+|[._-]+$/g, '');
  if (!cleaned) return undefined;
  return isImportName(toImportName(cleaned)) ? cleaned : `py-${cleaned}`;
}

/**
 * A module name close to `name` that `isImportName` accepts, for "did you mean" hints: other
 * characters become `_`, a leading digit gets a `_` before it, and a keyword gets the trailing `_`
 * PEP 8 recommends (`class` -> `class_`); undefined when nothing usable is left.
 */
export function suggestImportName(name: string): string | undefined {
  let s = name.normalize('NFKC').replace(/[^\p{XID_Continue}]+/gu, '_');
  if (/^_*$/.test(s)) return undefined;
  if (/^\p{N}/u.test(s)) s = `_${s}`;
  if (PYTHON_KEYWORDS.has(s)) s = `${s}_`;
  return isImportName(s) ? s : undefined;
}
