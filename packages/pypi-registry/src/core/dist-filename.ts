/**
 * Checks that only `--strict` mode performs. Nexus itself never parses a hosted filename
 * (NEXUS-PYPI.md 3): these catch client bugs that real Nexus would silently accept.
 */
import { normalizeProjectName } from './normalize-name';
import { normalizeVersion, sameVersion } from './normalize-version';

type DistKind = 'bdist_wheel' | 'sdist';

/** The distribution kind a filename implies, or undefined for extensions clients do not upload. */
export function classifyDistFilename(filename: string): DistKind | undefined {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl')) return 'bdist_wheel';
  if (lower.endsWith('.tar.gz') || lower.endsWith('.zip')) return 'sdist';
  return undefined;
}

/**
 * Problems with a filename given the form's `name`, `version` and `filetype`; empty when it agrees.
 * Names compare after normalization (PEP 503, with wheel `_` escaping), versions after PEP 440
 * normalization: clients send METADATA's version, which may be spelt unnormalized.
 */
export function checkDistFilename(filename: string, name: string, version: string, filetype: string | undefined): string[] {
  const kind = classifyDistFilename(filename);
  if (!kind) return [`Filename ${filename} is not a wheel (.whl) or an sdist (.tar.gz, .zip)`];
  const problems: string[] = [];
  if (filetype !== kind) problems.push(`Filename ${filename} does not match filetype ${filetype ?? '(missing)'}: expected ${kind}`);
  const parsed = kind === 'bdist_wheel' ? parseWheelName(filename) : parseSdistName(filename, version);
  if (!parsed) {
    problems.push(`Filename ${filename} is not a valid ${kind === 'bdist_wheel' ? 'wheel' : 'sdist'} filename for version ${version}`);
    return problems;
  }
  if (normalizeProjectName(parsed.project) !== normalizeProjectName(name)) {
    problems.push(`Filename ${filename} does not match name ${name}: expected project ${normalizeProjectName(name)}`);
  }
  if (!sameVersion(parsed.version, version)) {
    problems.push(`Filename ${filename} does not match version ${version}`);
  }
  return problems;
}

/** `{distribution}-{version}(-{build})?-{python}-{abi}-{platform}.whl` */
function parseWheelName(filename: string): { project: string; version: string } | undefined {
  const parts = filename.slice(0, -'.whl'.length).split('-');
  if (parts.length !== 5 && parts.length !== 6) return undefined;
  if (parts.some((part) => part === '')) return undefined;
  return { project: parts[0]!, version: parts[1]! };
}

/**
 * `{name}-{version}.tar.gz`. Old backends (flit 3.8) keep dashes in the name, so the version is
 * taken as the suffix that equals the form's version (verbatim or normalized) rather than split
 * on the last dash.
 */
function parseSdistName(filename: string, version: string): { project: string; version: string } | undefined {
  const stem = filename.toLowerCase().endsWith('.zip') ? filename.slice(0, -4) : filename.slice(0, -7);
  for (const spelling of new Set([version, normalizeVersion(version) ?? version])) {
    const suffix = `-${spelling}`;
    if (stem.length > suffix.length && stem.toLowerCase().endsWith(suffix.toLowerCase())) {
      return { project: stem.slice(0, -suffix.length), version: stem.slice(-spelling.length) };
    }
  }
  const dash = stem.lastIndexOf('-');
  if (dash <= 0 || dash === stem.length - 1) return undefined;
  return { project: stem.slice(0, dash), version: stem.slice(dash + 1) };
}
