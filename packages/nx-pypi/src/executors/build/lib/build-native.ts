import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import type { PyProject } from '../../../core/pyproject/model';
import { DistBuildError } from '../../../core/dist/errors';
import { computeDistNames, isStaleArtifact, type DistNames } from '../../../core/dist/filenames';
import { renderCoreMetadata } from '../../../core/dist/metadata';
import { renderUvCoreMetadata, renderUvEntryPoints } from '../../../core/dist/metadata-uv';
import { comparePaths, ProjectTree } from '../../../core/dist/project-tree';
import { renderRecord, type RecordEntry } from '../../../core/dist/record';
import { selectLicenseFiles, selectReadmeFile } from '../../../core/dist/select-dist-files';
import type { DistFileSelection } from '../../../core/dist/selection';
import { renderSetuptoolsGenerated } from '../../../core/dist/setuptools-egg-info';
import { renderEntryPoints, renderWheelInfo } from '../../../core/dist/wheel-info';
import { AggregateNxPypiError } from '../../../errors';
import { EXECUTABLE_MODE, FILE_MODE, type ArchiveWriter } from '../../../io/archive/archive-writer';
import { TarGzWriter } from '../../../io/archive/tar-gz-writer';
import { ZipWriter } from '../../../io/archive/zip-writer';
import type { ProjectWalk, WalkedFile } from '../../../io/fs/walk-project';
import { OutputStaging, type BuiltArtifact } from './output-dir';
import { prefetchSmallFiles } from './prefetch';

export interface NativeBuildInput {
  /** Absolute project folder. */
  projectRoot: string;
  project: PyProject;
  /** Normalized static version. */
  version: string;
  walk: ProjectWalk;
  selection: DistFileSelection;
  /** Absolute output folder. */
  outputDir: string;
  /** nx-pypi's version, for WHEEL's Generator. */
  generatorVersion: string;
  /** The date every archive entry carries (seconds since 1970 UTC). */
  epochSeconds: number;
  /**
   * The pyproject.toml the sdist ships when it differs from the file on disk: workspace references
   * required by version range (core/dist/workspace-references.ts), so a rebuild from the sdist
   * gives the same metadata.
   */
  pyprojectText?: string;
  /**
   * Metadata a backend-specific renderer already wrote (poetry-core's spelling, core/poetry):
   * METADATA and PKG-INFO text, entry_points.txt (undefined: none) and the wheel tag.
   */
  rendered?: { metadata: string; entryPoints?: string; wheelTag: string };
  /** The .gitignore above the project that hatchling read, which its sdist ships as `.gitignore` (selection.sdistGitignoreFromAbove). */
  gitignoreFromAbove?: Buffer;
}

/**
 * Builds `<dist>-<ver>.tar.gz` and `<dist>-<ver>-py3-none-any.whl` into the output folder: reads the
 * README and license texts, renders the metadata, streams the selected files into both archives
 * (hashing them for RECORD on the way) and renames both into place only when both are complete.
 */
