import { toDistFilenamePart } from '../names';

/** The names one build produces, all derived from the project name and its normalized version. */
export interface DistNames {
  /** `token_lib` (binary distribution format spec: normalized, `-` -> `_`). */
  distName: string;
  version: string;
  /** `token_lib-0.1.0.tar.gz` (PEP 625). */
  sdistFilename: string;
  /** `token_lib-0.1.0-py3-none-any.whl`: pure Python only, so one fixed tag. */
  wheelFilename: string;
  /** `token_lib-0.1.0.dist-info`. */
  distInfoDir: string;
  /** `token_lib-0.1.0`: the one top folder of the sdist. */
  sdistRoot: string;
}

/** The tag a native build writes: pure Python 3, no ABI, any platform (poetry-core writes `py2.py3` when Python 2 is admitted). */
export const PURE_WHEEL_TAG = 'py3-none-any';

/** Derives every artifact name from `[project].name` and an already normalized PEP 440 version. */
export function computeDistNames(projectName: string, normalizedVersion: string, wheelTag: string = PURE_WHEEL_TAG): DistNames {
  const distName = toDistFilenamePart(projectName);
  const stem = `${distName}-${normalizedVersion}`;
  return {
    distName,
    version: normalizedVersion,
    sdistFilename: `${stem}.tar.gz`,
    wheelFilename: `${stem}-${wheelTag}.whl`,
    distInfoDir: `${stem}.dist-info`,
    sdistRoot: stem,
  };
}

/**
 * True for a file in the output folder that an earlier build of this project left behind (another
 * version, same distribution), so the folder holds exactly this build's artifacts for Nx's cache.
 */
export function isStaleArtifact(filename: string, distName: string, keep: readonly string[]): boolean {
  return !keep.includes(filename) && parseArtifactDistName(filename) === distName;
}

/**
 * The distribution part of a wheel or sdist file name, normalized to the underscore form; undefined
 * for other files. Wheels escape `-` in the name, so it is the first field; sdists from older tools
 * (setuptools < 69, flit 3.8) keep `-` in the name, so the version is what follows the last `-`.
 */
export function parseArtifactDistName(filename: string): string | undefined {
  let stem: string;
  if (filename.endsWith('.whl')) stem = filename.split('-')[0];
  else if (filename.endsWith('.tar.gz') && filename.lastIndexOf('-') > 0) stem = filename.slice(0, filename.lastIndexOf('-'));
  else return undefined;
  return toDistFilenamePart(stem);
}
