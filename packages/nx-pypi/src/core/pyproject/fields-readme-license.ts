/** `[project]` readme, license (PEP 639 expression or legacy table) and license-files. */
import type { Checker, Table } from './checker';
import type { KeyPath } from './key-path';
import type { License, Readme } from './model';
import { findLicenseExpressionProblem } from './spdx';

// The Description-Content-Type values PyPI renders (core metadata spec).
const CONTENT_TYPES = ['text/plain', 'text/x-rst', 'text/markdown'];

/** From the file extension, as PEP 621 prescribes for .md/.rst; any other file is read as plain text. */
/**
 * PEP 621: `.md` is text/markdown and `.rst` text/x-rst; a tool MAY recognize more (setuptools,
 * hatchling and flit_core all read `.txt` as text/plain) and MUST refuse any other suffix.
 */
export function contentTypeForReadme(file: string): string | undefined {
  const lower = file.toLowerCase();
  if (lower.endsWith('.md')) return 'text/markdown';
  if (lower.endsWith('.rst')) return 'text/x-rst';
  if (lower.endsWith('.txt')) return 'text/plain';
  return undefined;
}

export function checkReadme(c: Checker, value: unknown, path: KeyPath): Readme | undefined {
  if (typeof value === 'string') {
    if (!checkRelativePath(c, value, path, 'readme')) return undefined;
    const contentType = contentTypeForReadme(value);
    if (contentType === undefined) {
      c.report(
        path,
        'PYPROJECT_README_UNKNOWN_SUFFIX',
        `"${value}" has no suffix that says its format (.md, .rst or .txt)`,
        `name the content type: readme = { file = "${value}", content-type = "text/markdown" } (or text/x-rst, text/plain)`,
      );
      return undefined;
    }
    return { file: value, contentType };
  }
  const table = c.table(path, value, 'use readme = "README.md" or readme = { file = "README.md", content-type = "text/markdown" }');
  if (!table) return undefined;
  c.unknownKeys(path, table, ['file', 'text', 'content-type', 'charset'], 'a readme table has file or text, content-type and optionally charset');
  const file = table.file === undefined ? undefined : c.string([...path, 'file'], table.file);
  const text = table.text === undefined ? undefined : c.string([...path, 'text'], table.text);
  if (!exactlyOne(c, table, path, 'readme')) return undefined;
  if (file !== undefined && !checkRelativePath(c, file, [...path, 'file'], 'readme')) return undefined;
  const rawType = table['content-type'];
  if (rawType === undefined) {
    c.report(
      path,
      'PYPROJECT_INVALID_README',
      'a readme table needs a content-type',
      `add content-type = "${(file && contentTypeForReadme(file)) ?? 'text/markdown'}" (one of ${CONTENT_TYPES.join(', ')})`,
    );
    return undefined;
  }
  const typePath = [...path, 'content-type'];
  const contentType = c.string(typePath, rawType);
  const charsetKey = table.charset === undefined ? undefined : c.string([...path, 'charset'], table.charset);
  if (contentType === undefined) return undefined;
  const [base, ...params] = contentType.split(';').map((p) => p.trim());
  if (!CONTENT_TYPES.includes(base.toLowerCase())) {
    c.report(typePath, 'PYPROJECT_INVALID_README', `"${contentType}" is not a readme content type PyPI renders`, `use one of ${CONTENT_TYPES.join(', ')}`);
    return undefined;
  }
  const charsetParam = params.map((p) => /^charset\s*=\s*"?([^"]*)"?$/i.exec(p)?.[1]).find((v) => v !== undefined);
  if (charsetKey !== undefined && charsetParam !== undefined && charsetKey.toLowerCase() !== charsetParam.toLowerCase()) {
    c.report(
      [...path, 'charset'],
      'PYPROJECT_INVALID_README',
      `charset "${charsetKey}" contradicts the content-type's charset "${charsetParam}"`,
      'keep only one of them',
    );
  }
  const readme: Readme = { contentType };
  if (file !== undefined) readme.file = file;
  if (text !== undefined) readme.text = text;
  const charset = charsetKey ?? charsetParam;
  if (charset !== undefined) readme.charset = charset;
  return readme;
}

