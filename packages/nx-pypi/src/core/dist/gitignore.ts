import { compilePathGlob } from './path-glob';

/**
 * The subset of .gitignore syntax (https://git-scm.com/docs/gitignore) hatchling applies to wheel
 * files: name patterns match any path segment, patterns with a `/` are anchored to the project
 * root, a trailing `/` matches folders only. Negation (`!`) can re-include files the other rules
 * dropped; that is rare in practice, so such a file is reported as unsupported rather than guessed.
 */
export type GitignoreMatcher = { kind: 'ok'; ignores(path: string): boolean } | { kind: 'unsupported'; reason: string };

export function compileGitignore(text: string): GitignoreMatcher {
  const rules: Array<{ re: RegExp; anchored: boolean; dirOnly: boolean }> = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/(?<!\\)\s+$/, '');
    if (line === '' || line.startsWith('#')) continue;
    if (line.startsWith('!')) return { kind: 'unsupported', reason: `.gitignore negation "${line}" is not supported natively` };
    const dirOnly = line.endsWith('/');
    let pattern = dirOnly ? line.slice(0, -1) : line;
    const anchored = pattern.includes('/');
    pattern = pattern.replace(/^\//, '');
    rules.push({ re: compilePathGlob(pattern), anchored, dirOnly });
  }
  return {
    kind: 'ok',
    ignores(path: string): boolean {
      const segments = path.split('/');
      return rules.some(({ re, anchored, dirOnly }) => {
        // Check the path itself (files only when not dirOnly) and every folder above it.
        for (let i = 1; i <= segments.length; i++) {
          const isDir = i < segments.length;
          if (dirOnly && !isDir) continue;
          const candidate = anchored ? segments.slice(0, i).join('/') : segments[i - 1];
          if (re.test(candidate)) return true;
        }
        return false;
      });
    },
  };
}
