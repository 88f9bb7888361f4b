/**
 * Which files of a project's dist/ folder a publish sends: exactly the artifacts of the project's
 * current name and version, as the build target wrote them. Publish never rebuilds, so a dist/
 * holding anything else (another version, another distribution) is refused rather than guessed at.
 */
import { normalizeName, toDistFilenamePart } from '../names';
import { normalizeVersion } from '../pep440';
import { parseArtifactFilename } from './artifact-filename';
import { PublishInputError } from './errors';

const ARTIFACT = /\.(whl|tar\.gz|zip)$/;

/** Returns the artifact file names to publish, sorted; throws PublishInputError naming every stray file. */
export function selectArtifactsToPublish(
  filenames: readonly string[],
  project: { name: string; version: string },
  distDir: string,
  buildCommand: string,
): string[] {
  const wanted = toDistFilenamePart(project.name);
  const selected: string[] = [];
  const strays: string[] = [];
  for (const filename of [...filenames].sort()) {
    if (!ARTIFACT.test(filename)) continue;
    let parsed;
    try {
      parsed = parseArtifactFilename(filename);
    } catch {
      strays.push(`${filename} (not a distribution file name)`);
      continue;
    }
    const sameDist = toDistFilenamePart(normalizeName(parsed.distribution)) === wanted;
    const version = normalizeVersion(parsed.version);
    if (sameDist && version === project.version) selected.push(filename);
    else if (sameDist) strays.push(`${filename} (version ${parsed.version}, but the project is at ${project.version})`);
    else strays.push(`${filename} (not a distribution of ${project.name})`);
  }
  if (strays.length > 0) {
    throw new PublishInputError(`holds files that are not ${project.name} ${project.version}: ${strays.join('; ')}`, {
      code: 'PUBLISH_DIST_MISMATCH',
      location: { file: distDir },
      hint: `run \`${buildCommand}\`: it writes exactly the current version's artifacts and removes stale ones. nx-pypi publishes what the build produced and never guesses.`,
    });
  }
  if (selected.length === 0) {
    throw new PublishInputError(`holds no artifact of ${project.name} ${project.version}`, {
      code: 'PUBLISH_NOTHING_BUILT',
      location: { file: distDir },
      hint: `run \`${buildCommand}\` first (the publish target depends on build, so \`nx run <project>:publish\` does it for you)`,
    });
  }
  return selected;
}

/**
 * The version a project's build wrote, for a project whose version is computed at build time
 * (`[project].dynamic`, VCS tags): the build leaves exactly one version's artifacts, so that is the
 * version to publish. Undefined when dist/ holds none; an error when it holds several.
 */
export function findBuiltVersion(filenames: readonly string[], name: string, distDir: string, buildCommand: string): string | undefined {
  const wanted = toDistFilenamePart(name);
  const versions = new Set<string>();
  for (const filename of filenames) {
    if (!ARTIFACT.test(filename)) continue;
    try {
      const parsed = parseArtifactFilename(filename);
      if (toDistFilenamePart(normalizeName(parsed.distribution)) === wanted) versions.add(normalizeVersion(parsed.version) ?? parsed.version);
    } catch {
      continue; // reported by selectArtifactsToPublish
    }
  }
  if (versions.size > 1) {
    throw new PublishInputError(`holds several versions of ${name} (${[...versions].sort().join(', ')}), and its version is computed at build time`, {
      code: 'PUBLISH_DIST_MISMATCH',
      location: { file: distDir },
      hint: `run \`${buildCommand}\`: it writes exactly the current version's artifacts and removes stale ones`,
    });
  }
  return [...versions][0];
}