export function checkLicense(c: Checker, value: unknown, path: KeyPath): License | undefined {
  if (typeof value === 'string') {
    const problem = findLicenseExpressionProblem(value);
    if (problem) {
      c.report(
        path,
        'PYPROJECT_INVALID_LICENSE',
        `"${value}" is not a valid SPDX license expression: ${problem}`,
        'use an SPDX expression such as "MIT" or "Apache-2.0 OR MIT" (https://spdx.org/licenses/), or LicenseRef-<name> for your own license',
      );
      return undefined;
    }
    return { kind: 'expression', expression: value.trim() };
  }
  const table = c.table(path, value, 'use an SPDX expression such as license = "MIT" (PEP 639)');
  if (!table) return undefined;
  c.unknownKeys(path, table, ['file', 'text'], 'the legacy license table has either file or text; prefer license = "<SPDX expression>" (PEP 639)');
  const file = table.file === undefined ? undefined : c.string([...path, 'file'], table.file);
  const text = table.text === undefined ? undefined : c.string([...path, 'text'], table.text);
  if (!exactlyOne(c, table, path, 'license')) return undefined;
  if (file !== undefined) return checkRelativePath(c, file, [...path, 'file'], 'license') ? { kind: 'file', file } : undefined;
  return text === undefined ? undefined : { kind: 'text', text };
}

/** PEP 639 globs: relative, `/`-separated, no `..`, balanced `[...]`. */
export function checkLicenseFiles(c: Checker, value: unknown, path: KeyPath): string[] | undefined {
  const items = c.stringItems(path, value, 'list glob patterns, e.g. license-files = ["LICEN[CS]E*"]');
  items?.forEach(([glob, i]) => {
    const problem = !glob
      ? 'is empty'
      : glob.includes('\\')
        ? 'uses "\\"; path separators must be "/"'
        : /^(\/|[A-Za-z]:)/.test(glob)
          ? 'is absolute; it must be relative to the project directory'
          : glob.split('/').includes('..')
            ? 'contains ".."; license files must be inside the project directory'
            : /\[[^\]]*$|^[^[]*\]/.test(glob) || /\[\]/.test(glob)
              ? 'has an unbalanced or empty "[...]"'
              : undefined;
    if (problem)
      c.report(
        [...path, i],
        'PYPROJECT_INVALID_LICENSE_FILES',
        `glob "${glob}" ${problem}`,
        'write a relative glob such as "LICENSE*" or "licenses/*.txt" (PEP 639)',
      );
  });
  return items?.map(([glob]) => glob);
}

function exactlyOne(c: Checker, table: Table, path: KeyPath, field: string): boolean {
  const count = Number(table.file !== undefined) + Number(table.text !== undefined);
  if (count === 1) return true;
  c.report(
    path,
    `PYPROJECT_INVALID_${field.toUpperCase()}`,
    count ? `a ${field} table may have file or text, not both` : `a ${field} table needs file or text`,
    `keep exactly one, e.g. ${field} = { file = "${field === 'readme' ? 'README.md' : 'LICENSE'}"${field === 'readme' ? ', content-type = "text/markdown"' : ''} }`,
  );
  return false;
}

function checkRelativePath(c: Checker, file: string, path: KeyPath, field: string): boolean {
  if (file && !/^(\/|\\|[A-Za-z]:)/.test(file)) return true;
  c.report(
    path,
    `PYPROJECT_INVALID_${field.toUpperCase()}`,
    file ? `"${file}" is an absolute path` : 'the file path is empty',
    `give a path relative to the directory of pyproject.toml, e.g. "${field === 'readme' ? 'README.md' : 'LICENSE'}"`,
  );
  return false;
}
