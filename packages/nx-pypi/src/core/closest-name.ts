/** "Did you mean …?" for a name the user typed: typos must be refused, and the fix named. */

/** The known name within `maxEdits` edits of `name` (case ignored), the closest first. */
export function closestName(name: string, known: readonly string[], maxEdits = 2): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(name.toLowerCase(), k.toLowerCase());
    if (distance <= maxEdits && (!best || distance < best.distance)) best = { name: k, distance };
  }
  return best?.name;
}

/** Optimal string alignment distance: Levenshtein plus adjacent swaps ("crop" -> "corp" is one edit). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}
