/**
 * The PEP 660 editable wheel of a project: a normal wheel (same name, METADATA, WHEEL and
 * entry_points.txt as the real one) whose only payload is a `.pth` file naming the folder(s) the
 * package is imported from (plus an import hook for packages whose source folder has another
 * name, see editable-finder). pip installs it like any wheel, so Requires-Dist is resolved and console
 * scripts are generated, while imports read the source tree, so edits show without a reinstall.
 */
import { createHash } from 'node:crypto';
import type { PyProject } from '../pyproject/model';
import { editableFinderModuleName, renderEditableFinder, renderFinderPthLine, type MappedImport } from './editable-finder';
import { DistBuildError } from './errors';
import { computeDistNames } from './filenames';
import { renderCoreMetadata } from './metadata';
import { comparePaths } from './project-tree';
import { renderRecord } from './record';
import type { DistFileSelection } from './selection';
import { renderEntryPoints, renderWheelInfo } from './wheel-info';

/** Where an editable install imports the wheel's top-level packages and modules from. */
export interface EditableLayout {
  /** Project-relative folders ('' for the project root) to put on sys.path. */
  roots: string[];
  /** Top-level names whose source folder or module file has another name: name -> project-relative path. */
  mapped: Array<{ name: string; sourcePath: string }>;
}

/**
 * Each member's source path minus its archive path gives a folder for sys.path (a flat layout
 * gives '', a src layout 'src'). A member stored under another name than its source (a setuptools
 * package-dir alias, a hatchling `sources` rewrite) cannot be reached by a path entry: its
 * top-level package or module is mapped by name instead (see editable-finder). Refused, rather
 * than installed half-importable: a package gathered from several folders, a remapped top-level
 * file that is not a module.
 */
