import type { PyProject } from '../pyproject/model';
import { toDistFilenamePart } from '../names';
import { DistBuildError } from './errors';
import { compileGitignore } from './gitignore';
import { joinPath, type ProjectTree } from './project-tree';
import { finishMembers, isStringArray, readToolTable, selectTestFiles, unsupported, type SelectionOutcome, type WheelMember } from './selection';

/**
 * hatchling's wheel selection (hatchling/builders/wheel.py): `[tool.hatch.build.targets.wheel]
 * packages`, or by default `<name>/`, `src/<name>/` or `<name>.py`. A package ships every file below
 * it, minus what the nearest .gitignore excludes (hatchling looks upwards for one). The package's
 * parent folder is dropped from archive paths (`src/foo/x.py` -> `foo/x.py`).
 */
export function selectHatchlingFiles(project: PyProject, tree: ProjectTree, gitignoreText: string | undefined): SelectionOutcome {
  const build = readToolTable(project.tool, 'hatch', 'build') ?? {};
  const buildKeys = Object.keys(build).filter((k) => k !== 'targets');
  if (buildKeys.length > 0) return unsupported(`[tool.hatch.build] ${buildKeys.join(', ')} is not supported natively`);
  const targets = readToolTable(build, 'targets') ?? {};
  const otherTargets = Object.keys(targets).filter((k) => k !== 'wheel');
  if (otherTargets.length > 0) return unsupported(`[tool.hatch.build.targets.${otherTargets[0]}] is not supported natively`);
  const wheel = readToolTable(targets, 'wheel') ?? {};
  const wheelKeys = Object.keys(wheel).filter((k) => k !== 'packages');
  if (wheelKeys.length > 0) return unsupported(`[tool.hatch.build.targets.wheel] ${wheelKeys.join(', ')} is not supported natively`);
  if (readToolTable(project.tool, 'hatch', 'metadata', 'hooks')) return unsupported('[tool.hatch.metadata.hooks] runs plugins');
  const ignore = gitignoreText === undefined ? undefined : compileGitignore(gitignoreText);
  if (ignore?.kind === 'unsupported') return unsupported(ignore.reason);

  let packages: string[];
  let modules: string[] = [];
  if (wheel['packages'] !== undefined) {
    if (!isStringArray(wheel['packages'])) {
      throw new DistBuildError('Expected a list of package folders.', {
        code: 'DIST_TOOL_CONFIG_INVALID',
        location: { file: project.filePath, keyPath: 'tool.hatch.build.targets.wheel.packages' },
      });
    }
    packages = wheel['packages'].map((p) => joinPath(p));
  } else {
    const name = toDistFilenamePart(project.name);
    if (tree.isFile(`${name}/__init__.py`)) packages = [name];
    else if (tree.isFile(`src/${name}/__init__.py`)) packages = [`src/${name}`];
    else if (tree.isFile(`${name}.py`)) [packages, modules] = [[], [`${name}.py`]];
    else return unsupported(`no ${name}/, src/${name}/ or ${name}.py found, and hatchling's fallback selection (every *.py file) is not supported natively`);
  }

  const members: WheelMember[] = [];
  for (const dir of packages) {
    const files = tree.filesUnder(dir).filter((f) => !(ignore?.kind === 'ok' && ignore.ignores(f)));
    if (files.length === 0) {
      throw new DistBuildError(`Package folder ${dir}/ does not exist or holds no files.`, {
        code: 'DIST_PACKAGE_MISSING',
        location: { file: project.filePath, keyPath: 'tool.hatch.build.targets.wheel.packages' },
        hint: `Create ${dir}/__init__.py, or fix the path in packages.`,
      });
    }
    const parent = dir.includes('/') ? dir.slice(0, dir.lastIndexOf('/') + 1) : '';
    for (const file of files) members.push({ archivePath: file.slice(parent.length), sourcePath: file });
  }
  for (const mod of modules) members.push({ archivePath: mod, sourcePath: mod });
  return {
    kind: 'native',
    selection: { backend: 'hatchling', wheelMembers: finishMembers(members), roots: [...packages, ...modules], sdistExtras: selectTestFiles(tree) },
  };
}
