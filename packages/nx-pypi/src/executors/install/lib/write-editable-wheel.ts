import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DistBuildError } from '../../../core/dist/errors';
import type { MappedImport } from '../../../core/dist/editable-finder';
import { computeEditableLayout, renderEditableWheel, type EditableLayout } from '../../../core/dist/editable-wheel';
import { joinPath, ProjectTree } from '../../../core/dist/project-tree';
import { readsGitignore, selectDistFiles } from '../../../core/dist/select-dist-files';
import { normalizeName } from '../../../core/names';
import { readPoetryEditableProject } from '../../../core/poetry/poetry-editable-project';
import { POETRY_BACKEND, readPoetryDynamicVersion, readPoetryPackage } from '../../../core/poetry/poetry-package';
import { readPoetryEditableLayout } from '../../../core/poetry/poetry-packages';
import { Checker, isTable } from '../../../core/pyproject/checker';
import { locateProblems, parseTomlTable } from '../../../core/pyproject/toml-document';
import { parsePyProject, requireStaticVersion, type PyProject } from '../../../core/pyproject';
import { ZipWriter } from '../../../io/archive/zip-writer';
import { readNearestGitignore } from '../../../io/fs/read-nearest-gitignore';
import { walkProject } from '../../../io/fs/walk-project';
import { readPluginVersion } from '../../../io/plugin-version';

export interface WrittenEditableWheel {
  /** Absolute path of the wheel file. */
  path: string;
  project: PyProject;
  /** Absolute folders the `.pth` puts on sys.path. */
  sourceRoots: string[];
  /** Top-level names the import hook serves from a folder or module of another name (absolute paths). */
  mappedImports: MappedImport[];
  /** Absolute project folder. */
  projectDir: string;
  /** `token_lib-0.1.0.dist-info`: where pip installs the metadata. */
  distInfoDir: string;
  /** Where the extras are declared: `project.optional-dependencies`, or `tool.poetry.extras` for a Poetry 1.x project. */
  extrasKey: string;
}

/** The zip date is irrelevant for a wheel that is installed and thrown away; a fixed one keeps the bytes stable. */
const WHEEL_DATE = new Date(Date.UTC(1980, 0, 1));

/**
 * Builds one project's editable wheel into `outputDir`: a `[project]` project through its backend's
 * file selection, a Poetry project (`[tool.poetry]` only, or Poetry 2's `[project]` built by
 * poetry-core) through poetry-core's package rules.
 * `workspaceDistributions` are the normalized names of the workspace's Python projects.
 */
export async function writeEditableWheel(
  workspaceRoot: string,
  projectRoot: string,
  outputDir: string,
  workspaceDistributions: ReadonlySet<string>,
): Promise<WrittenEditableWheel> {
  const absRoot = join(workspaceRoot, projectRoot);
  const shownPath = joinPath(projectRoot, 'pyproject.toml') || 'pyproject.toml';
  const text = await readFile(join(absRoot, 'pyproject.toml'), 'utf8');
  const poetry = readPoetryPackage(text, shownPath);
  const { project, layout } = poetry
    ? readPoetryEditableProject(text, poetry, new ProjectTree(walkProject(absRoot).files.map((f) => f.path)), (req) =>
        poetryPathReference(absRoot, req.name, req.source.path, workspaceDistributions),
      )
    : await readPep621EditableProject(absRoot, text, shownPath);
  const version = requireStaticVersion(project);
  const sourceRoots = layout.roots.map((r) => (r === '' ? absRoot : join(absRoot, r)));
  const mappedImports = layout.mapped.map((m) => ({ name: m.name, path: join(absRoot, m.sourcePath) }));
  const licenseText = project.license?.kind === 'file' ? await readFile(join(absRoot, project.license.file), 'utf8') : undefined;
  const wheel = renderEditableWheel({ project, version, sourceRoots, mappedImports, licenseText, generatorVersion: readPluginVersion() });
  const path = join(outputDir, wheel.filename);
  const zip = await ZipWriter.create(path, WHEEL_DATE);
  try {
    for (const entry of wheel.entries) await zip.addBuffer(entry.path, entry.bytes);
    await zip.finish();
  } catch (err) {
    await zip.abort();
    throw err;
  }
  const extrasKey = poetry ? 'tool.poetry.extras' : 'project.optional-dependencies';
  return { path, project, sourceRoots, mappedImports, projectDir: absRoot, distInfoDir: wheel.distInfoDir, extrasKey };
}

/**
 * A `[project]` project: the source folders come from the same backend rules as the real build
 * (selectDistFiles), so `import pkg` finds exactly the package the built wheel would ship.
 */
