/**
 * A Poetry `python` constraint as poetry-core writes it: `Requires-Python` for the package
 * (`format_python_constraint`) and a `python_version` marker for a dependency
 * (`create_nested_marker`), e.g. `^3.8` -> `python_version >= "3.8" and python_version < "4.0"`.
 */
import { renderVersion, type ParsedVersion } from '../pep440';
import type { Checker } from '../pyproject/checker';
import type { KeyPath } from '../pyproject/key-path';
import { parsePoetryConstraint, type ConstraintResult } from './constraint';
import { intersect, isAny, isPoint, renderRange, type VersionRange, type VersionSet } from './version-set';

/**
 * The minor Pythons poetry-core checks a union against when it writes Requires-Python
 * (poetry-core 2.x's list; 1.4's stops at 3.11, which changes nothing for unions that end earlier).
 */
const PYTHON_MINORS = ['2.7', ...Array.from({ length: 16 }, (_, i) => `3.${i}`)];

/** The `python_version` / `python_full_version` marker for a Python constraint; `''` for `*`. */
export function renderPythonMarker(set: VersionSet): string {
  if (isAny(set)) return '';
  if (set.length === 1) return rangeMarker(set[0]);
  return set.map((r) => `(${rangeMarker(r)})`).join(' or ');
}

/**
 * `python_version` only has major.minor: `python_version > "3.8"` would wrongly admit nothing of
 * 3.8.x, so poetry-core switches to `python_full_version` for 3-part bounds, exclusive
 * lower bounds and inclusive upper bounds written with fewer parts.
 */
function rangeMarker(r: VersionRange): string {
  if (isPoint(r)) return `${r.min.release.length >= 3 ? 'python_full_version' : 'python_version'} == "${renderVersion(r.min)}"`;
  const parts: string[] = [];
  if (r.min) {
    const v = r.min;
    if (v.release.length < 3 && !r.includeMin) parts.push(`python_full_version > "${padded(v)}"`);
    else parts.push(`${name(v)} ${r.includeMin ? '>=' : '>'} "${renderVersion(v)}"`);
  }
  if (r.max) {
    const v = r.max;
    if (v.release.length < 3 && r.includeMax) parts.push(`python_full_version <= "${padded(v)}"`);
    else parts.push(`${name(v)} ${r.includeMax ? '<=' : '<'} "${renderVersion(v)}"`);
  }
  return parts.join(' and ');
}

function name(v: ParsedVersion): string {
  return v.release.length >= 3 ? 'python_full_version' : 'python_version';
}

function padded(v: ParsedVersion): string {
  return renderVersion({ ...v, release: [...v.release, 0n, 0n].slice(0, 3) });
}

/**
 * Requires-Python as poetry-core writes it: a range as such (`>=3.8,<4.0`); `3.8` as `>=3.8,<3.9`;
 * `3.8.1` as `==3.8.1`; a union as a lower bound plus `!=X.Y.*` for every minor it leaves out
 * (`~2.7 || ^3.6` -> `>=2.7, !=3.0.*, ..., !=3.5.*`).
 */
export function renderRequiresPython(set: VersionSet): string {
  if (isAny(set)) return '';
  if (set.length === 1) {
    const r = set[0];
    if (!isPoint(r)) return renderRange(r);
    if (r.min.release.length >= 3) return `==${renderVersion(r.min)}`;
    const tilde = parsePoetryConstraint(r.min.release.length === 2 ? `~${renderVersion(r.min)}` : `^${r.min.release[0]}.0`);
    return tilde.ok ? renderRequiresPython(tilde.set) : renderRange(r);
  }
  const excluded: string[] = [];
  const accepted: string[] = [];
  for (const minor of PYTHON_MINORS) {
    const prefix = parsePoetryConstraint(`${minor}.*`) as Extract<ConstraintResult, { ok: true }>;
    (intersect(set, prefix.set).length > 0 ? accepted : excluded).push(minor);
  }
  const low = accepted[0] ?? lowestMinor(set);
  return [...(low ? [`>=${low}`] : []), ...excluded.map((m) => `!=${m}.*`)].join(', ');
}

function lowestMinor(set: VersionSet): string | undefined {
  const min = set[0]?.min;
  return min && min.release.slice(0, 2).join('.');
}

/**
 * `[tool.poetry.dependencies] python`, read as poetry-core reads it (a marker constraint: whole
 * minors); a problem is reported into `c` at `at`.
 */
export function readPoetryPython(c: Checker, value: unknown, at: KeyPath): { text: string; set: VersionSet } | undefined {
  const text = c.string(at, value, 'write python = "^3.9"');
  if (text === undefined) return undefined;
  const parsed = parsePoetryConstraint(text, { marker: true });
  if (!parsed.ok) {
    c.report(at, 'POETRY_INVALID_CONSTRAINT', `python: ${parsed.message}`, parsed.hint);
    return undefined;
  }
  return { text, set: parsed.set };
}