export function computeEditableLayout(selection: DistFileSelection, pyprojectPath: string): EditableLayout {
  const roots = new Set<string>();
  const mapped = new Map<string, string>();
  const servedByRoots = new Map<string, string>();
  const refused: string[] = [];
  for (const member of selection.wheelMembers) {
    // `<name>-<version>.data/<kind>/` (uv_build's data folders) is installed into bin/, include/ and
    // the like, never imported; uv_build's own editable wheel (0.9, 0.10) leaves it out as well.
    if (/^[^/]+\.data\//.test(member.archivePath)) continue;
    const top = member.archivePath.split('/')[0].replace(/\.py$/, '');
    if (member.sourcePath === member.archivePath || member.sourcePath.endsWith(`/${member.archivePath}`)) {
      roots.add(member.sourcePath === member.archivePath ? '' : member.sourcePath.slice(0, -member.archivePath.length - 1));
      servedByRoots.set(top, `${member.sourcePath} -> ${member.archivePath}`);
    } else {
      const target = mappedTarget(member.sourcePath, member.archivePath);
      const known = target && mapped.get(target.name);
      if (target === undefined || (known !== undefined && known !== target.sourcePath)) refused.push(`${member.sourcePath} -> ${member.archivePath}`);
      else mapped.set(target.name, target.sourcePath);
    }
  }
  // A path entry would find the part of such a package that sits under its own name first.
  for (const name of mapped.keys()) {
    const served = servedByRoots.get(name);
    if (served !== undefined) refused.push(served);
  }
  if (refused.length > 0) {
    throw new DistBuildError(
      `An editable install cannot serve these files from the source tree: ${refused.slice(0, 3).join(', ')}${refused.length > 3 ? ', …' : ''}.`,
      {
        code: 'INSTALL_EDITABLE_REMAPPED',
        location: { file: pyprojectPath },
        hint: 'Each top-level package must come from one source folder (and a top-level file must be a .py module); otherwise install the built wheel instead.',
      },
    );
  }
  if (roots.size === 0 && mapped.size === 0) {
    throw new DistBuildError('The project has no package or module files, so there is nothing to install editable.', {
      code: 'INSTALL_EDITABLE_EMPTY',
      location: { file: pyprojectPath },
      hint: "Add the package folder (e.g. <import_name>/__init__.py) or fix the backend's package configuration.",
    });
  }
  return {
    roots: [...roots].sort(comparePaths),
    mapped: [...mapped].map(([name, sourcePath]) => ({ name, sourcePath })).sort((a, b) => comparePaths(a.name, b.name)),
  };
}

/** `lib/core.py -> token_lib/core.py` maps `token_lib` to `lib`; `tools/cli.py -> token_cli.py` maps the module. */
function mappedTarget(sourcePath: string, archivePath: string): { name: string; sourcePath: string } | undefined {
  const [top, ...rest] = archivePath.split('/');
  if (rest.length === 0) return top.endsWith('.py') ? { name: top.slice(0, -3), sourcePath } : undefined;
  const inside = rest.join('/');
  if (!sourcePath.endsWith(`/${inside}`)) return undefined;
  return { name: top, sourcePath: sourcePath.slice(0, -inside.length - 1) };
}

export interface EditableWheelInput {
  project: PyProject;
  /** Normalized static version. */
  version: string;
  /** Absolute folders to put on sys.path, in order. */
  sourceRoots: readonly string[];
  /** Top-level names served from a folder or module of another name (absolute paths). */
  mappedImports?: readonly MappedImport[];
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
 * as setuptools names its own, so it never collides with another distribution's file; with mapped
 * imports, the finder module sits beside it and the `.pth` installs it. METADATA
 * leaves out the README (pip does not read it) and license files (none are shipped).
 */
export function renderEditableWheel(input: EditableWheelInput): EditableWheel {
  const names = computeDistNames(input.project.name, input.version);
  const mappedImports = input.mappedImports ?? [];
  for (const root of [...input.sourceRoots, ...mappedImports.map((m) => m.path)]) {
    // site.py reads a .pth line by line and executes lines starting with `import`; the finder
    // resolves its paths from wherever the interpreter runs.
    if (/[\r\n]/.test(root) || (!root.startsWith('/') && !/^[A-Za-z]:[\\/]/.test(root))) {
      throw new DistBuildError(`The source path ${JSON.stringify(root)} cannot be written into the editable install (it must be one absolute path).`, {
        code: 'INSTALL_EDITABLE_BAD_PATH',
        location: { file: input.project.filePath },
        hint: 'Move the workspace to a folder whose path has no line breaks.',
      });
    }
  }
  const metadata = renderCoreMetadata({
    project: { ...input.project, readme: undefined },
    version: input.version,
    licenseText: input.licenseText,
    licenseFiles: [],
    artifact: 'wheel',
  });
  const text = (s: string) => Buffer.from(s, 'utf8');
  const distInfo: Array<{ path: string; bytes: Buffer }> = [
    { path: `${names.distInfoDir}/METADATA`, bytes: text(metadata) },
    { path: `${names.distInfoDir}/WHEEL`, bytes: text(renderWheelInfo(input.generatorVersion)) },
  ];
  const entryPoints = renderEntryPoints(input.project);
  if (entryPoints !== undefined) distInfo.push({ path: `${names.distInfoDir}/entry_points.txt`, bytes: text(entryPoints) });
  distInfo.sort((a, b) => comparePaths(a.path, b.path));
  const pthLines = input.sourceRoots.map((r) => `${r}\n`);
  const finder: Array<{ path: string; bytes: Buffer }> = [];
  if (mappedImports.length > 0) {
    const moduleName = editableFinderModuleName(names.distName, names.version);
    finder.push({ path: `${moduleName}.py`, bytes: text(renderEditableFinder(input.project.name, mappedImports)) });
    pthLines.push(`${renderFinderPthLine(moduleName)}\n`);
  }
  const entries = [{ path: `__editable__.${names.distName}-${names.version}.pth`, bytes: text(pthLines.join('')) }, ...finder, ...distInfo];
  const recordPath = `${names.distInfoDir}/RECORD`;
  const record = renderRecord(
    entries.map((e) => ({ path: e.path, sha256: createHash('sha256').update(e.bytes).digest(), size: e.bytes.length })),
    recordPath,
  );
  return { filename: names.wheelFilename, distInfoDir: names.distInfoDir, entries: [...entries, { path: recordPath, bytes: text(record) }] };
}
