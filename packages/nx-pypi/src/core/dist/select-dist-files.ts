import { normalizeName } from '../names';
import type { PyProject } from '../pyproject/model';
import { AggregateNxPypiError } from '../../errors';
import { resolveDynamicMetadata, type ReadProjectFile } from './dynamic-metadata';
import { DistBuildError } from './errors';
import { compilePathGlob } from './path-glob';
import type { ProjectTree } from './project-tree';
import { selectFlitFiles } from './select-flit';
import { selectHatchlingFiles } from './select-hatchling';
import { selectPdmFiles } from './select-pdm';
import { selectSetuptoolsFiles } from './select-setuptools';
import { selectUvBuildFiles } from './select-uv-build';
import { unsupported, type NativeBackend, type SelectionOutcome } from './selection';

const BACKENDS: Record<string, NativeBackend> = {
  'setuptools.build_meta': 'setuptools',
  'setuptools.build_meta:__legacy__': 'setuptools',
  'hatchling.build': 'hatchling',
  'flit_core.buildapi': 'flit',
  'pdm.backend': 'pdm',
  uv_build: 'uv',
};

/**
 * What a plain build of each backend needs. Anything else in `requires` is a plugin that can change
 * the files or metadata (setuptools-scm adds every git-tracked file as package data, hatch-vcs sets
 * the version, hatch-fancy-pypi-readme writes the README), so the real backend must run.
 */
const PLAIN_BUILD_REQUIRES = new Set(['setuptools', 'wheel', 'hatchling', 'flit-core', 'pdm-backend', 'uv-build']);

function requirementName(requirement: string): string {
  return normalizeName(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1] ?? requirement);
}

/** Whether the selection reads the nearest .gitignore: only hatchling honours it, so other builds skip that walk up the folders. */
export function readsGitignore(project: PyProject): boolean {
  return project.buildSystem?.buildBackend === 'hatchling.build';
}

export interface SelectionContext {
  /** The nearest .gitignore (project root or above), which hatchling honours. */
  gitignoreText?: string;
  /** The absolute project folder (hatchling ignores a .gitignore whose patterns match it). */
  projectRootPath?: string;
  /** Symlinks leading out of the project, which the walk lists but never follows. */
  outsideLinks?: readonly string[];
  /**
   * Reads a project file; needed for `[project].dynamic` values kept in files (a version module,
   * VERSION), and by uv_build's rules to tell an empty keywords list or entry-point table from none.
   */
  readFile?: ReadProjectFile;
}

/**
 * Decides whether the project can be built natively and, if so, which files go into the wheel,
 * following the rules of the backend `[build-system]` names. A project without a build backend is
 * built by setuptools, as PEP 517 frontends do.
 */
export function selectDistFiles(project: PyProject, tree: ProjectTree, context: SelectionContext = {}): SelectionOutcome {
  if (project.buildSystem?.backendPath !== undefined) return unsupported('[build-system].backend-path names an in-tree backend');
  const backendName = project.buildSystem?.buildBackend ?? 'setuptools.build_meta:__legacy__';
  const backend = BACKENDS[backendName];
  if (backend === undefined) return unsupported(`build backend "${backendName}" has no native builder`);
  const plugin = (project.buildSystem?.requires ?? []).map(requirementName).find((name) => !PLAIN_BUILD_REQUIRES.has(name));
  if (plugin !== undefined) return unsupported(`[build-system].requires lists ${plugin}, a build plugin the native builder does not run`);
  const outcome = selectBackendFiles(backend, project, tree, context);
  if (outcome.kind !== 'native' || project.dynamic.length === 0) return outcome;
  if (!context.readFile) return unsupported(`[project].dynamic lists ${project.dynamic.join(', ')}`);
  const dynamic = resolveDynamicMetadata(project, { backend, tree, read: context.readFile, packageDir: outcome.selection.packageDir });
  if (dynamic.kind === 'computed') return unsupported(dynamic.reason);
  const sdistExtras = [...new Set([...outcome.selection.sdistExtras, ...dynamic.values.files])].sort();
  return { kind: 'native', selection: { ...outcome.selection, sdistExtras }, dynamic: dynamic.values };
}

function selectBackendFiles(backend: NativeBackend, project: PyProject, tree: ProjectTree, context: SelectionContext): SelectionOutcome {
  switch (backend) {
    case 'setuptools':
      return selectSetuptoolsFiles(project, tree, context.readFile);
    case 'hatchling':
      return selectHatchlingFiles(project, tree, context);
    case 'flit':
      return selectFlitFiles(project, tree);
    case 'pdm':
      return selectPdmFiles(project, tree);
    case 'uv':
      return selectUvBuildFiles(project, tree, context.readFile);
    case 'poetry':
      // Not in BACKENDS: the build executor plans poetry-core builds with core/poetry (select-poetry.ts).
      return unsupported('poetry-core builds are planned from [tool.poetry]');
  }
}

// PEP 639's suggested defaults, which setuptools, hatchling and pdm-backend all use.
const DEFAULT_LICENSE_GLOBS = ['LICEN[CS]E*', 'COPYING*', 'NOTICE*', 'AUTHORS*'];

/**
 * License files shipped in `.dist-info/licenses/` and the sdist: the PEP 639 `license-files`
 * globs (each must match a file, as PEP 639 requires), else the `license = { file }` file, else the
 * PEP 639 default globs at the project root.
 */
export function selectLicenseFiles(project: PyProject, tree: ProjectTree): string[] {
  const found = new Set<string>();
  if (project.license?.kind === 'file') {
    if (!tree.isFile(project.license.file)) {
      throw new DistBuildError(`License file ${project.license.file} does not exist.`, {
        code: 'DIST_LICENSE_MISSING',
        location: { file: project.filePath, keyPath: 'project.license.file' },
        hint: 'Create the file or fix the path (relative to the project root).',
      });
    }
    found.add(project.license.file);
  }
  if (project.licenseFiles !== undefined) {
    const problems: DistBuildError[] = [];
    for (const pattern of project.licenseFiles) {
      const re = compilePathGlob(pattern);
      const matches = tree.all().filter((f) => re.test(f));
      if (matches.length === 0) {
        problems.push(
          new DistBuildError(`license-files pattern "${pattern}" matches no file.`, {
            code: 'DIST_LICENSE_MISSING',
            location: { file: project.filePath, keyPath: 'project.license-files' },
            hint: 'PEP 639 requires every pattern to match at least one file: fix or remove it.',
          }),
        );
      }
      for (const m of matches) found.add(m);
    }
    if (problems.length === 1) throw problems[0];
    if (problems.length > 1) throw new AggregateNxPypiError('license-files patterns match no file', problems, 'DIST_LICENSE_MISSING');
  } else if (project.license?.kind !== 'file') {
    const globs = DEFAULT_LICENSE_GLOBS.map((g) => compilePathGlob(g));
    for (const f of tree.childFiles('')) if (globs.some((re) => re.test(f))) found.add(f);
  }
  return [...found].sort();
}

/** The README path when it is a file; fails when `[project].readme` names a file that is missing. */
export function selectReadmeFile(project: PyProject, tree: ProjectTree): string | undefined {
  const file = project.readme?.file;
  if (file === undefined) return undefined;
  if (!tree.isFile(file)) {
    throw new DistBuildError(`README file ${file} does not exist.`, {
      code: 'DIST_README_MISSING',
      location: { file: project.filePath, keyPath: 'project.readme' },
      hint: 'Create the file, or fix [project].readme (the path is relative to the project root).',
    });
  }
  return file;
}
