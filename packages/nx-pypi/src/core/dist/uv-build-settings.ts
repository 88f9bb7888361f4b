/**
 * `[tool.uv.build-backend]` as uv_build 0.9.26 to 0.10.x reads it
 * (crates/uv-build-backend/src/settings.rs `BuildBackendSettings`, documented at
 * https://docs.astral.sh/uv/reference/settings/#build-backend): module-root (default "src"),
 * module-name (a string or a list), source-include, default-excludes (default true),
 * source-exclude, wheel-exclude, namespace (default false) and data, a table of purelib, platlib,
 * headers, scripts and data folders (`deny_unknown_fields`, so another key is an error).
 *
 * A value of the wrong type is an error, as uv's TOML deserialization makes it. Settings the native
 * builder cannot honour exactly come back as the reason to let uv_build build:
 * `default-excludes = false` (the project walk always leaves out `__pycache__` and `*.pyc`, which
 * uv_build would then ship), and keys uv_build does not define (it ignores them; they may belong to
 * a newer uv_build than the one this reproduces).
 */
import type { PyProject } from '../pyproject/model';
import { DistBuildError } from './errors';
import { isStringArray, readToolTable } from './selection';
import { uvLiteralPathProblem } from './uv-glob';

export const UV_SETTINGS_KEY = 'tool.uv.build-backend';
const KNOWN_KEYS = ['module-root', 'module-name', 'source-include', 'default-excludes', 'source-exclude', 'wheel-exclude', 'namespace', 'data'];
export const UV_DATA_KINDS = ['purelib', 'platlib', 'headers', 'scripts', 'data'] as const;
export type UvDataKind = (typeof UV_DATA_KINDS)[number];

export interface UvBuildSettings {
  /** Normalized, '' for the flat layout. */
  moduleRoot: string;
  moduleName?: string | string[];
  sourceInclude: string[];
  sourceExclude: string[];
  wheelExclude: string[];
  namespace: boolean;
  /** Normalized folders, in uv's order (purelib, platlib, headers, scripts, data). */
  data: Array<{ kind: UvDataKind; dir: string }>;
}

