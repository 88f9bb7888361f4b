/** `[project]` scalar fields: name, version, description, requires-python, keywords, classifiers, dynamic. */
import { isValidProjectName } from '../names';
import { normalizeVersion } from '../pep440/version';
import { normalizeSpecifierSet, parseSpecifierSet } from '../pep440/specifier';
import type { Checker } from './checker';
import type { KeyPath } from './key-path';

/** Every `[project]` key PEP 621 defines (plus PEP 639's license-files), in the spec's order. */
export const PROJECT_KEYS = [
  'name',
  'version',
  'description',
  'readme',
  'requires-python',
  'license',
  'license-files',
  'authors',
  'maintainers',
  'keywords',
  'classifiers',
  'urls',
  'scripts',
  'gui-scripts',
  'entry-points',
  'dependencies',
  'optional-dependencies',
  'dynamic',
] as const;

export function checkName(c: Checker, value: unknown, path: KeyPath): string | undefined {
  const name = c.string(path, value, 'set name = "my-package" in [project]');
  if (name !== undefined && !isValidProjectName(name)) {
    c.report(
      path,
      'PYPROJECT_INVALID_NAME',
      `"${name}" is not a valid project name`,
      'use ASCII letters, digits, "-", "_" and ".", starting and ending with a letter or digit (PEP 508), e.g. "my-package"',
    );
  }
  return name;
}

export function checkVersion(c: Checker, value: unknown, path: KeyPath): { raw: string; normalized: string } | undefined {
  const raw = c.string(path, value, 'write the version as a quoted string, e.g. version = "0.1.0"');
  if (raw === undefined) return undefined;
  const normalized = normalizeVersion(raw);
  if (normalized === undefined) {
    c.report(
      path,
      'PYPROJECT_INVALID_VERSION',
      `"${raw}" is not a valid PEP 440 version`,
      'use a version such as "1.2.3", "1.2.3rc1", "1.2.3.post1" or "1.2.3.dev0" (https://peps.python.org/pep-0440/)',
    );
    return undefined;
  }
  return { raw, normalized };
}

export function checkDescription(c: Checker, value: unknown, path: KeyPath): string | undefined {
  const text = c.string(path, value);
  if (text !== undefined && /[\r\n]/.test(text)) {
    c.report(
      path,
      'PYPROJECT_INVALID_DESCRIPTION',
      'must be a single line (it becomes the one-line Summary in the package metadata)',
      'shorten it to one line and put the long text in the readme',
    );
    return undefined;
  }
  return text;
}

/** Stored in the normal form of `normalizeSpecifierSet` (`>= 3.9` -> `>=3.9`), ready for Requires-Python. */
export function checkRequiresPython(c: Checker, value: unknown, path: KeyPath): string | undefined {
  const text = c.string(path, value, 'write it as a quoted specifier, e.g. requires-python = ">=3.9"');
  if (text === undefined) return undefined;
  const hint = 'use a PEP 440 specifier set such as ">=3.9" or ">=3.9,<4" (https://peps.python.org/pep-0440/#version-specifiers)';
  if (!text.trim()) {
    c.report(path, 'PYPROJECT_INVALID_REQUIRES_PYTHON', 'is empty', `${hint}, or remove the key`);
    return undefined;
  }
  const result = parseSpecifierSet(text);
  if (!result.ok) {
    c.report(path, 'PYPROJECT_INVALID_REQUIRES_PYTHON', `"${text}" is not a valid version specifier: ${result.message} (at offset ${result.offset})`, hint);
    return undefined;
  }
  return normalizeSpecifierSet(text);
}

export function checkClassifiers(c: Checker, value: unknown, path: KeyPath): string[] | undefined {
  const items = c.stringItems(path, value);
  items?.forEach(([classifier, i]) => {
    if (!/^\S(.*\S)? :: \S(.*\S)?$/.test(classifier)) {
      c.report(
        [...path, i],
        'PYPROJECT_INVALID_CLASSIFIER',
        `"${classifier}" is not a trove classifier`,
        'classifiers look like "Programming Language :: Python :: 3"; pick them from https://pypi.org/classifiers/',
      );
    }
  });
  return items?.map(([classifier]) => classifier);
}

export function checkKeywords(c: Checker, value: unknown, path: KeyPath): string[] | undefined {
  const items = c.stringItems(path, value);
  items?.forEach(([keyword, i]) => {
    // Core metadata joins keywords with commas into one Keywords field.
    if (keyword.includes(',')) {
      c.report([...path, i], 'PYPROJECT_INVALID_KEYWORD', `"${keyword}" contains a comma`, 'split it into separate keywords');
    }
  });
  return items?.map(([keyword]) => keyword);
}

/**
 * `dynamic`: known field names only, never `name`, no duplicates. Returns each name with its array
 * index; static-and-dynamic is checked by the caller.
 */
export function checkDynamic(c: Checker, value: unknown, path: KeyPath): Array<[string, number]> {
  const items = c.stringItems(path, value, 'list field names, e.g. dynamic = ["version"]') ?? [];
  const seen = new Set<string>();
  items.forEach(([field, i]) => {
    const at = [...path, i];
    if (field === 'name') {
      c.report(at, 'PYPROJECT_DYNAMIC_NAME', '"name" can never be dynamic', 'remove "name" from dynamic and set name = "..." in [project]');
    } else if (!(PROJECT_KEYS as readonly string[]).includes(field) || field === 'dynamic') {
      c.report(
        at,
        'PYPROJECT_INVALID_DYNAMIC',
        `"${field}" is not a [project] field`,
        `dynamic may list: ${PROJECT_KEYS.filter((k) => k !== 'name' && k !== 'dynamic').join(', ')}`,
      );
    } else if (seen.has(field)) {
      c.report(at, 'PYPROJECT_INVALID_DYNAMIC', `"${field}" is listed twice`, 'remove the duplicate');
    }
    seen.add(field);
  });
  return items;
}
