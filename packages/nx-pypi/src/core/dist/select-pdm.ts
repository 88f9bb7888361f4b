import type { PyProject } from '../pyproject/model';
import { toImportName } from '../names';
import { DistBuildError } from './errors';
import { readToolTable, selectTestFiles, unsupported, finishMembers, type SelectionOutcome, type WheelMember } from './selection';
import { joinPath, type ProjectTree } from './project-tree';

/**
 * pdm-backend's default layouts (https://backend.pdm-project.org/build_config/): packages are
 * looked up in `src/` when it exists, else in the project root; every top-level folder with an
 * `__init__.py` (tests aside) ships with all its files; with no package, `<name>.py` ships alone.
 * Any `[tool.pdm.build]` setting changes that selection and is handed to the PEP 517 frontend.
 */
export function selectPdmFiles(project: PyProject, tree: ProjectTree): SelectionOutcome {
  const build = readToolTable(project.tool, 'pdm', 'build');
  if (build !== undefined && Object.keys(build).length > 0) return unsupported(`[tool.pdm.build] ${Object.keys(build).join(', ')} is not supported natively`);
  const root = tree.isDir('src') ? 'src' : '';
  const packages = tree
    .childDirs(root)
    .filter((d) => d !== 'tests' && d !== 'test' && tree.isFile(joinPath(root, d, '__init__.py')))
    .map((d) => joinPath(root, d));
  const members: WheelMember[] = [];
  const prefix = root ? `${root}/` : '';
  for (const dir of packages) for (const f of tree.filesUnder(dir)) members.push({ archivePath: f.slice(prefix.length), sourcePath: f });
  const roots = [...packages];
  if (packages.length === 0) {
    const module = joinPath(root, `${toImportName(project.name)}.py`);
    if (!tree.isFile(module)) {
      throw new DistBuildError(`No package folder with an __init__.py found in ${root || 'the project root'}, and no ${module}.`, {
        code: 'DIST_PACKAGE_MISSING',
        location: { file: project.filePath, keyPath: 'build-system.build-backend' },
        hint: `Create ${joinPath(root, toImportName(project.name), '__init__.py')}.`,
      });
    }
    members.push({ archivePath: module.slice(prefix.length), sourcePath: module });
    roots.push(module);
  }
  return { kind: 'native', selection: { backend: 'pdm', wheelMembers: finishMembers(members), roots, sdistExtras: selectTestFiles(tree) } };
}