async function readPep621EditableProject(absRoot: string, text: string, shownPath: string): Promise<{ project: PyProject; layout: EditableLayout }> {
  const parsed = parsePyProject(text, shownPath);
  const walk = walkProject(absRoot);
  const tree = new ProjectTree(walk.files.map((f) => f.path));
  if (parsed.buildSystem?.buildBackend === POETRY_BACKEND) return readPoetry2EditableProject(parsed, text, shownPath, tree);
  const readProjectFile = (path: string) => readFileSync(join(absRoot, path), 'utf8');
  const gitignoreText = readsGitignore(parsed) ? readNearestGitignore(absRoot)?.text : undefined;
  // No outside links: an editable install maps the source folders, it never copies a linked file.
  const outcome = selectDistFiles(parsed, tree, { gitignoreText, projectRootPath: absRoot, readFile: readProjectFile });
  // A dynamic version kept as text is read as the native build reads it.
  const dynamic = outcome.kind === 'native' ? outcome.dynamic : undefined;
  const project: PyProject = dynamic
    ? { ...parsed, version: dynamic.version ?? parsed.version, description: dynamic.description ?? parsed.description, dynamic: [] }
    : parsed;
  requireStaticVersion(project);
  if (outcome.kind === 'unsupported') {
    throw new DistBuildError(`An editable install needs the native file selection, which cannot cover this project: ${outcome.reason}.`, {
      code: 'INSTALL_EDITABLE_UNSUPPORTED',
      location: { file: shownPath },
      hint: 'Use a static version and one of the backends nx-pypi builds natively (setuptools, hatchling, flit-core, pdm-backend, uv_build) without build plugins.',
    });
  }
  return { project, layout: computeEditableLayout(outcome.selection, shownPath) };
}

/**
 * A Poetry 2 project (`[project]` built by poetry-core): metadata from `[project]`, as `poetry
 * install` installs it; the packages from `[tool.poetry].packages` or poetry-core's default layout.
 * Dependencies `[project]` leaves to `[tool.poetry.dependencies]` (dynamic) are refused: the
 * editable metadata would lack them.
 */
function readPoetry2EditableProject(parsed: PyProject, text: string, shownPath: string, tree: ProjectTree): { project: PyProject; layout: EditableLayout } {
  const doc = parseTomlTable(text);
  const poetry = isTable(doc.tool) && isTable(doc.tool.poetry) ? doc.tool.poetry : {};
  const c = new Checker();
  if (parsed.dynamic.includes('dependencies') || parsed.dynamic.includes('optional-dependencies'))
    c.report(
      ['project', 'dynamic'],
      'INSTALL_EDITABLE_UNSUPPORTED',
      'An editable install of a Poetry 2 project needs its dependencies in [project]; they are dynamic here',
      'list the requirements in [project].dependencies (Poetry 2 reads them there) and keep [tool.poetry.dependencies] for sources and paths',
    );
  const layout = readPoetryEditableLayout(c, poetry, parsed.name, tree);
  if (c.problems.length > 0 || layout === undefined) throw locateProblems(c, text, shownPath);
  // A version [project] leaves to [tool.poetry], as poetry-core builds it.
  const poetryVersion = readPoetryDynamicVersion(text, shownPath);
  const project = poetryVersion ? { ...parsed, version: poetryVersion.version, dynamic: parsed.dynamic.filter((d) => d !== 'version') } : parsed;
  requireStaticVersion(project);
  return { project, layout };
}

/**
 * A Poetry path dependency on a workspace project is written by name only: the install executor
 * installs that project editable in the same pip run (its graph edges include Poetry's tables).
 * Any other path is what `poetry build` writes, `name @ file:///abs/path`, valid on this machine.
 */
function poetryPathReference(
  absRoot: string,
  name: string,
  path: string,
  workspaceDistributions: ReadonlySet<string>,
): { specifier: string } | { url: string } {
  if (workspaceDistributions.has(normalizeName(name))) return { specifier: '' };
  return { url: pathToFileURL(resolve(absRoot, path)).href };
}

/** `libs/token-cli/src`, `libs/remap/lib (as token_remap)`: where imports come from, as a user reads it. */
export function describeSourceRoots(workspaceRoot: string, wheel: Pick<WrittenEditableWheel, 'sourceRoots' | 'mappedImports'>): string {
  const shown = (path: string) => relative(workspaceRoot, path) || '.';
  return [...wheel.sourceRoots.map(shown), ...wheel.mappedImports.map((m) => `${shown(m.path)} (as ${m.name})`)].join(', ');
}
