/**
 * The versions a build pins its workspace references to (core/dist/workspace-references.ts): each
 * referenced project is found among the workspace's Python projects (by folder for a path, by
 * name for a uv `workspace = true` source) and its version read as its own build would read it.
 * A reference to a folder that is not a workspace project is left alone.
 */
import { readFileSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { DistBuildError } from '../../../core/dist/errors';
import { ProjectTree } from '../../../core/dist/project-tree';
import { selectDistFiles } from '../../../core/dist/select-dist-files';
import type { WorkspaceReference } from '../../../core/dist/workspace-references';
import { readPoetryDynamicVersion, readPoetryPackage } from '../../../core/poetry/poetry-package';
import { parsePyProject } from '../../../core/pyproject';
import { walkProject } from '../../../io/fs/walk-project';

/** A Python project of the workspace, from the graph: its workspace-relative folder and PEP 503 name. */
export interface WorkspacePythonProject {
  root: string;
  normalizedName: string;
}

/** Normalized name -> current version, for the references that are workspace projects. */
export function readWorkspaceVersions(
  references: readonly WorkspaceReference[],
  input: { workspaceRoot: string; projectRoot: string; pyprojectPath: string; projects: readonly WorkspacePythonProject[] },
): Map<string, string> {
  const versions = new Map<string, string>();
  for (const reference of references) {
    const target = findProject(reference, input);
    if (!target) continue;
    versions.set(reference.normalizedName, readCurrentVersion(reference, join(input.workspaceRoot, target.root), input.pyprojectPath));
  }
  return versions;
}

function findProject(
  reference: WorkspaceReference,
  input: { workspaceRoot: string; projectRoot: string; projects: readonly WorkspacePythonProject[] },
): WorkspacePythonProject | undefined {
  if (reference.path === undefined) return input.projects.find((p) => p.normalizedName === reference.normalizedName);
  const root = relative(input.workspaceRoot, resolve(input.projectRoot, reference.path)).split(sep).join('/') || '.';
  return input.projects.find((p) => p.root === root);
}

function readCurrentVersion(reference: WorkspaceReference, root: string, dependentPath: string): string {
  const path = join(root, 'pyproject.toml');
  const text = readFileSync(path, 'utf8');
  const poetry = readPoetryPackage(text, path) ?? readPoetryDynamicVersion(text, path);
  if (poetry) return poetry.version;
  const project = parsePyProject(text, path);
  if (project.version !== undefined) return project.version;
  const walk = walkProject(root);
  const outcome = selectDistFiles(project, new ProjectTree(walk.files.map((f) => f.path)), { readFile: (file) => readFileSync(join(root, file), 'utf8') });
  const version = outcome.kind === 'native' ? outcome.dynamic?.version : undefined;
  if (version !== undefined) return version;
  throw new DistBuildError(
    `${reference.name} is required through its ${reference.via}, and its version is computed when it is built (${outcome.kind === 'unsupported' ? outcome.reason : 'no version'}), so this build cannot require a version range of it`,
    {
      code: 'BUILD_WORKSPACE_REFERENCE_VERSION',
      location: { file: dependentPath },
      hint: `require ${reference.name} with versions in ${dependentPath} (e.g. "${reference.name}>=1.0"), or keep ${reference.name}'s version as a literal`,
    },
  );
}
