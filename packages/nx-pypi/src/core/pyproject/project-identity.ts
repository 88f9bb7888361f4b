/**
 * What the Nx graph needs from a pyproject.toml, and nothing more: is it a project, its name, its
 * description (for `nx show project`) and the names it requires, development groups included.
 * Rules that matter only when building (readme suffix, SPDX ids, classifier/license combinations,
 * a missing version) are the build's to check (parsePyProject), so one project's build-only
 * problem never blocks `nx` for the whole workspace. Problems here still carry file, key path and line:col.
 */
import { normalizeName } from '../names';
import { Checker, isTable, type Table } from './checker';
import { PyProjectError } from './errors';
import { locateProblems, readTomlDocument } from './toml-document';
import { checkName } from './fields-core';
import { checkOptionalDependencies, checkRequirements } from './fields-dependencies';
import { checkDevelopmentRequirements } from './fields-dependency-groups';
import { checkPoetryGraphFields, declaresPoetryPackage } from '../poetry/poetry-graph';

/** The top-level tables of pyproject.toml that PEP 518/621/735 define. */
const KNOWN_TOP_LEVEL = ['build-system', 'project', 'tool', 'dependency-groups'];

export type ProjectIdentity =
  | {
      kind: 'project';
      name: string;
      normalizedName: string;
      description?: string;
      /**
       * Normalized names required by dependencies and optional-dependencies, Poetry's dependency
       * tables and groups, PEP 735 `[dependency-groups]` and uv's `[tool.uv] dev-dependencies`.
       */
      requires: string[];
      /** The plugin that computes the version from VCS tags (setuptools-scm, hatch-vcs, ...), if any. */
      vcsVersion?: string;
      /**
       * hatchling builds it: the nearest .gitignore, which may lie above the project (a monorepo's),
       * decides its files and is shipped in its sdist, so the build hashes it.
       */
      hatchling?: true;
      /**
       * Where name and version live: `[project]` (PEP 621), `[tool.poetry]` only (Poetry 1.x), or
       * `[project]` with `[tool.poetry]` beside it (Poetry 2: its groups are edges too).
       */
      layout: 'pep621' | 'poetry' | 'poetry-pep621';
    }
  /** Settings only (`[tool.ruff]` at a repository root): not a package, nothing to say. */
  | { kind: 'settings' }
  /** Meant as a project, or shaped like one, but unusable: the caller decides whether that is fatal. */
  | { kind: 'broken'; error: PyProjectError };

export function readProjectIdentity(text: string, filePath: string): ProjectIdentity {
  if (text.trim() === '') {
    return broken(filePath, text, [], 'PYPROJECT_EMPTY', 'the file is empty', 'write a [project] table with name and version, or delete the file');
  }
  let doc: Table;
  try {
    doc = readTomlDocument(text, filePath);
  } catch (err) {
    if (!(err instanceof PyProjectError)) throw err;
    return { kind: 'broken', error: err };
  }
  if (doc.project === undefined) {
    const stray = Object.keys(doc).find((key) => !KNOWN_TOP_LEVEL.includes(key));
    if (stray !== undefined) {
      return broken(
        filePath,
        text,
        [stray],
        'PYPROJECT_UNKNOWN_TABLE',
        `[${stray}] is not a pyproject.toml table, and there is no [project] table`,
        `a package is declared in [project] (PEP 621)${/^proj/i.test(stray) ? `: rename [${stray}] to [project]` : ''}; tool settings go under [tool.<name>]`,
        'key',
      );
    }
    const poetry = isTable(doc.tool) ? doc.tool.poetry : undefined;
    return declaresPoetryPackage(poetry) ? readPoetryIdentity(text, filePath, doc, poetry) : { kind: 'settings' };
  }
  const c = new Checker();
  const project = c.table(['project'], doc.project, 'write it as a [project] table');
  let name: string | undefined;
  let requires: string[] = [];
  if (project) {
    if (project.name === undefined) c.report(['project'], 'PYPROJECT_MISSING_NAME', '[project] has no name', 'add name = "my-package" to [project]');
    else name = checkName(c, project.name, ['project', 'name']);
    const dependencies = project.dependencies === undefined ? [] : (checkRequirements(c, project.dependencies, ['project', 'dependencies']) ?? []);
    const optional =
      project['optional-dependencies'] === undefined
        ? {}
        : (checkOptionalDependencies(c, project['optional-dependencies'], ['project', 'optional-dependencies']) ?? {});
    requires = [...dependencies, ...Object.values(optional).flat()].map((r) => r.normalizedName);
  }
  const poetry = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : undefined;
  if (project && poetry) requires.push(...checkPoetryGraphFields(c, poetry, project).requires);
  // PEP 735 groups and uv's dev-dependencies: edges (a test group's library), never Requires-Dist.
  requires.push(...checkDevelopmentRequirements(c, doc).map((site) => site.requirement.normalizedName));
  if (c.problems.length > 0 || !project || name === undefined) return { kind: 'broken', error: locateProblems(c, text, filePath) };
  const description = typeof project.description === 'string' ? project.description : undefined;
  const vcsVersion = findVcsVersionPlugin(doc, project);
  const layout = poetry ? 'poetry-pep621' : 'pep621';
  const buildSystem = isTable(doc['build-system']) ? doc['build-system'] : {};
  return {
    kind: 'project',
    name,
    normalizedName: normalizeName(name),
    ...(description === undefined ? {} : { description }),
    requires: [...new Set(requires)],
    ...(vcsVersion ? { vcsVersion } : {}),
    ...(buildSystem['build-backend'] === 'hatchling.build' ? { hatchling: true as const } : {}),
    layout,
  };
}

