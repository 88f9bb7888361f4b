/**
 * The `[project]` table as uv_build 0.9.26 to 0.10.x validates it before writing metadata
 * (crates/uv-build-backend/src/metadata.rs `to_metadata`, `to_entry_points`): what it refuses becomes
 * a located error here, and what it would write in a form metadata-uv.ts does not reproduce comes
 * back as the reason to let uv_build build.
 *
 * - Dynamic metadata is refused ("Dynamic metadata is not supported").
 * - A README path must end in `.md`, `.rst` or `.txt` exactly (`Readme::String`, the extension is
 *   compared case-sensitively); a content-type must be exactly text/plain, text/x-rst or
 *   text/markdown, and a charset exactly "UTF-8".
 * - Entry-point group names are letters, digits, `.` and `_`, not starting with `.`.
 * - `keywords = []` writes an empty `Keywords:` field, and an empty scripts, gui-scripts or
 *   entry-points table an (almost) empty entry_points.txt: the model holds no difference between
 *   those and an absent key, so the pyproject text is read to tell.
 */
import type { PyProject } from '../pyproject/model';
import { parseTomlTable } from '../pyproject/toml-document';
import type { ReadProjectFile } from './dynamic-metadata';
import { DistBuildError } from './errors';
import { uvRequirementProblem, uvSpecifierProblem } from './metadata-uv';

const CONTENT_TYPES = ['text/plain', 'text/x-rst', 'text/markdown'];
const README_EXTENSION = /\.(md|rst|txt)$/;

/** Throws what uv_build refuses; returns why the native builder cannot write what it would, or undefined. */
export function checkUvMetadata(project: PyProject, readFile: ReadProjectFile | undefined): string | undefined {
  const at = (keyPath: string) => ({ file: project.filePath, keyPath });
  if (project.dynamic.length > 0) {
    throw new DistBuildError(`uv_build does not support dynamic metadata, and [project].dynamic lists ${project.dynamic.join(', ')}.`, {
      code: 'DIST_UV_DYNAMIC',
      location: at('project.dynamic'),
      hint: 'Write the values into [project] and remove dynamic (uv_build reads nothing else), or switch to a backend that computes them.',
    });
  }
  const readme = project.readme;
  if (readme && !CONTENT_TYPES.includes(readme.contentType)) {
    throw new DistBuildError(`uv_build accepts only the readme content types ${CONTENT_TYPES.join(', ')}, not "${readme.contentType}".`, {
      code: 'DIST_UV_README',
      location: at('project.readme'),
      hint: 'Drop the parameters from content-type (uv_build writes the README as UTF-8).',
    });
  }
  if (readme?.charset !== undefined && readme.charset !== 'UTF-8') {
    throw new DistBuildError(`uv_build reads the README only as UTF-8, and charset is "${readme.charset}".`, {
      code: 'DIST_UV_README',
      location: at('project.readme'),
      hint: 'Convert the README to UTF-8 and write charset = "UTF-8" or leave charset out.',
    });
  }
  const badGroup = Object.keys(project.entryPoints).find((g) => !/^[\p{Alphabetic}\p{N}_][\p{Alphabetic}\p{N}._]*$/u.test(g));
  if (badGroup !== undefined) {
    throw new DistBuildError(`uv_build refuses the entry-point group name "${badGroup}": it takes letters, digits, "." and "_" only.`, {
      code: 'DIST_UV_ENTRY_POINTS',
      location: at(`project.entry-points.${badGroup}`),
      hint: 'Rename the group, e.g. with "_" or "." instead of "-".',
    });
  }
  const requirements = [...project.dependencies, ...Object.values(project.optionalDependencies).flat()];
  for (const req of requirements) {
    const problem = uvRequirementProblem(req);
    if (problem !== undefined) return problem;
  }
  if (project.requiresPython !== undefined) {
    const problem = uvSpecifierProblem(project.requiresPython);
    if (problem !== undefined) return `requires-python ${problem}`;
  }
  return checkRawProject(project, readFile);
}

/** The checks that need the pyproject text: a README path's exact suffix, and empty arrays and tables. */
function checkRawProject(project: PyProject, readFile: ReadProjectFile | undefined): string | undefined {
  const readmePath = project.readme?.file;
  const readmeSuffixUnclear = readmePath !== undefined && !README_EXTENSION.test(readmePath);
  const emptyKeywords = project.keywords.length === 0;
  const emptyEntryTable = [project.scripts, project.guiScripts, ...Object.values(project.entryPoints)].some((t) => Object.keys(t).length === 0);
  if (!readmeSuffixUnclear && !emptyKeywords && !emptyEntryTable) return undefined;
  if (readFile === undefined) return 'reading pyproject.toml is needed to tell empty keywords or entry-point tables from none';
  const raw = parseTomlTable(readFile('pyproject.toml'))['project'] as Record<string, unknown>;
  if (readmeSuffixUnclear && typeof raw['readme'] === 'string') {
    throw new DistBuildError(`uv_build reads the README format from the suffix .md, .rst or .txt (lower case), and "${readmePath}" has none of them.`, {
      code: 'DIST_UV_README',
      location: { file: project.filePath, keyPath: 'project.readme' },
      hint: `Rename the file, or name its type: readme = { file = "${readmePath}", content-type = "${project.readme?.contentType}" }.`,
    });
  }
  if (Array.isArray(raw['keywords']) && raw['keywords'].length === 0) return 'keywords = [] makes uv_build write an empty Keywords field';
  const empty = (value: unknown) => typeof value === 'object' && value !== null && Object.keys(value).length === 0;
  const entryPoints = raw['entry-points'];
  const emptyTable = [
    ['scripts', raw['scripts']],
    ['gui-scripts', raw['gui-scripts']],
    ['entry-points', entryPoints],
    ...Object.entries(typeof entryPoints === 'object' && entryPoints !== null ? entryPoints : {}).map(([g, v]) => [`entry-points.${g}`, v]),
  ].find(([, value]) => empty(value));
  return emptyTable ? `the empty [project.${emptyTable[0] as string}] table still makes uv_build write it into entry_points.txt` : undefined;
}
