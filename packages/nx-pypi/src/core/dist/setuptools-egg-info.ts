/**
 * The files setuptools generates into its sdist (setuptools 84: command/egg_info.py, sdist.py):
 * `setup.cfg` with the `[egg_info]` tags, and `<name>.egg-info/` with PKG-INFO, SOURCES.txt,
 * dependency_links.txt, requires.txt, top_level.txt, entry_points.txt and the zip-safe flag.
 * Requirements and markers are written as `packaging` prints them (str(Requirement), str(Marker)).
 */
import type { PyProject, Requirement } from '../pyproject/model';
import { renderSdistSetupCfg, type SetupCfgSection } from './setup-cfg';

export interface EggInfoInput {
  project: PyProject;
  /** The sdist's PKG-INFO, which setuptools writes into the egg-info too. */
  pkgInfo: string;
  /** top_level.txt's names. */
  topLevelNames: readonly string[];
  /** entry_points.txt, or undefined when the project has none. */
  entryPoints?: string;
  /** The project files the sdist holds (without PKG-INFO; with the project's own setup.cfg), for SOURCES.txt. */
  sdistFiles: readonly string[];
  /** The project's own setup.cfg (other tools' sections), which the sdist's setup.cfg keeps; undefined: none. */
  setupCfgSections?: readonly SetupCfgSection[];
  /** Where the egg-info folder goes: the root package folder (`src` for the src layout), else ''. */
  eggBase: string;
}

/** The generated files: [path in the sdist, text], setup.cfg first. */
export function renderSetuptoolsGenerated(input: EggInfoInput): Array<[string, string]> {
  const dir = `${input.eggBase === '' ? '' : `${input.eggBase}/`}${eggInfoName(input.project.name)}.egg-info`;
  const eggInfo: Array<[string, string]> = [
    ['PKG-INFO', input.pkgInfo],
    ['dependency_links.txt', '\n'],
    ['top_level.txt', input.topLevelNames.map((n) => `${n}\n`).join('')],
  ];
  if (input.entryPoints !== undefined) eggInfo.push(['entry_points.txt', input.entryPoints]);
  const requires = renderRequiresTxt(input.project);
  if (requires !== '') eggInfo.push(['requires.txt', requires]);
  const zipSafe = input.project.tool.setuptools && (input.project.tool.setuptools as Record<string, unknown>)['zip-safe'];
  if (typeof zipSafe === 'boolean') eggInfo.push([zipSafe ? 'zip-safe' : 'not-zip-safe', '\n']);
  const sources = [...input.sdistFiles, ...eggInfo.map(([name]) => `${dir}/${name}`), `${dir}/SOURCES.txt`];
  eggInfo.push(['SOURCES.txt', sortManifest(sources).join('\n')]);
  return [['setup.cfg', renderSdistSetupCfg(input.setupCfgSections ?? [])], ...eggInfo.map(([name, text]): [string, string] => [`${dir}/${name}`, text])];
}

/** egg_info's `safer_name`: runs of other characters than letters, digits and `.` become `_`; case kept. */
export function eggInfoName(name: string): string {
  return name.replace(/[^A-Za-z0-9.]+/g, '_');
}

/** distutils' FileList.sort: by (folder, file name), so `pkg/x.py` precedes `pkg.egg-info/...` and `pkg/sub/...` follows it. */
function sortManifest(paths: readonly string[]): string[] {
  const split = (p: string): [string, string] => {
    const at = p.lastIndexOf('/');
    return at < 0 ? ['', p] : [p.slice(0, at), p.slice(at + 1)];
  };
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...new Set(paths)].sort((a, b) => {
    const [da, fa] = split(a);
    const [db, fb] = split(b);
    return byCodePoint(da, db) || byCodePoint(fa, fb);
  });
}

/**
 * requires.txt (egg_info.write_requirements): the requirements without a marker, then one section
 * per extra and per `extra:marker` (a requirement's marker moves into its section's name), sorted;
 * an extra whose every requirement has a marker keeps its empty section.
 */
