/**
 * What the upload form needs from an artifact's file name: its `filetype` and `pyversion`.
 * Wheels: https://packaging.python.org/en/latest/specifications/binary-distribution-format/
 * sdists: https://packaging.python.org/en/latest/specifications/source-distribution-format/
 */
import { ArtifactMetadataError } from './errors';

export type ArtifactType = 'bdist_wheel' | 'sdist';

export interface ArtifactFilename {
  filetype: ArtifactType;
  /** Wheel: the python tag (`py3`, `py2.py3`, `cp312`); sdist: `source` (as twine >= 6.1 sends). */
  pyversion: string;
  /** The distribution part as written (`token_lib`). */
  distribution: string;
  /** The version part as written. */
  version: string;
}

/** Parses `name-ver(-build)?-py-abi-plat.whl`, `name-ver.tar.gz` or `name-ver.zip`. */
export function parseArtifactFilename(filename: string): ArtifactFilename {
  if (filename.endsWith('.whl')) {
    const parts = filename.slice(0, -'.whl'.length).split('-');
    if (parts.length !== 5 && parts.length !== 6) throw invalid(filename, 'a wheel name has 5 or 6 "-"-separated parts');
    if (parts.length === 6 && !/^\d/.test(parts[2])) throw invalid(filename, 'a wheel build tag must start with a digit');
    if (parts.some((p) => p === '')) throw invalid(filename, 'a wheel name has no empty parts');
    return { filetype: 'bdist_wheel', pyversion: parts[parts.length - 3], distribution: parts[0], version: parts[1] };
  }
  const extension = ['.tar.gz', '.zip'].find((ext) => filename.endsWith(ext));
  if (extension) {
    const stem = filename.slice(0, -extension.length);
    // PEP 625 names have exactly one '-'; older sdists may have more in the name, so split at the last.
    const dash = stem.lastIndexOf('-');
    if (dash <= 0 || dash === stem.length - 1) throw invalid(filename, 'an sdist is named <name>-<version>.tar.gz');
    return { filetype: 'sdist', pyversion: 'source', distribution: stem.slice(0, dash), version: stem.slice(dash + 1) };
  }
  throw new ArtifactMetadataError(`${filename} is not a wheel (.whl) or an sdist (.tar.gz, .zip)`, {
    code: 'ARTIFACT_UNKNOWN_TYPE',
    location: { file: filename },
    hint: 'publish only the .whl and .tar.gz files the build writes',
  });
}

function invalid(filename: string, why: string): ArtifactMetadataError {
  return new ArtifactMetadataError(`${filename} is not a valid distribution file name: ${why}`, {
    code: 'ARTIFACT_BAD_FILENAME',
    location: { file: filename },
    hint: 'rename nothing by hand: rebuild the artifact so its name follows the specification',
  });
}
