/**
 * Glob matching for paths inside one project, with the semantics Python's `glob.glob(...,
 * recursive=True)` gives to setuptools `package-data` and PEP 639 `license-files`: `*` and `?` stay
 * inside one path segment, `[...]` is a character class (`LICEN[CS]E*`), `**` as a whole segment
 * matches zero or more folders. The whole path must match (unlike core/glob.ts, which also matches
 * every folder above, as the plugin's `exclude` option wants).
 */
export function compilePathGlob(pattern: string): RegExp {
  const segments = pattern.replace(/^\.\//, '').split('/');
  let re = '';
  segments.forEach((segment, index) => {
    const last = index === segments.length - 1;
    if (segment === '**') {
      // Zero or more whole folders; as the last segment, any path below.
      re += last ? '.*' : '(?:[^/]+/)*';
      return;
    }
    re += compileSegment(segment) + (last ? '' : '/');
  });
  return new RegExp(`^${re}$`);
}

/** True when `path` (POSIX, relative) matches any of the compiled globs. */
export function matchesPathGlob(path: string, globs: readonly RegExp[]): boolean {
  return globs.some((g) => g.test(path));
}

/**
 * Python's `fnmatch.fnmatchcase` for dotted names (setuptools `packages.find` include/exclude):
 * `*` matches anything including dots.
 */
export function compileFnmatch(pattern: string): RegExp {
  return new RegExp(`^${compileSegment(pattern, '.')}$`);
}

function compileSegment(segment: string, star = '[^/]'): string {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') {
      re += `${star}*`;
    } else if (c === '?') {
      re += star;
    } else if (c === '[') {
      const end = segment.indexOf(']', i + 2);
      if (end === -1) {
        re += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, end);
      // fnmatch spells negation `[!...]`.
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      re += `[${body.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else {
      re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
  }
  return re;
}
