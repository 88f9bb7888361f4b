/**
 * Nexus's project-name normalization: `name.replaceAll("[\\-\\_\\.]+", "-").toLowerCase(Locale.ENGLISH)`
 * (PyPiPathUtils.normalizeName, NEXUS-PYPI.md section 1.4). Same result as PEP 503 for valid names.
 * toLowerCase on ASCII matches Locale.ENGLISH; non-ASCII names are lowered the same way Java does
 * for English, which is what Nexus stores.
 */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** True when `name` is already in normalized form (the only form Nexus serves, no redirect). */
export function isNormalizedProjectName(name: string): boolean {
  return normalizeProjectName(name) === name;
}
