/**
 * The PEP 660 editable wheel of a project: a normal wheel (same name, METADATA, WHEEL and
 * entry_points.txt as the real one) whose only payload is a `.pth` file naming the folder(s) the
 * package is imported from. pip installs it like any wheel, so Requires-Dist is resolved and console
 * scripts are generated, while imports read the source tree, so edits show without a reinstall.
 */
import { createHash } from 'node:crypto';
import type { PyProject } from '../pyproject/model';
import { DistBuildError } from './errors';
import { computeDistNames } from './filenames';
import { renderCoreMetadata } from './metadata';
import { comparePaths } from './project-tree';
import { renderRecord } from './record';
import type { DistFileSelection } from './selection';
import { renderEntryPoints, renderWheelInfo } from './wheel-info';

/**
 * The project-relative folders ('' for the project root) that must be on sys.path for the wheel's
 * packages to import from the source tree: each member's source path minus its archive path (a flat
 * layout gives '', a src layout 'src'). A member stored under another name than its source (a
 * hatchling `sources` rewrite, a setuptools package-dir alias) cannot be reached by a path entry,
 * so the project is refused rather than installed half-importable.
 */
export function computeEditableRoots(selection: DistFileSelection, pyprojectPath: string): string[] {
  const roots = new Set<string>();
  const remapped: string[] = [];
  for (const member of selection.wheelMembers) {
    if (member.sourcePath === member.archivePath) roots.add('');
    else if (member.sourcePath.endsWith(`/${member.archivePath}`)) roots.add(member.sourcePath.slice(0, -member.archivePath.length - 1));
    else remapped.push(`${member.sourcePath} -> ${member.archivePath}`);
  }
  if (remapped.length > 0) {
    throw new DistBuildError(`An editable install cannot serve files the wheel stores under another path: ${remapped.slice(0, 3).join(', ')}${remapped.length > 3 ? ', …' : ''}.`, {
      code: 'INSTALL_EDITABLE_REMAPPED',
      location: { file: pyprojectPath },
      hint: 'Keep the package folder name equal to its import name (no package-dir alias or hatch `sources` rename), or install the built wheel instead.',
    });
  }
  if (roots.size === 0) {
    throw new DistBuildError('The project has no package or module files, so there is nothing to install editable.', {
      code: 'INSTALL_EDITABLE_EMPTY',
      location: { file: pyprojectPath },
      hint: 'Add the package folder (e.g. <import_name>/__init__.py) or fix the backend\'s package configuration.',
    });
  }
  return [...roots].sort(comparePaths);
}

export interface EditableWheelInput {
  project: PyProject;
  /** Normalized static version. */
  version: string;
  /** Absolute folders to put on sys.path, in order. */
  sourceRoots: readonly string[];
  /** The text of `license = { file = ... }`, when the project has one (kept in METADATA as the real wheel does). */
  licenseText?: string;
  /** nx-pypi's version, for WHEEL's Generator. */
  generatorVersion: string;
}

export interface EditableWheel {
  /** `token_lib-0.1.0-py3-none-any.whl`: the standard name, as PEP 660 asks. */
  filename: string;
  /** `token_cli-1.0.dist-info`: where pip installs the metadata. */
  distInfoDir: string;
  /** Archive entries in write order, RECORD last. */
  entries: Array<{ path: string; bytes: Buffer }>;
}

/**
 * Renders every entry of the editable wheel. The `.pth` is named `__editable__.<dist>-<ver>.pth`,
 * as setuptools names its own, so it never collides with another distribution's file. METADATA
 * leaves out the README (pip does not read it) and license files (none are shipped).
 */
export function renderEditableWheel(input: EditableWheelInput): EditableWheel {
  const names = computeDistNames(input.project.name, input.version);
  for (const root of input.sourceRoots) {
    // site.py reads a .pth line by line and executes lines starting with `import`.
    if (/[\r\n]/.test(root) || !root.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(root)) {
      throw new DistBuildError(`The source folder ${JSON.stringify(root)} cannot be written to a .pth file (it must be one absolute path).`, {
        code: 'INSTALL_EDITABLE_BAD_PATH',
        location: { file: input.project.filePath },
        hint: 'Move the workspace to a folder whose path has no line breaks.',
      });
    }
  }
  const metadata = renderCoreMetadata({ project: { ...input.project, readme: undefined }, version: input.version, licenseText: input.licenseText, licenseFiles: [], artifact: 'wheel' });
  const text = (s: string) => Buffer.from(s, 'utf8');
  const distInfo: Array<{ path: string; bytes: Buffer }> = [
    { path: `${names.distInfoDir}/METADATA`, bytes: text(metadata) },
    { path: `${names.distInfoDir}/WHEEL`, bytes: text(renderWheelInfo(input.generatorVersion)) },
  ];
  const entryPoints = renderEntryPoints(input.project);
  if (entryPoints !== undefined) distInfo.push({ path: `${names.distInfoDir}/entry_points.txt`, bytes: text(entryPoints) });
  distInfo.sort((a, b) => comparePaths(a.path, b.path));
  const entries = [{ path: `__editable__.${names.distName}-${names.version}.pth`, bytes: text(input.sourceRoots.map((r) => `${r}\n`).join('')) }, ...distInfo];
  const recordPath = `${names.distInfoDir}/RECORD`;
  const record = renderRecord(
    entries.map((e) => ({ path: e.path, sha256: createHash('sha256').update(e.bytes).digest(), size: e.bytes.length })),
    recordPath,
  );
  return { filename: names.wheelFilename, distInfoDir: names.distInfoDir, entries: [...entries, { path: recordPath, bytes: text(record) }] };
}