export function readUvBuildSettings(project: PyProject): UvBuildSettings | { unsupported: string } {
  const raw = readToolTable(project.tool, 'uv')?.['build-backend'];
  if (raw !== undefined && readToolTable(project.tool, 'uv', 'build-backend') === undefined) {
    throw new DistBuildError(`[${UV_SETTINGS_KEY}] must be a table.`, {
      code: 'DIST_TOOL_CONFIG_INVALID',
      location: { file: project.filePath, keyPath: UV_SETTINGS_KEY },
      hint: 'Write it as a [tool.uv.build-backend] table, e.g. module-root = ""',
    });
  }
  const table = readToolTable(project.tool, 'uv', 'build-backend') ?? {};
  const unknown = Object.keys(table).find((k) => !KNOWN_KEYS.includes(k));
  if (unknown !== undefined) return { unsupported: `[${UV_SETTINGS_KEY}] ${unknown} is not a uv_build setting the native builder knows` };
  const invalid = (key: string, expected: string, example: string) =>
    new DistBuildError(`[${UV_SETTINGS_KEY}] ${key} must be ${expected}.`, {
      code: 'DIST_TOOL_CONFIG_INVALID',
      location: { file: project.filePath, keyPath: `${UV_SETTINGS_KEY}.${key}` },
      hint: `e.g. ${key} = ${example} (uv_build refuses anything else)`,
    });
  const globs = (key: string): string[] => {
    const value = table[key] ?? [];
    if (!isStringArray(value)) throw invalid(key, 'a list of glob patterns', '["tests/**"]');
    return value;
  };
  const flag = (key: string, fallback: boolean): boolean => {
    const value = table[key] ?? fallback;
    if (typeof value !== 'boolean') throw invalid(key, 'true or false', String(fallback));
    return value;
  };

  const rawRoot = table['module-root'] ?? 'src';
  if (typeof rawRoot !== 'string') throw invalid('module-root', 'a folder path', '"src" (or "" for the flat layout)');
  if (rawRoot.includes('\\')) return { unsupported: `[${UV_SETTINGS_KEY}] module-root "${rawRoot}" has a backslash` };
  const moduleRoot = normalizeInside(rawRoot);
  if (moduleRoot === undefined) {
    throw new DistBuildError(`[${UV_SETTINGS_KEY}] module-root "${rawRoot}" is outside the project.`, {
      code: 'DIST_TOOL_CONFIG_INVALID',
      location: { file: project.filePath, keyPath: `${UV_SETTINGS_KEY}.module-root` },
      hint: 'Use a folder inside the project, e.g. "src", or "" for the flat layout (uv_build refuses it too).',
    });
  }
  refuseUnglobbablePath(project, moduleRoot, 'module-root');

  const rawName = table['module-name'];
  if (rawName !== undefined && typeof rawName !== 'string' && !isStringArray(rawName)) {
    throw invalid('module-name', 'a module name or a list of them', '"my_package"');
  }
  if (!flag('default-excludes', true)) {
    return { unsupported: `[${UV_SETTINGS_KEY}] default-excludes = false would ship __pycache__ and *.pyc files, which the project walk leaves out` };
  }

  const rawData = table['data'] ?? {};
  if (typeof rawData !== 'object' || rawData === null || Array.isArray(rawData)) throw invalid('data', 'a table of folders', '{ scripts = "bin" }');
  const data: UvBuildSettings['data'] = [];
  for (const key of Object.keys(rawData)) {
    if (!(UV_DATA_KINDS as readonly string[]).includes(key)) throw invalid(`data.${key}`, `one of ${UV_DATA_KINDS.join(', ')}`, '{ scripts = "bin" }');
  }
  for (const kind of UV_DATA_KINDS) {
    const dir = (rawData as Record<string, unknown>)[kind];
    if (dir === undefined) continue;
    if (typeof dir !== 'string') throw invalid(`data.${kind}`, 'a folder path', '"bin"');
    const problem = dataDirProblem(dir);
    if (problem === 'outside') {
      throw new DistBuildError(`[${UV_SETTINGS_KEY}.data] ${kind} = "${dir}" is outside the project.`, {
        code: 'DIST_TOOL_CONFIG_INVALID',
        location: { file: project.filePath, keyPath: `${UV_SETTINGS_KEY}.data.${kind}` },
        hint: 'Use a folder inside the project, e.g. "bin" (uv_build refuses it too).',
      });
    }
    if (problem !== undefined) return { unsupported: `[${UV_SETTINGS_KEY}.data] ${kind} = "${dir}" ${problem}` };
    const normalized = normalizeInside(dir) as string;
    refuseUnglobbablePath(project, normalized, `data.${kind}`);
    data.push({ kind, dir: normalized });
  }

  return {
    moduleRoot,
    ...(rawName === undefined ? {} : { moduleName: rawName as string | string[] }),
    sourceInclude: globs('source-include'),
    sourceExclude: globs('source-exclude'),
    wheelExclude: globs('wheel-exclude'),
    namespace: flag('namespace', false),
    data,
  };
}

/**
 * uv_build refuses a data folder starting with `/` or `..` (wheel.rs `InvalidDataRoot`). Others are
 * walked as written for the wheel but normalized for the sdist; `..` further in, `\` and the project
 * root itself are left to uv_build.
 */
function dataDirProblem(dir: string): 'outside' | string | undefined {
  if (dir.startsWith('/') || dir.split('/')[0] === '..') return 'outside';
  if (dir.includes('\\')) return 'has a backslash';
  if (dir.split('/').includes('..')) return 'goes through ".."';
  if (normalizeInside(dir) === '') return 'is the project root';
  return undefined;
}

/** The relative path without `.` and empty parts, `..` resolved; undefined when it leaves the project or is absolute. */
function normalizeInside(path: string): string | undefined {
  if (path.startsWith('/')) return undefined;
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part !== '..') parts.push(part);
    else if (parts.pop() === undefined) return undefined;
  }
  return parts.join('/');
}

/** uv_build includes module and data folders in the sdist through a glob of the path, and refuses paths its glob syntax cannot spell. */
function refuseUnglobbablePath(project: PyProject, path: string, key: string): void {
  const problem = uvLiteralPathProblem(path);
  if (problem === undefined) return;
  throw new DistBuildError(`[${UV_SETTINGS_KEY}] ${key}: ${problem}.`, {
    code: 'DIST_TOOL_CONFIG_INVALID',
    location: { file: project.filePath, keyPath: `${UV_SETTINGS_KEY}.${key}` },
    hint: 'uv_build puts the folder into the sdist through a glob, which only allows letters, digits, "_", "-", "." and "/": rename the folder.',
  });
}
