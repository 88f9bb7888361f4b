/**
 * Python's `glob.glob(pattern, recursive=True)` over a project tree, as flit_core's FilePatterns
 * uses it for `[tool.flit.sdist]` include/exclude: `*`, `?` and `[...]` match within one path
 * segment, `**` matches any number of folders, and a wildcard never matches a name starting with
 * `.` (glob hides dotfiles unless the pattern segment itself starts with `.`). A match may be a
 * folder, which the caller then takes with everything below it.
 */
import type { ProjectTree } from './project-tree';

export interface GlobMatches {
  files: Set<string>;
  dirs: Set<string>;
}

export function pythonGlob(pattern: string, tree: ProjectTree): GlobMatches {
  const onlyDirs = pattern.endsWith('/');
  const segments = pattern
    .replace(/\/+$/, '')
    .split('/')
    .filter((s) => s !== '' && s !== '.');
  const out: GlobMatches = { files: new Set(), dirs: new Set() };
  const visit = (dir: string, index: number) => {
    if (index === segments.length) {
      if (dir !== '') out.dirs.add(dir);
      return;
    }
    const segment = segments[index];
    const join = (name: string) => (dir ? `${dir}/${name}` : name);
    if (segment === '**') {
      // Zero folders, then each folder at any depth (hidden ones skipped, as glob does).
      visit(dir, index + 1);
      for (const child of tree.childDirs(dir)) if (!child.startsWith('.')) visit(join(child), index);
      if (index === segments.length - 1) for (const file of tree.childFiles(dir)) if (!basename(file).startsWith('.')) addFile(file);
      return;
    }
    const re = compileGlobSegment(segment);
    for (const child of tree.childDirs(dir)) if (re.test(child)) visit(join(child), index + 1);
    if (index === segments.length - 1) for (const file of tree.childFiles(dir)) if (re.test(basename(file))) addFile(file);
  };
  const addFile = (file: string) => {
    if (!onlyDirs) out.files.add(file);
  };
  visit('', 0);
  return out;
}

/** flit_core's FilePatterns.match_file: the file itself matched, or a matched folder holds it. */
export function matchesGlobs(path: string, matches: GlobMatches): boolean {
  return matches.files.has(path) || [...matches.dirs].some((d) => path.startsWith(`${d}/`));
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * fnmatch for one path segment (`*`, `?`, `[...]`, `[!...]`). With `hideDots` (glob.glob) a
 * wildcard at the start never matches a leading dot; pathlib's glob has no such rule.
 */
export function compileGlobSegment(segment: string, hideDots = true): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const ch = segment[i];
    if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else if (ch === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let set = segment.slice(i + 1, close);
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        re += `[${set.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += ch.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  const guard = hideDots && !segment.startsWith('.') && /^[*?[]/.test(segment);
  return new RegExp(`^${guard ? '(?!\\.)' : ''}${re}$`);
}
