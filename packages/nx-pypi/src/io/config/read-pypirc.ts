import { existsSync, readFileSync, statSync } from 'node:fs';
import { RepositoryConfigError } from '../../core/config/errors';
import { classifyPypircPermissions, parsePypirc, type Pypirc, type PypircPermissionWarning } from '../../core/config/pypirc';

/**
 * Reads .pypirc if present and checks its permissions. A file named by an option (`requiredBy`,
 * e.g. `the pypirc option`) must exist: a typo there must not silently mean "no credentials".
 */
export function readPypirc(path: string, requiredBy?: string): { pypirc?: Pypirc; warning?: PypircPermissionWarning } {
  if (!existsSync(path)) {
    if (requiredBy === undefined) return {};
    throw new RepositoryConfigError(`the .pypirc named by ${requiredBy} does not exist: ${path}`, {
      code: 'PYPIRC_NOT_FOUND',
      location: { file: path },
      hint: `fix the path in ${requiredBy} (relative to the workspace root), or remove the option to use ~/.pypirc`,
    });
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    throw new RepositoryConfigError(`cannot read ${path}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`, {
      code: 'PYPIRC_UNREADABLE',
      location: { file: path },
      hint: 'make it a readable file (mode 600, owned by the user that runs nx)',
      cause,
    });
  }
  const pypirc = parsePypirc(text, path);
  const mode = process.platform === 'win32' ? null : statSync(path).mode;
  return { pypirc, warning: classifyPypircPermissions(pypirc, mode) };
}
