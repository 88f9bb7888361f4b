/** The Python packages already in the workspace, and requirements on them. */
import { visitNotIgnoredFiles, type Tree } from '@nx/devkit';
import { parseRequirement } from '../../core/pep508';
import { readDistributionIdentity } from '../../core/publish/distribution-identity';
import { readProjectIdentity } from '../../core/pyproject/project-identity';
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
    const text = tree.read(file, 'utf-8') ?? '';
    // The graph's own reading, so Poetry projects and projects with build-only problems count too;
    // a broken neighbour is reported by the graph, not by this generator.
    const identity = readProjectIdentity(text, file);
    if (identity.kind !== 'project') return;
    found.set(identity.normalizedName, { name: identity.name, version: literalVersion(text, file), file });
  });
  return found;
}

/** The version written in the file ([project] or [tool.poetry]); undefined when dynamic or invalid. */
function literalVersion(text: string, file: string): string | undefined {
  try {
    const identity = readDistributionIdentity(text, file);
    return identity.dynamicVersion ? undefined : identity.requireVersion();
  } catch {
    return undefined;
  }
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
