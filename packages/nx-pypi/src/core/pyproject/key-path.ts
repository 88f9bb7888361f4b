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
