/** TOML key paths as data (`['project', 'dependencies', 2]`) and as users read them (`project.dependencies[2]`). */
export type KeyPath = ReadonlyArray<string | number>;

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** `project.urls."Bug Tracker"`, `project.authors[0].email`: bare keys plain, others quoted as TOML would. */
export function formatKeyPath(path: KeyPath): string {
  let s = '';
  for (const seg of path) {
    if (typeof seg === 'number') s += `[${seg}]`;
    else s += (s ? '.' : '') + (BARE_KEY.test(seg) ? seg : JSON.stringify(seg));
  }
  return s;
}

/** A Map key for a path; indices and keys cannot collide (`[0]` vs `"0"`). */
export function pathId(path: KeyPath): string {
  return JSON.stringify(path);
}

/**
 * The path `formatKeyPath` wrote (`tool.poetry.packages[0].include`, `project.urls."Bug Tracker"`),
 * or undefined for text it would not have written.
 */
export function parseKeyPath(text: string): KeyPath | undefined {
  const path: Array<string | number> = [];
  const segment = /\.?(?:([A-Za-z0-9_-]+)|("(?:[^"\\]|\\.)*"))|\[(\d+)\]/y;
  let at = 0;
  while (at < text.length) {
    segment.lastIndex = at;
    const m = segment.exec(text);
    // A dot separates keys only: none at the start, none before an index.
    if (!m || (m[0].startsWith('.') ? at === 0 : at > 0 && m[3] === undefined)) return undefined;
    if (m[3] !== undefined) path.push(Number(m[3]));
    else path.push(m[1] ?? (JSON.parse(m[2]) as string));
    at = segment.lastIndex;
  }
  return path.length > 0 ? path : undefined;
}
