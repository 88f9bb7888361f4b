import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { DistBuildError } from '../../../core/dist/errors';
import type { MappedImport } from '../../../core/dist/editable-finder';
import { computeEditableLayout, renderEditableWheel } from '../../../core/dist/editable-wheel';
import { joinPath, ProjectTree } from '../../../core/dist/project-tree';
import { selectDistFiles } from '../../../core/dist/select-dist-files';
import { readPoetryPackage } from '../../../core/poetry/poetry-package';
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
}

/** The zip date is irrelevant for a wheel that is installed and thrown away; a fixed one keeps the bytes stable. */
const WHEEL_DATE = new Date(Date.UTC(1980, 0, 1));

/**
 * Builds one project's editable wheel into `outputDir`. The source folders come from the same
 * backend rules as the real build (selectDistFiles), so `import pkg` finds exactly the package the
 * built wheel would ship.
 */
export async function writeEditableWheel(workspaceRoot: string, projectRoot: string, outputDir: string): Promise<WrittenEditableWheel> {
  const absRoot = join(workspaceRoot, projectRoot);
  const shownPath = joinPath(projectRoot, 'pyproject.toml') || 'pyproject.toml';
  const text = await readFile(join(absRoot, 'pyproject.toml'), 'utf8');
  if (readPoetryPackage(text, shownPath)) {
    throw new DistBuildError('An editable install of a Poetry 1.x project ([tool.poetry] without [project]) is not supported by nx-pypi yet.', {
      code: 'INSTALL_EDITABLE_UNSUPPORTED',
      location: { file: shownPath },
      hint: `Run \`poetry install\` in ${projectRoot || '.'}, or move the metadata to a [project] table (Poetry 2 reads it).`,
    });
  }
  const parsed = parsePyProject(text, shownPath);
  const walk = walkProject(absRoot);
  const tree = new ProjectTree(walk.files.map((f) => f.path));
  const readProjectFile = (path: string) => readFileSync(join(absRoot, path), 'utf8');
  const outcome = selectDistFiles(parsed, tree, { gitignoreText: await readNearestGitignore(absRoot), readFile: readProjectFile });
  // A dynamic version kept as text is read as the native build reads it.
  const dynamic = outcome.kind === 'native' ? outcome.dynamic : undefined;
  const project: PyProject = dynamic
    ? { ...parsed, version: dynamic.version ?? parsed.version, description: dynamic.description ?? parsed.description, dynamic: [] }
    : parsed;
  const version = requireStaticVersion(project);
  if (outcome.kind === 'unsupported') {
    throw new DistBuildError(`An editable install needs the native file selection, which cannot cover this project: ${outcome.reason}.`, {
      code: 'INSTALL_EDITABLE_UNSUPPORTED',
      location: { file: shownPath },
      hint: 'Use a static version and one of the backends nx-pypi builds natively (setuptools, hatchling, flit-core, pdm-backend, uv_build) without build plugins.',
    });
  }
  const layout = computeEditableLayout(outcome.selection, shownPath);
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
  return { path, project, sourceRoots, mappedImports, projectDir: absRoot, distInfoDir: wheel.distInfoDir };
}

/** `libs/token-cli/src`, `libs/remap/lib (as token_remap)`: where imports come from, as a user reads it. */
export function describeSourceRoots(workspaceRoot: string, wheel: Pick<WrittenEditableWheel, 'sourceRoots' | 'mappedImports'>): string {
  const shown = (path: string) => relative(workspaceRoot, path) || '.';
  return [...wheel.sourceRoots.map(shown), ...wheel.mappedImports.map((m) => `${shown(m.path)} (as ${m.name})`)].join(', ');
}
