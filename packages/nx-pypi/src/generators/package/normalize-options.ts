/**
 * The package generator's options, checked as a whole before anything is written: every problem is
 * collected and reported at once, each naming the option, the value given and what to pass instead.
 */
import { logger, type Tree } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { posix } from 'node:path';
import { AggregateNxPypiError } from '../../errors';
import { isImportName, isValidProjectName, normalizeName, PYTHON_KEYWORDS, suggestImportName, suggestProjectName, toImportName } from '../../core/names';
import { checkRenderedPyProject, PackageGeneratorError } from './check-pyproject';
import { renderPyProjectToml, type PyProjectSpec } from './render-pyproject';
import type { PackageGeneratorSchema } from './schema';
import { readWorkspacePackages, resolveDependency, type WorkspacePackage } from './workspace-packages';

export const INITIAL_VERSION = '0.1.0';

export interface NormalizedOptions {
  name: string;
  importName: string;
  directory: string;
  modules: string[];
  layout: 'flat' | 'src';
  description: string;
  /** The pyproject.toml to write, already accepted by the validator the graph runs. */
  pyprojectToml: string;
}

const NAME_RULE = 'letters, digits, "-", "_" and ".", starting and ending with a letter or digit (PEP 508)';

/** Throws one error listing every problem of the options; returns what the generator writes from. */
export function normalizeOptions(tree: Tree, schema: PackageGeneratorSchema): NormalizedOptions {
  const problems: PackageGeneratorError[] = [];
  const name = schema.name?.trim() ?? '';
  const nameProblem = checkName(name);
  if (nameProblem) problems.push(nameProblem);

  // Without --directory the folder is the name: nothing more to say about it when the name is refused.
  const checkFolder = schema.directory !== undefined || !nameProblem;
  const directory = checkFolder ? normalizeDirectory(tree.root, schema.directory, name) : name;
  if (directory instanceof PackageGeneratorError) problems.push(directory);
  else if (checkFolder && tree.exists(directory) && tree.children(directory).length > 0) {
    problems.push(
      new PackageGeneratorError(`--directory: the folder "${directory}" already exists and is not empty.`, {
        code: 'PACKAGE_FOLDER_EXISTS',
        hint: 'Choose another --directory, or remove the folder first. nx-pypi never overwrites an existing project.',
      }),
    );
  }

  const workspacePackages = readWorkspacePackages(tree);
  const clash = isValidProjectName(name) ? workspacePackages.get(normalizeName(name)) : undefined;
  if (clash) {
    problems.push(
      new PackageGeneratorError(`--name=${JSON.stringify(name)}: a Python package named "${clash.name}" already exists in ${clash.file}.`, {
        code: 'PACKAGE_NAME_TAKEN',
        hint: 'Names are compared after PEP 503 normalization (Token_Lib == token-lib == token.lib): pick another name.',
      }),
    );
  }

  const modules = [...new Set(splitList(schema.modules))];
  for (const m of modules) {
    if (!isImportName(m) || m === '__init__') problems.push(moduleProblem(m));
  }
  const dependencies = resolveDependencies(splitList(schema.dependencies), workspacePackages, problems);

  const layout = schema.layout ?? 'flat';
  const importName = toImportName(name);
  const description = schema.description?.trim() || `The ${name} package.`;
  const spec: PyProjectSpec = {
    name,
    version: INITIAL_VERSION,
    description,
    readme: 'README.md',
    requiresPython: schema.requiresPython ?? '>=3.9',
    authors: [],
    dependencies,
    buildBackend: schema.buildBackend ?? 'setuptools',
    layout,
    importName,
  };
  const pyprojectToml = renderCheckedPyProject(spec, schema, problems);

  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new AggregateNxPypiError(`nx-pypi:package cannot create "${name}"`, problems, 'PACKAGE_INVALID_OPTIONS');
  return { name, importName, directory: directory as string, modules, layout, description, pyprojectToml };
}

function checkName(name: string): PackageGeneratorError | undefined {
  if (!name) {
    return new PackageGeneratorError('--name is required: the distribution name of the package.', {
      code: 'PACKAGE_INVALID_NAME',
      hint: `Pass a name made of ${NAME_RULE}, e.g. --name=token-lib.`,
    });
  }
  if (!isValidProjectName(name)) {
    const suggestion = suggestProjectName(name) ?? 'token-lib';
    return new PackageGeneratorError(`--name=${JSON.stringify(name)} is not a valid Python distribution name.`, {
      code: 'PACKAGE_INVALID_NAME',
      hint: `Use ${NAME_RULE}, e.g. --name=${suggestion}.`,
    });
  }
  const importName = toImportName(name);
  if (isImportName(importName)) return undefined;
  // A valid distribution name gives an import name of [a-z0-9_]: only these two can go wrong.
  const why = PYTHON_KEYWORDS.has(importName) ? 'is a Python keyword' : /^[0-9]/.test(importName) ? 'starts with a digit' : 'is not a Python identifier';
  const suggestion = suggestProjectName(name) as string;
  return new PackageGeneratorError(
    `--name=${JSON.stringify(name)} gives the import package "${importName}", which ${why}: \`import ${importName}\` is a syntax error.`,
    {
      code: 'PACKAGE_INVALID_IMPORT_NAME',
      hint: `Choose a name whose import name is a Python identifier, e.g. --name=${suggestion} (imported as ${toImportName(suggestion)}).`,
    },
  );
}

