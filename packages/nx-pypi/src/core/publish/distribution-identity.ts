/**
 * The distribution name and version publish works with, from whichever table declares them:
 * `[project]` (PEP 621, Poetry 2) or `[tool.poetry]` (a Poetry 1.x project, issue 13).
 */
import { readPoetryPackage } from '../poetry/poetry-package';
import { parsePyProject, requireStaticVersion } from '../pyproject';

export interface DistributionIdentity {
  name: string;
  /** `[project].dynamic` lists the version: the build decided it, and dist/ holds it. */
  dynamicVersion: boolean;
  /** Where the version is written, for messages: `project.version` or `tool.poetry.version`. */
  versionKeyPath: string;
  /** The literal version; throws DynamicVersionError (located, with the fix) when there is none. */
  requireVersion(): string;
}

/** Throws PyProjectError for a file that declares no valid name (and, for Poetry, version). */
export function readDistributionIdentity(text: string, filePath: string): DistributionIdentity {
  const poetry = readPoetryPackage(text, filePath);
  if (poetry) return { name: poetry.name, dynamicVersion: false, versionKeyPath: 'tool.poetry.version', requireVersion: () => poetry.version };
  const project = parsePyProject(text, filePath);
  return {
    name: project.name,
    dynamicVersion: project.version === undefined && project.dynamic.includes('version'),
    versionKeyPath: 'project.version',
    requireVersion: () => requireStaticVersion(project),
  };
}
