import { existsSync, readFileSync, statSync } from 'node:fs';
import { classifyPypircPermissions, parsePypirc, type Pypirc, type PypircPermissionWarning } from '../../core/config/pypirc';

/** Reads .pypirc if present (an explicit --pypirc must exist) and checks its permissions. */
export function readPypirc(path: string, required: boolean): { pypirc?: Pypirc; warning?: PypircPermissionWarning } {
  if (!required && !existsSync(path)) return {};
  const pypirc = parsePypirc(readFileSync(path, 'utf8'), path);
  const mode = process.platform === 'win32' ? null : statSync(path).mode;
  return { pypirc, warning: classifyPypircPermissions(pypirc, mode) };
}
