/**
 * How an asset's name, version and filename become names on disk, and which ones cannot. Nexus
 * keeps files in a blob store under generated ids, so it has no such limit; this store keeps the
 * path readable instead, and refuses up front what the file system would refuse mid-write.
 */

/** Appended to the filename for the metadata file next to it (`assets/<n>/<v>/<file>.json`). */
export const METADATA_SUFFIX = '.json';

/**
 * Names and versions come from the upload form: percent-encode them so that `/`, `..` or NUL can
 * never leave the repository directory.
 */
export function encodeSegment(segment: string): string {
  return encodeURIComponent(segment).replace(/^\.{1,2}$/, (dots) => dots.replace(/\./g, '%2E'));
}

export interface AssetNames {
  /** Normalized project name: a directory. */
  name: string;
  /** Version as sent: a directory. */
  version: string;
  /** Filename as sent: a file, and with METADATA_SUFFIX the metadata file. */
  filename: string;
}

/**
 * Why the asset cannot be stored under a file system allowing `nameLimit` bytes per name, or
 * undefined. The first segment too long is named, in path order. Encoded segments are ASCII, so
 * their length is their byte count.
 */
export function checkSegmentLengths(names: AssetNames, nameLimit: number): string | undefined {
  const segments: Array<[label: string, value: string, limit: number, why: string]> = [
    ['Name', names.name, nameLimit, `the data directory takes names of up to ${nameLimit} bytes`],
    ['Version', names.version, nameLimit, `the data directory takes names of up to ${nameLimit} bytes`],
    [
      'Filename',
      names.filename,
      nameLimit - METADATA_SUFFIX.length,
      `the data directory takes names of up to ${nameLimit} bytes, and the metadata file adds "${METADATA_SUFFIX}"`,
    ],
  ];
  for (const [label, value, limit, why] of segments) {
    const bytes = encodeSegment(value).length;
    if (bytes > limit) return `${label} ${value} is too long to store: ${bytes} bytes percent-encoded, at most ${limit} (${why})`;
  }
  return undefined;
}
