/**
 * One pyproject.toml as `nx release version` reads it, whichever table holds the package:
 * `[project]` (PEP 621, and Poetry 2's mix, whose `[tool.poetry]` groups may also name workspace
 * projects) or `[tool.poetry]` alone (Poetry 1.x, issue 13).
 */
import { listPoetryDependencySites } from '../poetry/edit-poetry';
import { readPoetryDynamicVersion, readPoetryPackage, type PoetryDynamicVersion, type PoetryPackage } from '../poetry/poetry-package';
import { parsePyProject, type PyProject } from '../pyproject';
import { listGroupRequirementSites } from '../pyproject/edit-dependency-groups';
import { listRequirementSites } from '../pyproject/edit-requirements';

export type ReleaseManifest =
  | { name: string; poetry: PoetryPackage; project?: undefined }
  | {
      name: string;
      project: PyProject;
      poetry?: undefined;
      /** Poetry 2: `[project]` lists the version as dynamic and `[tool.poetry].version` holds it. */
      poetryVersion?: PoetryDynamicVersion;
    };

/** How a dependent names a dependency, for Nx's "current version of dependency" and log lines. */
export interface DependencyMention {
  normalizedName: string;
  /** The requirement or constraint as written (`token-lib>=0.1`, `^0.1.0`, `path ../token-lib`). */
  raw: string;
  /**
   * `dependencies`, `optional-dependencies.<extra>`, Poetry's `dev-dependencies` or `group.<name>`,
   * `dependency-groups.<group>` (PEP 735) or `tool.uv.dev-dependencies`.
   */
  collection: string;
}

/** Throws PyProjectError (located) for a file that is neither. */
export function readReleaseManifest(text: string, filePath: string): ReleaseManifest {
  const poetry = readPoetryPackage(text, filePath);
  if (poetry) return { name: poetry.name, poetry };
  const project = parsePyProject(text, filePath);
  const poetryVersion = readPoetryDynamicVersion(text, filePath);
  return { name: project.name, project, ...(poetryVersion ? { poetryVersion } : {}) };
}

/**
 * Every mention of a dependency: `[project]` requirements first, then the `[tool.poetry]` tables,
 * then PEP 735 `[dependency-groups]` and uv's `[tool.uv] dev-dependencies`.
 */
export function listDependencyMentions(text: string, manifest: ReleaseManifest): DependencyMention[] {
  const pep508 = manifest.project
    ? listRequirementSites(manifest.project).map((s) => ({ normalizedName: s.requirement.normalizedName, raw: s.requirement.raw, collection: s.collection }))
    : [];
  const poetry = listPoetryDependencySites(text).map((s) => ({
    normalizedName: s.normalizedName,
    raw: s.constraint?.text ?? s.reference ?? '',
    collection: s.collection,
  }));
  const filePath = manifest.project ? manifest.project.filePath : manifest.poetry.filePath;
  const groups = listGroupRequirementSites(text, filePath).map((s) => ({
    normalizedName: s.requirement.normalizedName,
    raw: s.requirement.raw,
    collection: s.collection,
  }));
  return [...pep508, ...poetry, ...groups];
}
