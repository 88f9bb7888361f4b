/**
 * Glob matching for the plugin's `exclude` option: a pattern matches a workspace-relative path or
 * any folder above it, so `legacy/**` and `legacy` both exclude `legacy/a/pyproject.toml`. Segment
 * rules (`*`, `?`, `[...]`, `**`) are those of core/dist/path-glob; `{a,b}` alternatives are added,
 * as Nx's own globs allow them.
 */
import { compilePathGlob } from './dist/path-glob';

export function compileGlob(pattern: string): RegExp {
  const trimmed = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  const alternatives = expandBraces(trimmed).map((p) => compilePathGlob(p).source.slice(1, -1));
  return new RegExp(`^(?:${alternatives.join('|')})(?:/.*)?$`);
}

export function matchesAnyGlob(path: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((re) => re.test(path));
}

/** `libs/{a,b}/x` -> `libs/a/x`, `libs/b/x` (first group first; nested groups expand in turn). */
function expandBraces(pattern: string): string[] {
  const open = pattern.indexOf('{');
  const close = open === -1 ? -1 : pattern.indexOf('}', open);
  if (close === -1) return [pattern];
  const head = pattern.slice(0, open);
  const tail = pattern.slice(close + 1);
  return pattern
    .slice(open + 1, close)
    .split(',')
    .flatMap((choice) => expandBraces(`${head}${choice}${tail}`));
}
