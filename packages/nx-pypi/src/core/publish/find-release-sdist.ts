/**
 * One sdist per release. PyPI refuses a second source distribution of a version ("Only one sdist
 * may be uploaded per release"); Nexus stores any file name it has not seen, so a rename
 * (`token-lib-0.1.0.tar.gz` beside `token_lib-0.1.0.tar.gz`) would add a second, different source
 * to a published version. This finds the one already listed.
 */
import { compareVersions, isValidVersion } from '../pep440';
import { parseArtifactFilename } from './artifact-filename';
import type { ProjectIndex } from './parse-simple-index';

/** The listed sdist of the same version under another file name, if any. */
export function findOtherReleaseSdist(filename: string, version: string, index: ProjectIndex): string | undefined {
  // PEP 440 equality (1.0 == 1.0.0), as PyPI's canonical release versions treat them as one.
  const same = (other: string): boolean => (isValidVersion(other) && isValidVersion(version) ? compareVersions(other, version) === 0 : other === version);
  for (const listed of index.keys()) {
    if (listed.toLowerCase() === filename.toLowerCase()) continue;
    let parsed;
    try {
      parsed = parseArtifactFilename(listed);
    } catch {
      continue; // not a distribution file name: nothing to compare
    }
    if (parsed.filetype === 'sdist' && same(parsed.version)) return listed;
  }
  return undefined;
}
