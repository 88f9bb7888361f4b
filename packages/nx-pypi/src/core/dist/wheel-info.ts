import type { PyProject } from '../pyproject/model';
import { PURE_WHEEL_TAG } from './filenames';

/**
 * The `.dist-info/WHEEL` file (binary distribution format spec, Wheel-Version 1.0). A compressed
 * tag set (`py2.py3-none-any`) is written expanded, one `Tag:` line per tag, as the spec asks
 * (poetry-core writes the compressed form on one line).
 */
export function renderWheelInfo(generatorVersion: string, wheelTag: string = PURE_WHEEL_TAG): string {
  const [python, abi, platform] = wheelTag.split('-');
  const tags = python.split('.').flatMap((py) => abi.split('.').flatMap((a) => platform.split('.').map((p) => `Tag: ${py}-${a}-${p}`)));
  return ['Wheel-Version: 1.0', `Generator: nx-pypi ${generatorVersion}`, 'Root-Is-Purelib: true', ...tags, ''].join('\n');
}

/**
 * `.dist-info/entry_points.txt` (entry points spec): `[console_scripts]` from `[project.scripts]`,
 * `[gui_scripts]` from `[project.gui-scripts]`, then the other groups in file order. Undefined when
 * the project declares none, so no empty file is shipped.
 */
export function renderEntryPoints(project: PyProject): string | undefined {
  const groups: Array<[string, Record<string, string>]> = [
    ['console_scripts', project.scripts],
    ['gui_scripts', project.guiScripts],
    ...Object.entries(project.entryPoints),
  ];
  const sections = groups
    .filter(([, entries]) => Object.keys(entries).length > 0)
    .map(([group, entries]) => [`[${group}]`, ...Object.entries(entries).map(([name, ref]) => `${name} = ${ref}`), ''].join('\n'));
  return sections.length > 0 ? sections.join('\n') : undefined;
}
