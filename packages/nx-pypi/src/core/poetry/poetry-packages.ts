/**
 * Where a Poetry 1.x project's importable packages live, for an editable install (issue 13):
 * `[tool.poetry].packages` (`{ include = "token_lib" }`, `{ include = "x", from = "src" }`, a
 * module `foo.py`), else poetry-core's default (`Module` in poetry-core's masonry): the normalized
 * name's import form at the root (`token_lib/` or `token_lib.py`), then under `src/`. Each entry
 * gives a sys.path folder ('' for the project root, `src`); globs, `to` and sdist-only entries
 * cannot be served by a path entry and are refused, as is a package that is not there.
 */
import type { EditableLayout } from '../dist/editable-wheel';
import { comparePaths, joinPath, type ProjectTree } from '../dist/project-tree';
import { normalizeName } from '../names';
import type { Checker, Table } from '../pyproject/checker';
import type { KeyPath } from '../pyproject/key-path';

const PACKAGES: KeyPath = ['tool', 'poetry', 'packages'];
const PACKAGES_DOCS = 'https://python-poetry.org/docs/pyproject/#packages';
const ENTRY_KEYS = new Set(['include', 'from', 'format', 'to']);

/** `token-lib` -> `token_lib`, as poetry-core's `module_name` writes it. */
export function poetryModuleName(name: string): string {
  return normalizeName(name).replace(/[-.]/g, '_');
}

/**
 * The editable layout of `poetry` (the `[tool.poetry]` table) over the project's files. Problems
 * are reported into `c` with their key paths; the layout is undefined when there are any.
 */
export function readPoetryEditableLayout(c: Checker, poetry: Table, name: string, tree: ProjectTree): EditableLayout | undefined {
  const before = c.problems.length;
  const roots = new Set<string>();
  if (poetry.packages === undefined) {
    const root = defaultPackageRoot(c, poetryModuleName(name), tree);
    if (root !== undefined) roots.add(root);
  } else {
    const entries = c.array(PACKAGES, poetry.packages, `write packages = [{ include = "${poetryModuleName(name)}" }] (${PACKAGES_DOCS})`) ?? [];
    entries.forEach((entry, i) => {
      const root = packageRoot(c, entry, [...PACKAGES, i], tree);
      if (root !== undefined) roots.add(root);
    });
    if (entries.length === 0 && c.problems.length === before) {
      c.report(
        PACKAGES,
        'POETRY_NO_PACKAGES',
        'packages is empty, so there is nothing to install',
        `list the package: packages = [{ include = "${poetryModuleName(name)}" }]`,
      );
    }
  }
  if (c.problems.length > before) return undefined;
  return { roots: [...roots].sort(comparePaths), mapped: [] };
}

/** poetry-core's default: `<module>/` or `<module>.py` at the root (not both), else the same under `src/`. */
function defaultPackageRoot(c: Checker, module: string, tree: ProjectTree): string | undefined {
  for (const root of ['', 'src']) {
    const dir = tree.isDir(joinPath(root, module));
    const file = tree.isFile(joinPath(root, `${module}.py`));
    if (dir && file) {
      c.report(
        ['tool', 'poetry', 'name'],
        'POETRY_AMBIGUOUS_PACKAGE',
        `both ${joinPath(root, module)}/ and ${joinPath(root, `${module}.py`)} exist, and poetry-core refuses to choose`,
        `remove one of them, or list the package in [tool.poetry] packages = [{ include = "${module}"${root ? `, from = "${root}"` : ''} }]`,
      );
      return undefined;
    }
    if (dir || file) return root;
  }
  c.report(
    ['tool', 'poetry', 'name'],
    'POETRY_PACKAGE_NOT_FOUND',
    `no package ${module}/ or module ${module}.py was found at the project root or under src/ (poetry-core's default for this name)`,
    `create ${module}/__init__.py, or name the package in [tool.poetry]: packages = [{ include = "my_pkg" }] or [{ include = "my_pkg", from = "src" }] (${PACKAGES_DOCS})`,
  );
  return undefined;
}

