/**
 * The highest version published on a simple index project page, from its file names
 * (`token_lib-0.2.0-py3-none-any.whl`, `token_lib-0.2.0.tar.gz`). Pre-releases count: after
 * `2.0.0rc1` is published, that is the version a release continues from. Files that are not
 * wheels or sdists (`.egg`, `.exe`, `.tar.bz2` of old uploads) or whose version is not PEP 440
 * (pre-PEP 440 uploads) are skipped rather than failing the release.
 */
import { compareParsedVersions, parseVersion, renderVersion, type ParsedVersion } from '../pep440';
import { normalizeName } from '../names';
import { parseArtifactFilename } from '../publish/artifact-filename';

/** Highest version (normal form) among `filenames` of `project` (any spelling); undefined when none qualifies. */
export function highestVersion(filenames: Iterable<string>, project?: string): string | undefined {
  const wanted = project === undefined ? undefined : normalizeName(project);
  let best: ParsedVersion | undefined;
  for (const filename of filenames) {
    let parsed;
    try {
      parsed = parseArtifactFilename(filename);
    } catch {
      continue;
    }
    if (wanted !== undefined && normalizeName(parsed.distribution) !== wanted) continue;
    const version = parseVersion(parsed.version);
    if (version && (!best || compareParsedVersions(version, best) > 0)) best = version;
  }
  return best && renderVersion(best);
}
