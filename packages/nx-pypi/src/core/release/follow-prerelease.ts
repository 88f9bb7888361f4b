/**
 * A dependent released because a dependency was bumped cannot be more final than that
 * dependency: a stable `token-cli 0.1.3` requiring `token-lib>=0.1.3.dev0` would be installed by
 * every user while its dependency is a development build (and pip would pull the pre-release in
 * for it). So the dependent becomes a pre-release of the same kind as the least mature bumped
 * dependency (dev < a < b < rc).
 */
import { parseVersion } from '../pep440';
import type { PrePhase } from '../pep440/bump';

const MATURITY: Record<PrePhase, number> = { dev: 0, a: 1, b: 2, rc: 3 };

/** The phase of an upcoming release (`1.0.dev0` -> dev, `1.0a1.dev2` -> dev, `1.0rc1` -> rc), else undefined. */
export function prereleasePhase(version: string): PrePhase | undefined {
  const v = parseVersion(version);
  if (!v || v.post !== undefined) return undefined;
  if (v.dev !== undefined) return 'dev';
  return v.pre?.[0];
}

/** The least mature phase among the dependencies' new versions; undefined when all are final. */
export function leastMaturePhase(dependencyVersions: Iterable<string>): PrePhase | undefined {
  let least: PrePhase | undefined;
  for (const version of dependencyVersions) {
    const phase = prereleasePhase(version);
    if (phase !== undefined && (least === undefined || MATURITY[phase] < MATURITY[least])) least = phase;
  }
  return least;
}
