/**
 * The classifiers poetry-core 2.x writes (`ProjectPackage.all_classifiers`): the project's own,
 * plus — when classifiers are not static in `[project]` — one `Programming Language :: Python :: X`
 * per Python the project's constraint admits and the license classifier of a Poetry 1.x license;
 * sorted, with the Python ones kept in numeric order (3.9 before 3.10) where they sort in.
 */
import { parseVersion } from '../pep440';
import { parsePoetryConstraint } from './constraint';
import { intersect, point, type VersionRange, type VersionSet } from './version-set';

// poetry-core 2.5's Package.AVAILABLE_PYTHONS, in numeric order.
const AVAILABLE_PYTHONS = ['2', '2.7', '3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];
// What poetry-core assumes for a project that declares no Python.
const UNDECLARED_PYTHON = '~2.7 || ^3.4';
const PREFIX = 'Programming Language :: Python';

/**
 * `pythonConstraint` is the Poetry constraint of the Python versions (`[tool.poetry.dependencies]
 * python`, or `[project].requires-python`), undefined or `*` when none is declared.
 */
export function poetryClassifiers(own: readonly string[], pythonConstraint: string | undefined, licenseClassifier: string | undefined): string[] {
  const python = pythonClassifiers(pythonConstraint === undefined || pythonConstraint === '*' ? UNDECLARED_PYTHON : pythonConstraint);
  const others = [...new Set([...own, ...(licenseClassifier ? [licenseClassifier] : [])])].filter((c) => !python.includes(c)).sort(byCodePoint);
  const at = others.findIndex((c) => c > PREFIX);
  return at < 0 ? [...others, ...python] : [...others.slice(0, at), ...python, ...others.slice(at)];
}

function pythonClassifiers(constraint: string): string[] {
  const parsed = parsePoetryConstraint(constraint, { marker: true });
  if (!parsed.ok) return [];
  return AVAILABLE_PYTHONS.filter((v) => admitsAny(parsed.set, v)).map((v) => `${PREFIX} :: ${v}`);
}

/** A major (`3`) stands for `3.*`; a minor (`3.9`) for the version 3.9 itself, as poetry-core tests it. */
function admitsAny(set: VersionSet, python: string): boolean {
  const v = parseVersion(python)!; // a literal above
  const probe: VersionRange = python.includes('.') ? point(v) : { min: v, max: parseVersion(String(Number(python) + 1))!, includeMin: true, includeMax: false };
  return intersect(set, [probe]).length > 0;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