export async function buildNative(input: NativeBuildInput): Promise<BuiltArtifact[]> {
  const { project, selection, walk } = input;
  const tree = new ProjectTree(walk.files.map((f) => f.path));
  const names = computeDistNames(project.name, input.version, input.rendered?.wheelTag);
  const readmeFile = input.rendered ? undefined : selectReadmeFile(project, tree);
  const licenseFiles = selection.licenseFiles ?? selectLicenseFiles(project, tree);
  // A backend's own sdist list still gets the readme and license files: every backend ships them.
  const sdistFiles = selection.sdistFiles
    ? [...new Set([...selection.sdistFiles, ...(readmeFile ? [readmeFile] : []), ...licenseFiles])]
    : [
        ...new Set([
          'pyproject.toml',
          ...(readmeFile ? [readmeFile] : []),
          ...licenseFiles,
          ...selection.wheelMembers.map((m) => m.sourcePath),
          ...selection.sdistExtras,
        ]),
      ];
  refuseOutsideLinks(project, walk.outsideLinks, [...selection.roots, ...sdistFiles]);

  const readmeAsWritten = readmeFile === undefined ? undefined : readText(input.projectRoot, readmeFile, project.readme?.charset, project, 'project.readme');
  // setuptools, hatchling, flit_core and pdm-backend read the readme in Python's text mode, whose
  // universal newlines turn \r\n and \r into \n (a Windows checkout's CRLF readme included);
  // uv_build reads the file as it is (Rust's read_to_string).
  const readmeText = selection.backend === 'uv' ? readmeAsWritten : readmeAsWritten?.replace(/\r\n?/g, '\n');
  const licenseText =
    project.license?.kind === 'file' ? readText(input.projectRoot, project.license.file, undefined, project, 'project.license.file') : undefined;
  // uv_build reads every license-files match as UTF-8 text and refuses the build otherwise.
  if (selection.backend === 'uv') for (const file of licenseFiles) readText(input.projectRoot, file, undefined, project, 'project.license-files');
  const render = (artifact: 'wheel' | 'sdist') =>
    Buffer.from(
      input.rendered
        ? input.rendered.metadata
        : selection.backend === 'uv'
          ? renderUvCoreMetadata({ project, version: input.version, readmeText, licenseText, licenseFiles })
          : renderCoreMetadata({ project, version: input.version, readmeText, licenseText, licenseFiles, artifact }),
      'utf8',
    );
  const metadata = render('wheel');
  const pkgInfo = render('sdist');
  // Files the sdist holds that are no project file: what setuptools generates (setup.cfg, the
  // egg-info), and the .gitignore above the project that hatchling read.
  const generated: Array<[string, Buffer]> =
    selection.backend === 'setuptools'
      ? renderSetuptoolsGenerated({
          project,
          pkgInfo: pkgInfo.toString('utf8'),
          topLevelNames: selection.topLevelNames ?? [],
          entryPoints: renderEntryPoints(project),
          sdistFiles,
          // egg_info's egg_base: the folder of the root package (package_dir[''], `src` in the src layout).
          eggBase: selection.packageDir?.[''] ?? '',
          setupCfgSections: selection.setupCfgSections,
        }).map(([path, text]) => [path, Buffer.from(text, 'utf8')])
      : [];
  if (input.gitignoreFromAbove) generated.push(['.gitignore', input.gitignoreFromAbove]);

  const byPath = new Map(walk.files.map((f) => [f.path, f]));
  const selected = [...new Set([...input.selection.wheelMembers.map((m) => m.sourcePath), ...sdistFiles, ...licenseFiles])].map((p) => fileOf(byPath, p));
  const contents = prefetchSmallFiles(input.projectRoot, selected);
  if (input.pyprojectText !== undefined) contents.set('pyproject.toml', Buffer.from(input.pyprojectText, 'utf8'));
  const date = new Date(input.epochSeconds * 1000);
  const staging = new OutputStaging(input.outputDir);
  await staging.prepare();
  try {
    // Both archives at once: the sdist's gzip runs on libuv's thread pool while the wheel's entries
    // are deflated here, so the two overlap on 2+ cores. The sdist starts first, and the wheel only
    // once the sdist's in-memory entries have gone through (setImmediate runs after that chain of
    // microtasks): its tar then reaches gzip, the slower of the two at level 9, before the wheel
    // takes this thread. Started together, the wheel went first and gzip ran after it alone
    // (~0.7 ms of a 5 ms warm build, bench/build's hatch-lib case).
    const wheelPath = staging.tempPathFor(names.wheelFilename);
    const sdistPath = staging.tempPathFor(names.sdistFilename);
    const sdistSettled = Promise.allSettled([writeSdist(sdistPath, date, input, names, pkgInfo, sdistFiles, generated, byPath, contents)]);
    await new Promise<void>((resolve) => setImmediate(resolve));
    const wheelSettled = Promise.allSettled([writeWheel(wheelPath, date, input, names, metadata, licenseFiles, byPath, contents)]);
    const results = [...(await wheelSettled), ...(await sdistSettled)];
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
    await staging.commit((filename) => isStaleArtifact(filename, names.distName, [names.sdistFilename, names.wheelFilename]));
  } catch (err) {
    await staging.discard();
    throw err;
  }
  const artifacts: BuiltArtifact[] = [];
  for (const filename of [names.sdistFilename, names.wheelFilename]) {
    const path = join(input.outputDir, filename);
    artifacts.push({ filename, path, size: statSync(path).size });
  }
  return artifacts;
}

async function writeWheel(
  outPath: string,
  date: Date,
  input: NativeBuildInput,
  names: DistNames,
  metadata: Buffer,
  licenseFiles: string[],
  byPath: Map<string, WalkedFile>,
  contents: ReadonlyMap<string, Buffer>,
): Promise<void> {
  const zip = await ZipWriter.create(outPath, date);
  await withWriter(zip, async () => {
    const record: RecordEntry[] = [];
    for (const member of input.selection.wheelMembers) {
      const file = fileOf(byPath, member.sourcePath);
      record.push({ path: member.archivePath, ...(await addProjectFile(zip, member.archivePath, input.projectRoot, file, contents)) });
    }
    const distInfo: Array<[string, Buffer | WalkedFile]> = [
      [`${names.distInfoDir}/METADATA`, metadata],
      [`${names.distInfoDir}/WHEEL`, Buffer.from(renderWheelInfo(input.generatorVersion, input.rendered?.wheelTag), 'utf8')],
    ];
    const entryPoints = input.rendered
      ? input.rendered.entryPoints
      : input.selection.backend === 'uv'
        ? renderUvEntryPoints(input.project)
        : renderEntryPoints(input.project);
    if (entryPoints !== undefined) distInfo.push([`${names.distInfoDir}/entry_points.txt`, Buffer.from(entryPoints, 'utf8')]);
    const topLevel = input.selection.topLevelNames;
    if (topLevel !== undefined) distInfo.push([`${names.distInfoDir}/top_level.txt`, Buffer.from(topLevel.map((n) => `${n}\n`).join(''), 'utf8')]);
    for (const license of licenseFiles) distInfo.push([`${names.distInfoDir}/licenses/${license}`, fileOf(byPath, license)]);
    distInfo.sort(([a], [b]) => comparePaths(a, b));
    for (const [path, content] of distInfo) {
      const written = Buffer.isBuffer(content)
        ? await zip.addBuffer(path, content)
        : await addProjectFile(zip, path, input.projectRoot, content, contents, false);
      record.push({ path, ...written });
    }
    // RECORD goes last: it lists every entry before it, and installers read it after them.
    const recordPath = `${names.distInfoDir}/RECORD`;
    await zip.addBuffer(recordPath, Buffer.from(renderRecord(record, recordPath), 'utf8'));
  });
}

