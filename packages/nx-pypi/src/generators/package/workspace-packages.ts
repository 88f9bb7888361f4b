/** The Python packages already in the workspace, and requirements on them. */
import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { parseRequirement } from '../../core/pep508';
import { parsePyProject } from '../../core/pyproject';
import { PackageGeneratorError } from './check-pyproject';

export interface WorkspacePackage {
  name: string;
  version?: string;
  file: string;
}

/** Every valid pyproject.toml of the workspace, by PEP 503 normalized name. */
export function readWorkspacePackages(tree: Tree): Map<string, WorkspacePackage> {
  const found = new Map<string, WorkspacePackage>();
  visitNotIgnoredFiles(tree, '.', (file) => {
    if (!file.endsWith('pyproject.toml') || /(^|\/)(node_modules|\.venv|dist)\//.test(file)) return;
    try {
      const project = parsePyProject(tree.read(file, 'utf-8') ?? '', file);
      found.set(project.normalizedName, { name: project.name, version: project.version, file });
    } catch {
      // A broken neighbour is reported by the graph, not by this generator.
    }
  });
  return found;
}

/** A bare workspace package name becomes a requirement on its current version, so the graph edge exists at once. */
export function resolveDependency(text: string, workspace: Map<string, WorkspacePackage>): string | PackageGeneratorError {
  let requirement;
  try {
    requirement = parseRequirement(text);
  } catch (err) {
    return new PackageGeneratorError(`"${text}" (in --dependencies) is not a valid PEP 508 requirement.`, {
      code: 'PACKAGE_INVALID_DEPENDENCY',
      hint: `Write requirements like "cryptography>=41" or "token-lib". ${err instanceof Error ? err.message : ''}`.trim(),
      cause: err,
    });
  }
  const local = workspace.get(requirement.normalizedName);
  if (local?.version && requirement.specifier === '' && !requirement.url && !requirement.marker) {
    return `${requirement.name}${requirement.extras.length ? `[${requirement.extras.join(',')}]` : ''}>=${local.version}`;
  }
  return text;
}
