/**
 * A Requires-Dist that points at a file on the building machine (`token-lib @ file:///home/ci/...`,
 * what `poetry build` writes for a path dependency) installs nowhere else: pip on another machine
 * fails on it, and PyPI refuses such uploads. Publishing it to a shared index would ship a broken
 * release, so publish stops before sending anything.
 */
import { getMetadataFields, type CoreMetadata } from './parse-core-metadata';

/** The Requires-Dist lines whose direct reference is a local file or folder. */
export function findLocalRequirements(metadata: CoreMetadata): string[] {
  return getMetadataFields(metadata, 'Requires-Dist').filter((line) => /@\s*file:/i.test(line.split(';')[0]));
}
