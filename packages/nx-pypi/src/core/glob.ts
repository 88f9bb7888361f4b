/**
 * Minimal glob matching for workspace-relative paths (`**`, `*`, `?`, `{a,b}`), enough for the
 * plugin's `exclude` option. Paths use `/`. A pattern matches a path or any folder above it, so
 * `legacy/**` and `legacy` both exclude `legacy/a/pyproject.toml`.
 */
export function compileGlob(pattern: string): RegExp {
  let re = '';
  const p = pattern.replace(/^\.\//, '').replace(/\/+$/, '');
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        // `**/` matches zero or more whole folders; a trailing `**` matches everything below.
        const slash = p[i + 2] === '/';
        re += slash ? '(?:[^/]+/)*' : '.*';
        i += slash ? 2 : 1;
      } else {
        re += '[^/]*';
      }
    } else if (c === '?') {
      re += '[^/]';
    } else if (c === '{') {
      const end = p.indexOf('}', i);
      if (end === -1) {
        re += '\\{';
        continue;
      }
      re += `(?:${p.slice(i + 1, end).split(',').map(escapeRegExp).join('|')})`;
      i = end;
    } else {
      re += escapeRegExp(c);
    }
  }
  return new RegExp(`^${re}(?:/.*)?$`);
}

export function matchesAnyGlob(path: string, patterns: readonly RegExp[]): boolean {
  return patterns.some((re) => re.test(path));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
