import {
  formatFiles,
  generateFiles,
  visitNotIgnoredFiles,
  type GeneratorCallback,
  type Tree,
} from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { isValidProjectName, normalizeName, toDistFilenamePart, toImportName } from '../../core/names';
import { parseRequirement } from '../../core/pep508';
import { parsePyProject } from '../../core/pyproject';
import { NxPypiError } from '../../errors';
import { renderPyProjectToml } from './render-pyproject';
import type { PackageGeneratorSchema } from './schema';

const INITIAL_VERSION = '0.1.0';
/** A Python identifier that is not a keyword: what a module file name must be. */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(' '),
);

export class PackageGeneratorError extends NxPypiError {}

/** `nx g nx-pypi:package token-lib`: a package in the token_lib layout, valid by construction. */
export async function packageGenerator(tree: Tree, schema: PackageGeneratorSchema): Promise<GeneratorCallback> {
  const options = normalizeOptions(tree, schema);
  const vars = {
    ...options,
    version: INITIAL_VERSION,
    distPart: toDistFilenamePart(options.name),
    packageDir: options.layout === 'src' ? `src/${options.importName}` : options.importName,
  };
  generateFiles(tree, join(__dirname, 'files'), options.directory, vars);
  for (const module of options.modules) {
    tree.write(join(options.directory, vars.packageDir, `${module}.py`), `"""The ${module} module of ${options.importName}."""\n`);
  }
  tree.write(
    join(options.directory, 'pyproject.toml'),
    renderPyProjectToml({
      name: options.name,
      version: INITIAL_VERSION,
      description: options.description,
      readme: 'README.md',
      requiresPython: options.requiresPython,
      authors: options.authors,
      dependencies: options.dependencies,
      buildBackend: options.buildBackend,
      layout: options.layout,
      importName: options.importName,
    }),
  );
  if (!schema.skipFormat) await formatFiles(tree);
  return () => undefined;
}

interface NormalizedOptions {
  name: string;
  importName: string;
  directory: string;
  modules: string[];
  layout: 'flat' | 'src';
  buildBackend: NonNullable<PackageGeneratorSchema['buildBackend']>;
  dependencies: string[];
  description: string;
  requiresPython: string;
  authors: Array<{ name?: string; email?: string }>;
}

function normalizeOptions(tree: Tree, schema: PackageGeneratorSchema): NormalizedOptions {
  const name = schema.name?.trim() ?? '';
  if (!isValidProjectName(name)) {
    throw new PackageGeneratorError(`"${name}" is not a valid Python distribution name.`, {
      code: 'PACKAGE_INVALID_NAME',
      hint: 'Use letters, digits, "-", "_" and ".", starting and ending with a letter or digit (PEP 508), e.g. token-lib.',
    });
  }
  const directory = (schema.directory ?? name).replace(/\\/g, '/').replace(/^\.\/|\/+$/g, '');
  if (tree.exists(directory) && tree.children(directory).length > 0) {
    throw new PackageGeneratorError(`The folder "${directory}" already exists and is not empty.`, {
      code: 'PACKAGE_FOLDER_EXISTS',
      hint: 'Choose another --directory, or remove the folder first. nx-pypi never overwrites an existing project.',
    });
  }
  const workspacePackages = readWorkspacePackages(tree);
  const clash = workspacePackages.get(normalizeName(name));
  if (clash) {
    throw new PackageGeneratorError(`A Python package named "${clash.name}" already exists in ${clash.file}.`, {
      code: 'PACKAGE_NAME_TAKEN',
      hint: 'Names are compared after PEP 503 normalization (Token_Lib == token-lib == token.lib): pick another name.',
    });
  }
  const modules = splitList(schema.modules);
  for (const m of modules) {
    if (!IDENTIFIER.test(m) || PYTHON_KEYWORDS.has(m) || m === '__init__') {
      throw new PackageGeneratorError(`"${m}" (in --modules) is not a valid Python module name.`, {
        code: 'PACKAGE_INVALID_MODULE',
        hint: 'Module names are Python identifiers that are not keywords, e.g. paseto,jwt,branca,keys,utils.',
      });
    }
  }
  return {
    name,
    importName: toImportName(name),
    directory,
    modules: [...new Set(modules)],
    layout: schema.layout ?? 'flat',
    buildBackend: schema.buildBackend ?? 'setuptools',
    dependencies: splitList(schema.dependencies).map((d) => resolveDependency(d, workspacePackages)),
    description: schema.description?.trim() || `The ${name} package.`,
    requiresPython: schema.requiresPython ?? '>=3.9',
    authors: resolveAuthors(schema),
  };
}

function splitList(value: string | string[] | undefined): string[] {
  const items = Array.isArray(value) ? value : (value ?? '').split(',');
  return items.map((s) => s.trim()).filter(Boolean);
}

/** A bare workspace package name becomes a requirement on its current version, so the graph edge exists at once. */
function resolveDependency(text: string, workspace: Map<string, WorkspacePackage>): string {
  let requirement;
  try {
    requirement = parseRequirement(text);
  } catch (err) {
    throw new PackageGeneratorError(`"${text}" (in --dependencies) is not a valid PEP 508 requirement.`, {
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

interface WorkspacePackage {
  name: string;
  version?: string;
  file: string;
}

function readWorkspacePackages(tree: Tree): Map<string, WorkspacePackage> {
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

function resolveAuthors(schema: PackageGeneratorSchema): Array<{ name?: string; email?: string }> {
  const name = schema.author ?? gitConfig('user.name');
  const email = schema.authorEmail ?? gitConfig('user.email');
  if (!name && !email) return [];
  return [{ ...(name ? { name } : {}), ...(email ? { email } : {}) }];
}

function gitConfig(key: string): string | undefined {
  try {
    return execFileSync('git', ['config', '--get', key], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export default packageGenerator;