/** One `packages` entry -> the folder it is imported from, or undefined with the problem reported. */
function packageRoot(c: Checker, entry: unknown, at: KeyPath, tree: ProjectTree): string | undefined {
  const table = c.table(at, entry, `write the entry as { include = "my_pkg" } or { include = "my_pkg", from = "src" } (${PACKAGES_DOCS})`);
  if (!table) return undefined;
  const before = c.problems.length;
  for (const key of Object.keys(table)) {
    if (!ENTRY_KEYS.has(key))
      c.report(
        [...at, key],
        'POETRY_INVALID_PACKAGES',
        `unknown key "${key}" in a packages entry`,
        `use include, from, format and to (${PACKAGES_DOCS})`,
        'key',
      );
  }
  const include = table.include === undefined ? undefined : c.string([...at, 'include'], table.include, 'write include = "my_pkg"');
  if (table.include === undefined)
    c.report(at, 'POETRY_INVALID_PACKAGES', 'the packages entry has no include', `write { include = "my_pkg" } (${PACKAGES_DOCS})`);
  const from = table.from === undefined ? '' : c.string([...at, 'from'], table.from, 'write from = "src"');
  if (table.format !== undefined) checkFormat(c, table.format, [...at, 'format']);
  if (table.to !== undefined) {
    c.report(
      [...at, 'to'],
      'INSTALL_EDITABLE_UNSUPPORTED',
      'a packages entry with "to" puts the package under another folder, which an editable install cannot serve from the source tree',
      'remove "to" and move the package folder where it is imported from, or install the built wheel instead',
      'key',
    );
  }
  if (include === undefined || from === undefined || c.problems.length > before) return undefined;
  if (/[*?[\]]/.test(include) || include.includes('/') || include.includes('\\') || include === '.' || include === '..') {
    c.report(
      [...at, 'include'],
      'INSTALL_EDITABLE_UNSUPPORTED',
      `include "${include}" is a glob or a path, not one top-level package or module, which nx-pypi's editable install needs`,
      'list each top-level package by its name ({ include = "my_pkg" }, or "my_mod.py" for a module), with from = "src" when it lives there',
    );
    return undefined;
  }
  const root = joinPath(from);
  if (from.split(/[\\/]/).includes('..') || /^([A-Za-z]:)?[\\/]/.test(from)) {
    c.report([...at, 'from'], 'POETRY_INVALID_PACKAGES', `from "${from}" leaves the project folder`, 'write a folder inside the project, e.g. from = "src"');
    return undefined;
  }
  const path = joinPath(root, include);
  const found = include.endsWith('.py') ? tree.isFile(path) : tree.isDir(path);
  if (!found) {
    c.report(
      [...at, 'include'],
      'POETRY_PACKAGE_NOT_FOUND',
      `${include.endsWith('.py') ? 'module' : 'package'} ${path}${include.endsWith('.py') ? '' : '/'} does not exist in the project`,
      `create it, or fix include${from ? '/from' : ''} to name the folder or .py module to import`,
    );
    return undefined;
  }
  return root;
}

/** `format = "sdist"` (or a list without "wheel") ships the package in the sdist only: not importable from a wheel. */
function checkFormat(c: Checker, value: unknown, at: KeyPath): void {
  const formats = typeof value === 'string' ? [value] : c.stringArray(at, value, 'write format = ["sdist", "wheel"]');
  if (formats === undefined) return;
  if (!formats.includes('wheel')) {
    c.report(
      at,
      'INSTALL_EDITABLE_UNSUPPORTED',
      `this packages entry is for the ${formats.map((f) => `"${f}"`).join(', ') || 'no'} format only, so the wheel (and an editable install) does not contain it`,
      'add "wheel" to its format (format = ["sdist", "wheel"]) or remove format; list sdist-only files under include instead of packages',
    );
  }
}