async function writeSdist(
  outPath: string,
  date: Date,
  input: NativeBuildInput,
  names: DistNames,
  pkgInfo: Buffer,
  files: string[],
  generated: ReadonlyArray<[string, Buffer]>,
  byPath: Map<string, WalkedFile>,
  contents: ReadonlyMap<string, Buffer>,
): Promise<void> {
  const tar = await TarGzWriter.create(outPath, date);
  // A generated file replaces the project's own of the same path (setuptools rewrites setup.cfg).
  const replaced = new Set(generated.map(([path]) => path));
  const entries: Array<[string, Buffer | WalkedFile]> = files
    .filter((f) => !replaced.has(f))
    .map((f): [string, WalkedFile] => [`${names.sdistRoot}/${f}`, fileOf(byPath, f)]);
  for (const [path, bytes] of generated) entries.push([`${names.sdistRoot}/${path}`, bytes]);
  entries.sort(([a], [b]) => comparePaths(a, b));
  // PKG-INFO first: readers of a tar.gz (publish, pip, Nexus) stream to it, past any large data file.
  entries.unshift([`${names.sdistRoot}/PKG-INFO`, pkgInfo]);
  await withWriter(tar, async () => {
    for (const [path, content] of entries) {
      if (Buffer.isBuffer(content)) await tar.addBuffer(path, content);
      else await addProjectFile(tar, path, input.projectRoot, content, contents);
    }
  });
}

async function withWriter(writer: ArchiveWriter<unknown>, fill: () => Promise<void>): Promise<void> {
  try {
    await fill();
    await writer.finish();
  } catch (err) {
    await writer.abort();
    throw err;
  }
}

/** A project file into an archive: from memory when prefetched, else streamed from disk. */
function addProjectFile<Entry>(
  writer: ArchiveWriter<Entry>,
  name: string,
  projectRoot: string,
  file: WalkedFile,
  contents: ReadonlyMap<string, Buffer>,
  keepMode = true,
): Promise<Entry> {
  const mode = keepMode ? modeOf(file) : FILE_MODE;
  const bytes = contents.get(file.path);
  return bytes ? writer.addBuffer(name, bytes, mode) : writer.addFile(name, join(projectRoot, file.path), file.size, mode);
}

function fileOf(byPath: Map<string, WalkedFile>, path: string): WalkedFile {
  const file = byPath.get(path);
  if (file === undefined) throw new Error(`internal: ${path} was selected but not walked`);
  return file;
}

function modeOf(file: WalkedFile): number {
  return file.executable ? EXECUTABLE_MODE : FILE_MODE;
}

/** Fails when a selected path is, or lies under, a symlink leading out of the project. */
function refuseOutsideLinks(project: PyProject, outsideLinks: readonly string[], selected: readonly string[]): void {
  const bad = outsideLinks.filter((link) => selected.some((s) => s === link || s.startsWith(`${link}/`) || link.startsWith(`${s}/`)));
  if (bad.length === 0) return;
  const problems = bad.map(
    (link) =>
      new DistBuildError('This symlink points outside the project; it is not followed.', {
        code: 'DIST_SYMLINK_OUTSIDE',
        location: { file: join(project.filePath, '..', link) },
        hint: 'Copy the file into the project, or replace the link with one that stays inside the project folder.',
      }),
  );
  throw new AggregateNxPypiError('Symlinks point outside the project', problems, 'DIST_SYMLINK_OUTSIDE');
}

/** A small text file of the project, read synchronously (see io/archive/output-file for why). */
function readText(root: string, file: string, charset: string | undefined, project: PyProject, keyPath: string): string {
  const bytes = readFileSync(join(root, file));
  const encoding = charset ?? 'utf-8';
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new DistBuildError(`Unknown charset "${encoding}" for ${file}.`, {
      code: 'DIST_TEXT_ENCODING',
      location: { file: project.filePath, keyPath },
      hint: 'Use charset = "UTF-8" (or save the file as UTF-8).',
    });
  }
  try {
    return decoder.decode(bytes);
  } catch {
    throw new DistBuildError(`${file} is not valid ${encoding}.`, {
      code: 'DIST_TEXT_ENCODING',
      location: { file: join(project.filePath, '..', file) },
      hint:
        encoding.toLowerCase().replace('-', '') === 'utf8'
          ? 'Save the file as UTF-8, or declare its charset in [project].readme.'
          : `Save the file as ${encoding}, or fix the declared charset.`,
    });
  }
}
