/**
 * A read-only view of the files of one project (POSIX paths relative to the project root), as the
 * walker found them after dropping build output, caches and VCS folders. Directories exist only
 * through the files under them; backends' discovery rules are written against this view so they
 * stay pure and table-testable. Folder contents are indexed once, so discovery stays linear in
 * the number of files.
 */
export class ProjectTree {
  private readonly sorted: readonly string[];
  private readonly files: ReadonlySet<string>;
  /** folder ('' for the root) -> files directly inside / names of folders directly inside. */
  private readonly childFileIndex = new Map<string, string[]>();
  private readonly childDirIndex = new Map<string, Set<string>>();

  constructor(paths: Iterable<string>) {
    this.sorted = [...new Set(paths)].sort(comparePaths);
    this.files = new Set(this.sorted);
    for (const file of this.sorted) {
      const parts = file.split('/');
      const parent = parts.slice(0, -1).join('/');
      getOrSet(this.childFileIndex, parent, () => []).push(file);
      for (let i = 0; i < parts.length - 1; i++) getOrSet(this.childDirIndex, parts.slice(0, i).join('/'), () => new Set()).add(parts[i]);
    }
  }

  /** Every file, sorted. */
  all(): readonly string[] {
    return this.sorted;
  }

  isFile(path: string): boolean {
    return this.files.has(path);
  }

  /** A folder exists when at least one file lies under it; '' is the project root. */
  isDir(path: string): boolean {
    const dir = normalizeDir(path);
    return this.childFileIndex.has(dir) || this.childDirIndex.has(dir);
  }

  /** All files under `dir` at any depth, sorted. */
  filesUnder(dir: string): string[] {
    const root = normalizeDir(dir);
    if (!this.isDir(root)) return [];
    const out: string[] = [];
    const visit = (d: string) => {
      out.push(...(this.childFileIndex.get(d) ?? []));
      for (const child of this.childDirs(d)) visit(d ? `${d}/${child}` : child);
    };
    visit(root);
    return out.sort(comparePaths);
  }

  /** Files directly inside `dir`, sorted. */
  childFiles(dir: string): string[] {
    return [...(this.childFileIndex.get(normalizeDir(dir)) ?? [])];
  }

  /** Names of the folders directly inside `dir`, sorted. */
  childDirs(dir: string): string[] {
    return [...(this.childDirIndex.get(normalizeDir(dir)) ?? [])].sort(comparePaths);
  }
}

/** Byte-order comparison (code units), independent of locale, so archive order never varies. */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Joins POSIX path parts, dropping empty and `.` parts. */
export function joinPath(...parts: string[]): string {
  return parts
    .flatMap((p) => p.split('/'))
    .filter((p) => p !== '' && p !== '.')
    .join('/');
}

function normalizeDir(dir: string): string {
  return joinPath(dir);
}

function getOrSet<K, V>(map: Map<K, V>, key: K, make: () => V): V {
  let value = map.get(key);
  if (value === undefined) {
    value = make();
    map.set(key, value);
  }
  return value;
}