export function renderRequiresTxt(project: PyProject): string {
  const sections = new Map<string, string[]>();
  const add = (key: string, req: Requirement) => sections.set(key, [...(sections.get(key) ?? []), renderPackagingRequirement(req)]);
  for (const [extra, reqs] of Object.entries(project.optionalDependencies)) {
    if (!sections.has(extra)) sections.set(extra, []);
    for (const req of reqs) add(req.marker ? `${extra}:${renderPackagingMarker(req.marker)}` : extra, req);
  }
  const plain: string[] = [];
  for (const req of project.dependencies) {
    if (req.marker) add(`:${renderPackagingMarker(req.marker)}`, req);
    else plain.push(renderPackagingRequirement(req));
  }
  let out = plain.map((line) => `${line}\n`).join('');
  for (const key of [...sections.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))) {
    out += `\n[${key}]\n${(sections.get(key) ?? []).map((line) => `${line}\n`).join('')}`;
  }
  return out;
}

/** str(packaging.Requirement) without its marker: extras sorted, specifiers sorted, ` @ url`. */
export function renderPackagingRequirement(req: Requirement): string {
  let text = req.name;
  if (req.extras.length > 0) text += `[${[...req.extras].sort().join(',')}]`;
  if (req.specifier !== '') {
    text += req.specifier
      .split(',')
      .map((s) => s.trim().replace(/^(~=|===|==|!=|<=|>=|<|>)\s*/, '$1'))
      .sort()
      .join(',');
  }
  if (req.url !== undefined) text += ` @ ${req.url}`;
  return text;
}

type MarkerNode = MarkerNode[] | [string, string, string] | 'and' | 'or';

/**
 * str(packaging.Marker): values in double quotes, single spaces, `not in` as two words, and the
 * parentheses packaging's _format_marker keeps: a group of several items, never a group of one (its
 * legacy variable spellings, `os.name` or `python_implementation`, never get here: the pyproject
 * validator refuses them).
 */
export function renderPackagingMarker(marker: string): string {
  const tokens = [...marker.matchAll(/\s*(\(|\)|not\s+in\b|in\b|and\b|or\b|===|==|!=|<=|>=|~=|<|>|'[^']*'|"[^"]*"|[A-Za-z_][A-Za-z0-9_.]*)/gy)].map(
    (m) => m[1],
  );
  let at = 0;
  const parseExpr = (): MarkerNode[] => {
    const list: MarkerNode[] = [parseAtom()];
    while (tokens[at] === 'and' || tokens[at] === 'or') list.push(tokens[at++] as 'and' | 'or', parseAtom());
    return list;
  };
  const parseAtom = (): MarkerNode => {
    if (tokens[at] === '(') {
      at++;
      const inner = parseExpr();
      at++; // ')'
      return inner;
    }
    const item: [string, string, string] = [variableOrValue(tokens[at]), tokens[at + 1].replace(/^not\s+in$/, 'not in'), variableOrValue(tokens[at + 2])];
    at += 3;
    return item;
  };
  return format(parseExpr(), true);
}

function variableOrValue(token: string): string {
  return token.startsWith('"') || token.startsWith("'") ? `"${token.slice(1, -1)}"` : token;
}

function format(node: MarkerNode, first: boolean): string {
  if (node === 'and' || node === 'or') return node;
  if (isItem(node)) return node.join(' ');
  const list = node as MarkerNode[];
  if (list.length === 1 && Array.isArray(list[0])) return format(list[0], true);
  const inner = list.map((n) => format(n, false)).join(' ');
  return first ? inner : `(${inner})`;
}

function isItem(node: MarkerNode): node is [string, string, string] {
  return Array.isArray(node) && node.length === 3 && typeof node[0] === 'string' && node[0] !== 'and' && node[0] !== 'or' && typeof node[1] === 'string';
}
