/**
 * The version segment a proxy puts in the links it rewrites (`packages/<name>/<version>/<file>`),
 * read from the filename since an upstream page lists files, not versions. The segment only has
 * to be stable and readable: downloads find the file by project and filename, then check it.
 */
import { normalizeProjectName } from './normalize-name';

const ARCHIVE_SUFFIXES = ['.tar.gz', '.tar.bz2', '.tar.xz', '.tar.zst', '.tgz', '.tar', '.zip', '.egg', '.exe', '.msi', '.rpm', '.dmg'];

/** `{name}-{version}-…whl` gives its second field; `{name}-{version}.<archive>` what follows the project's name. */
export function versionFromFilename(project: string, filename: string): string {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl')) {
    const fields = filename.slice(0, -4).split('-');
    if (fields.length >= 5 && fields[1]) return fields[1];
  }
  const suffix = ARCHIVE_SUFFIXES.find((candidate) => lower.endsWith(candidate));
  const stem = suffix ? filename.slice(0, -suffix.length) : filename;
  // Old sdists keep dashes in the name: the version starts after the dash that ends the project's name.
  const wanted = normalizeProjectName(project);
  for (let dash = stem.indexOf('-'); dash > 0; dash = stem.indexOf('-', dash + 1)) {
    if (normalizeProjectName(stem.slice(0, dash)) === wanted) {
      const rest = stem.slice(dash + 1);
      // A bdist_egg or similar carries more fields after the version (`-py3.8`): keep the version only.
      if (rest) return rest.split('-')[0]!;
    }
  }
  const last = stem.lastIndexOf('-');
  return last > 0 && last < stem.length - 1 ? stem.slice(last + 1) : 'unknown';
}