/** A Poetry 1.x project: `[tool.poetry]` names it, and every dependency table (and PEP 735 group) is an edge. */
function readPoetryIdentity(text: string, filePath: string, doc: Table, poetry: Table): ProjectIdentity {
  const c = new Checker();
  const fields = checkPoetryGraphFields(c, poetry);
  fields.requires.push(...checkDevelopmentRequirements(c, doc).map((site) => site.requirement.normalizedName));
  if (c.problems.length > 0 || fields.name === undefined) return { kind: 'broken', error: locateProblems(c, text, filePath) };
  const { name, description } = fields;
  return {
    kind: 'project',
    name,
    normalizedName: normalizeName(name),
    ...(description === undefined ? {} : { description }),
    requires: [...new Set(fields.requires)],
    layout: 'poetry',
  };
}

/** Build plugins that derive the version from git tags and the working tree's state. */
const VCS_VERSION_PLUGINS = new Set([
  'setuptools-scm',
  'hatch-vcs',
  'versioningit',
  'dunamai',
  'uv-dynamic-versioning',
  'poetry-dynamic-versioning',
  'setuptools-git-versioning',
  'pbr',
]);

/**
 * Which plugin, if any, takes a dynamic version from VCS. The graph needs to know: such a
 * project's build depends on the repository's tags and state, which Nx does not hash by itself.
 */
function findVcsVersionPlugin(doc: Table, project: Table): string | undefined {
  const dynamic = Array.isArray(project.dynamic) ? project.dynamic : [];
  if (!dynamic.includes('version')) return undefined;
  const buildSystem = isTable(doc['build-system']) ? doc['build-system'] : {};
  const requires = Array.isArray(buildSystem.requires) ? buildSystem.requires : [];
  for (const requirement of requires) {
    const name = typeof requirement === 'string' ? normalizeName(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1] ?? '') : '';
    if (VCS_VERSION_PLUGINS.has(name)) return name;
  }
  const tool = isTable(doc.tool) ? doc.tool : {};
  const pdmVersion = isTable(tool.pdm) && isTable(tool.pdm.version) ? tool.pdm.version : undefined;
  if (pdmVersion?.source === 'scm') return 'pdm-backend (scm)';
  const hatchVersion = isTable(tool.hatch) && isTable(tool.hatch.version) ? tool.hatch.version : undefined;
  if (hatchVersion?.source === 'vcs') return 'hatch-vcs';
  return undefined;
}

function broken(filePath: string, text: string, path: string[], code: string, message: string, hint: string, at: 'key' | 'value' = 'value'): ProjectIdentity {
  const c = new Checker();
  c.report(path, code, message, hint, at);
  return { kind: 'broken', error: locateProblems(c, text, filePath) };
}