/** Workspace-relative, normalized; an absolute path or one that climbs out of the workspace is refused. */
function normalizeDirectory(root: string, given: string | undefined, name: string): string | PackageGeneratorError {
  const raw = given ?? name;
  const slashed = raw.replace(/\\/g, '/');
  const example = `e.g. --directory=libs/${name || 'token-lib'}`;
  if (slashed.startsWith('/') || /^[A-Za-z]:\//.test(slashed)) {
    const rel = posix.relative(root.replace(/\\/g, '/'), slashed);
    const inside = rel !== '' && !rel.startsWith('..') && !posix.isAbsolute(rel) && !/^[A-Za-z]:/.test(rel);
    return new PackageGeneratorError(`--directory=${JSON.stringify(raw)} is ${inside ? 'an absolute path' : 'outside the workspace'}.`, {
      code: 'PACKAGE_DIRECTORY_OUTSIDE',
      hint: inside
        ? `Pass it relative to the workspace root: --directory=${rel}.`
        : `Pass a folder relative to the workspace root, ${example}; nx-pypi never writes outside the workspace.`,
    });
  }
  const normalized = posix.normalize(slashed).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) {
    return new PackageGeneratorError(`--directory=${JSON.stringify(raw)} is outside the workspace (it resolves to ${normalized}).`, {
      code: 'PACKAGE_DIRECTORY_OUTSIDE',
      hint: `Pass a folder inside the workspace, relative to its root, ${example}; nx-pypi never writes outside the workspace.`,
    });
  }
  return normalized;
}

function moduleProblem(m: string): PackageGeneratorError {
  if (m === '__init__') {
    return new PackageGeneratorError('"__init__" (in --modules) is the package\'s own __init__.py, not a module to add.', {
      code: 'PACKAGE_INVALID_MODULE',
      hint: "The package's __init__.py is always written: leave __init__ out of --modules.",
    });
  }
  const suggestion = suggestImportName(m);
  return new PackageGeneratorError(`${JSON.stringify(m)} (in --modules) is not a valid Python module name.`, {
    code: 'PACKAGE_INVALID_MODULE',
    hint: `Module names are Python identifiers that are not keywords: ${suggestion ? `use ${suggestion} instead` : 'e.g. --modules=paseto,jwt,utils'}.`,
  });
}

function resolveDependencies(texts: string[], workspace: Map<string, WorkspacePackage>, problems: PackageGeneratorError[]): string[] {
  const out: string[] = [];
  for (const text of texts) {
    const resolved = resolveDependency(text, workspace);
    if (resolved instanceof PackageGeneratorError) problems.push(resolved);
    else out.push(resolved);
  }
  return out;
}

/**
 * Renders the pyproject.toml and checks it with the graph's validator. Author fields taken from git
 * config (not typed by the user) that the validator refuses are left out with a warning instead.
 */
function renderCheckedPyProject(spec: PyProjectSpec, schema: PackageGeneratorSchema, problems: PackageGeneratorError[]): string {
  const author = { name: schema.author ?? gitConfig('user.name'), email: schema.authorEmail ?? gitConfig('user.email') };
  const fromGit = { author: schema.author === undefined, authorEmail: schema.authorEmail === undefined };
  const values = { requiresPython: spec.requiresPython, description: spec.description, author: author.name, authorEmail: author.email };
  // project.name and project.dependencies are checked above, with their own messages.
  const skip = [/^project\.name$/, /^project\.dependencies/];
  for (;;) {
    const text = renderPyProjectToml({ ...spec, authors: toAuthors(author) });
    const found = checkRenderedPyProject(text, values, skip);
    const dropped = found.filter((p) => (p.option === 'author' || p.option === 'authorEmail') && fromGit[p.option]);
    if (dropped.length === 0) {
      problems.push(...found.map((p) => p.error));
      return text;
    }
    for (const p of dropped) {
      const key = p.option === 'author' ? 'name' : 'email';
      logger.warn(
        `nx-pypi: git's user.${key} ${JSON.stringify(author[key])} is not valid in pyproject.toml, so it is left out of [project].authors. Pass --${p.option} to set one.`,
      );
      author[key] = undefined;
    }
  }
}

function toAuthors(a: { name?: string; email?: string }): PyProjectSpec['authors'] {
  if (!a.name && !a.email) return [];
  return [{ ...(a.name ? { name: a.name } : {}), ...(a.email ? { email: a.email } : {}) }];
}

function splitList(value: string | string[] | undefined): string[] {
  const items = Array.isArray(value) ? value : (value ?? '').split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

function gitConfig(key: string): string | undefined {
  try {
    return execFileSync('git', ['config', '--get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}
