import type { ProjectGraph } from '@nx/devkit';
import { NxPypiError } from '../../../errors';

/** A workspace Python project to install editable. */
export interface InstallProject {
  /** The Nx project name. */
  name: string;
  /** Workspace-relative project folder. */
  root: string;
  /** The normalized distribution name (PEP 503), what pip knows it by. */
  distribution: string;
}

/**
 * The project and, with `withDependencies`, every workspace Python project it depends on, directly
 * or through other Python projects. Graph edges come from the names a project requires:
 * `[project]` dependencies and groups, and for a Poetry project every `[tool.poetry]` dependency
 * table, path dependencies included (a dependency whose normalized name is a workspace project is
 * that project), so this is what pip would otherwise fetch from the index. The project comes first, the rest in
 * breadth-first order.
 */
export function collectInstallProjects(graph: ProjectGraph, projectName: string, withDependencies: boolean): InstallProject[] {
  const start = toInstallProject(graph, projectName);
  if (start === undefined) {
    throw new NxPypiError(`Project "${projectName}" is not a Python project (no pyproject.toml with a [project] table was found for it).`, {
      code: 'INSTALL_NOT_PYTHON',
      hint: 'Run the install target of a project that nx-pypi infers from a pyproject.toml.',
    });
  }
  const found = [start];
  if (!withDependencies) return found;
  const seen = new Set([projectName]);
  for (let i = 0; i < found.length; i++) {
    for (const dep of graph.dependencies[found[i].name] ?? []) {
      if (seen.has(dep.target)) continue;
      seen.add(dep.target);
      const project = toInstallProject(graph, dep.target);
      if (project !== undefined) found.push(project);
    }
  }
  return found;
}

function toInstallProject(graph: ProjectGraph, name: string): InstallProject | undefined {
  const node = graph.nodes[name];
  const pypi = (node?.data.metadata as { pypi?: { normalizedName?: unknown } } | undefined)?.pypi;
  if (!node || typeof pypi?.normalizedName !== 'string') return undefined;
  return { name, root: node.data.root, distribution: pypi.normalizedName };
}

/** The normalized distribution names of every workspace Python project. */
export function workspaceDistributions(graph: ProjectGraph): Set<string> {
  return new Set(Object.keys(graph.nodes).flatMap((name) => toInstallProject(graph, name)?.distribution ?? []));
}
