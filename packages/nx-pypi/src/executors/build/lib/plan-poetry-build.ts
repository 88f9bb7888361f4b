import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { TextDecoder } from 'node:util';
import { DistBuildError } from '../../../core/dist/errors';
import { parsePep517BuildSystem } from '../../../core/dist/pep517-build-system';
import { ProjectTree } from '../../../core/dist/project-tree';
import { normalizeName } from '../../../core/names';
import { readPoetryBuildModel } from '../../../core/poetry/poetry-build-model';
import { renderPoetryEntryPoints, renderPoetryMetadata } from '../../../core/poetry/poetry-metadata';
import { selectPoetryFiles } from '../../../core/poetry/select-poetry';
import { emptyProjectFields, type PyProject } from '../../../core/pyproject/model';
import { listGitIgnoredFiles } from '../../../io/fs/git-ignored-files';
import { walkProject } from '../../../io/fs/walk-project';
import type { NativeBuildInput } from './build-native';

export type PoetryBuildPlan =
  | { kind: 'native'; input: Pick<NativeBuildInput, 'projectRoot' | 'project' | 'version' | 'walk' | 'selection' | 'rendered'> }
  | { kind: 'unsupported'; reason: string };

/**
 * Plans a native build of a project poetry-core builds (issue 13): its model (core/poetry), the
 * files poetry-core would select (asking git which files it ignores, as poetry-core does), and the
 * METADATA / entry_points.txt in poetry-core's spelling. `unsupported` says in one line why the
 * backend must build instead (a build script, a plugin, a field only poetry-core fills in).
 */
export async function planPoetryBuild(text: string, shownPath: string, projectRoot: string, skip: readonly string[]): Promise<PoetryBuildPlan> {
  // The model first: for a [project] file it validates [build-system] too, with locations.
  const outcome = readPoetryBuildModel(text, shownPath, (file, keyPath) => readLicenseText(projectRoot, file, shownPath, keyPath));
  const plugin = parsePep517BuildSystem(text, shownPath)
    .requires.map((r) => normalizeName(/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(r)?.[1] ?? r))
    .find((name) => name !== 'poetry-core');
  if (plugin !== undefined) return { kind: 'unsupported', reason: `[build-system].requires lists ${plugin}, a build plugin the native builder does not run` };
  if (outcome.kind === 'unsupported') return outcome;
  const { model } = outcome;
  const walk = walkProject(projectRoot, { skip });
  const tree = new ProjectTree(walk.files.map((f) => f.path));
  const selection = selectPoetryFiles(model, model.metadata.name, tree, await listGitIgnoredFiles(projectRoot));
  let description: string | undefined;
  if (model.readme?.kind === 'text') description = model.readme.text;
  else if (selection.readmeFiles.length > 0)
    description = (await Promise.all(selection.readmeFiles.map((file) => readUtf8(projectRoot, file, shownPath)))).join('\n');
  const metadata = renderPoetryMetadata({
    metadata: model.metadata,
    licenseFiles: selection.licenseFiles,
    ...(description !== undefined ? { description } : {}),
    ...(model.readme ? { descriptionContentType: model.readme.contentType } : {}),
  });
  const entryPoints = renderPoetryEntryPoints(model.entryPoints);
  const { name, version } = model.metadata;
  const project: PyProject = {
    filePath: shownPath,
    name,
    normalizedName: normalizeName(name),
    version,
    rawVersion: version,
    ...emptyProjectFields(),
    tool: {},
  };
  return {
    kind: 'native',
    input: {
      projectRoot,
      project,
      version,
      walk,
      selection: {
        backend: 'poetry',
        wheelMembers: selection.wheelMembers,
        roots: [],
        sdistExtras: [],
        sdistFiles: selection.sdistFiles,
        licenseFiles: selection.licenseFiles,
      },
      rendered: { metadata, ...(entryPoints !== undefined ? { entryPoints } : {}), wheelTag: `${model.pythonTag}-none-any` },
    },
  };
}

/** A readme as poetry-core reads it: UTF-8, or the build fails naming the file. */
async function readUtf8(root: string, file: string, shownPath: string): Promise<string> {
  return decodeUtf8(await readFile(join(root, file)), file, shownPath, 'readme');
}

/** The file `[project].license = { file }` names, read as poetry-core reads it; a missing file fails the build at the key, as it fails poetry-core's. */
function readLicenseText(root: string, file: string, shownPath: string, keyPath: string): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(join(root, file));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'EISDIR') throw err;
    throw new DistBuildError(`license file ${file} ${code === 'EISDIR' ? 'is a folder' : 'does not exist'}.`, {
      code: 'DIST_LICENSE_MISSING',
      location: { file: shownPath, keyPath },
      hint: `Create ${file} in the project, or point [project].license at the file that holds the license text.`,
    });
  }
  return decodeUtf8(bytes, file, shownPath, 'license file');
}

/** `Path.read_text(encoding="utf-8")`: strict UTF-8, a BOM kept, universal newlines (\r\n and \r read as \n). */
function decodeUtf8(bytes: Buffer, file: string, shownPath: string, what: string): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DistBuildError(`${file} is not valid UTF-8.`, {
      code: 'DIST_TEXT_ENCODING',
      location: { file: join(shownPath, '..', file) },
      hint: `Save the ${what} as UTF-8: poetry-core reads it as UTF-8.`,
    });
  }
  return text.replace(/\r\n?/g, '\n');
}
