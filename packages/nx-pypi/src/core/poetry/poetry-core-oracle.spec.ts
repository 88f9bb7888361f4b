/**
 * Asks Debian's poetry-core (1.4, installed by tools/test-prerequisites.mjs) what it writes for
 * every case below, in one python process, and compares with the TypeScript translation.
 *
 * Constraints are compared by meaning: both specifiers (a `||` union split into its members) are
 * evaluated with PEP 440 rules on a grid of versions, because spelling legitimately differs
 * (1.4 keeps the version as written, `1.0.0-beta.1`; we write the normal form, `1.0.0b1`, as 2.x
 * does). Requires-Dist lines and python markers are compared as text. Where poetry-core 1.4 is
 * wrong or 2.x changed its output, the case sits in DIVERGES with what we write and why.
 */
import { execFileSync } from 'node:child_process';
import { parseSpecifierSet, parseVersion } from '../pep440';
import { admitsVersion } from '../release/specifier-admits';
import { parsePoetryConstraint, translatePoetryConstraint } from './constraint';
import { parsePoetryDependency, renderRequiresDist } from './dependency';
import { renderPythonMarker, renderRequiresPython } from './python-constraint';

const CONSTRAINTS = [
  '^1.2.3',
  '^0.2.3',
  '^0.0.3',
  '^1',
  '^0',
  '^0.0',
  '^0.0.0',
  '^1.2',
  '^2020.1',
  '^1.2.3.4',
  '^0.0.3.4',
  '^1.2.3.post1',
  '^1.0.0b1',
  '^1.0.0-beta.1',
  '^1.0.0.dev1',
  '^0.1.0a2',
  '^1!2.0',
  '~1.2.3',
  '~1.2',
  '~1',
  '~1.0.0rc1',
  '~1.2.3.4',
  '~ 1.2',
  '~=1.2',
  '~=1.2.3',
  '~=1.2.3.4',
  '*',
  'x',
  '1.*',
  '1.2.*',
  '0.*',
  '1.x',
  '==1.2.*',
  '!=1.2.*',
  '!=1.*',
  '1.2',
  '1.2.3',
  '=1.2',
  '==1.2.3',
  '!=1.2.3',
  '1!2.0',
  '==1.0+local',
  '>=1.2,<2.0',
  '>=1.2 <2.0',
  '>= 1.2, < 2.0',
  '>1.2',
  '<=1.2',
  '<1.2',
  '>=1.0,',
  '>=1.0.0a1',
  '*, >=1',
  '>=1.0,!=1.5.0,<2.0',
  '!=1.2.3,!=1.3.0',
  '^1.0 || ^3.0',
  '^1.0 || ^2.0',
  '^1.0|^3.0',
  '>1.2 || <1.0',
  '>=1,<1.5 || >=2',
  '>=1.2,<2.0 || ==3.0',
  '^1.2 || ^1.5',
  '~1.2 || ~1.3',
  '>=0.9,<1.0 || >=1.0,<1.1',
  '<2.0.0.dev0',
  'dev',
];

/** What we write differs from Debian's poetry-core 1.4 in meaning: the specifier we write, and why. */
const DIVERGES: Record<string, [string, string]> = {
  '>=1,<1.5 || >=2': ['>=1,<1.5 || >=2', '1.4 writes !=1.* (excludes 1.0-1.4 too, a 1.4 bug); 2.x writes the union'],
  // 2.x reads a wildcard as >=1.dev0,<2.dev0 and writes ==1.* (the PEP 440 prefix match: pre- and
  // dev-releases of 1.x included); 1.4 wrote >=1.0.0,<2.0.0. Native builds match 2.x byte for byte.
  '1.*': ['==1.*', '1.4 writes >=1.0.0,<2.0.0; 2.x writes ==1.*'],
  '1.2.*': ['==1.2.*', '1.4 writes >=1.2.0,<1.3.0; 2.x writes ==1.2.*'],
  '==1.2.*': ['==1.2.*', 'as 1.2.*'],
  '1.x': ['==1.*', '2.x rejects 1.x; read as 1.*, which 1.4 accepted'],
};

/** Spelled unlike 1.4 though equal in meaning (versions in normal form, as 2.x writes them). */
const SPELLED: Record<string, string> = {
  '^1.0.0-beta.1': '>=1.0.0b1,<2.0.0',
  dev: '==0.0.dev0',
  '^1.0 || ^2.0': '>=1.0,<3.0',
};

const DEPENDENCIES: Array<{ name: string; dep: unknown; extras?: Record<string, string[]> }> = [
  { name: 'Foo_Bar', dep: '^1.2' },
  { name: 'foo', dep: { version: '^1.2', python: '^3.8' } },
  { name: 'foo', dep: { version: '^1.2', python: '>3.8' } },
  { name: 'foo', dep: { version: '^1.2', python: '<=3.10' } },
  { name: 'foo', dep: { version: '^1.2', python: '3.8' } },
  { name: 'foo', dep: { version: '^1.2', python: '>=3.8.1,<4.0' } },
  { name: 'foo', dep: { version: '^1.2', markers: "sys_platform=='win32'" } },
  { name: 'foo', dep: { version: '^1.2', markers: "implementation_name == 'cpython' and sys_platform != 'win32'" } },
  { name: 'foo', dep: { version: '^1.2', markers: 'python_version >= "3.8"', python: '<3.12' } },
  { name: 'foo', dep: { version: '^1.2', markers: 'extra == "foo"' } },
  { name: 'foo', dep: { version: '>=2.0', extras: ['socks', 'Security'] } },
  { name: 'foo', dep: { version: '^1.2', optional: true }, extras: { cli: ['foo'] } },
  { name: 'foo', dep: { version: '^1.2', optional: true, python: '^3.8' }, extras: { cli: ['foo'], all: ['foo', 'bar'] } },
  { name: 'foo', dep: { version: '*' } },
  { name: 'foo', dep: { version: '1.2.3' } },
  { name: 'foo', dep: { version: '!=1.2.*', 'allow-prereleases': true, source: 'private' } },
  { name: 'foo', dep: { git: 'https://github.com/a/b.git', rev: 'abc123' } },
  { name: 'foo', dep: { git: 'https://github.com/a/b.git', branch: 'main', subdirectory: 'pkg' } },
  { name: 'foo', dep: { url: 'https://example.com/foo-1.0.tar.gz' } },
  { name: 'foo', dep: { version: '^1.2', platform: 'linux' } },
  {
    name: 'foo',
    dep: [
      { version: '^1.2', python: '<3.10' },
      { version: '^2.0', python: '>=3.10' },
    ],
  },
];

/**
 * Where 2.x's marker differs from 1.4's, what 2.5.0 writes (recorded): 1.4 read `!=3.8.*` as
 * excluding 3.8.0..3.9.0 and spelled it with python_full_version; 2.x reads `python` as a marker
 * constraint (whole minors), as nx-pypi does.
 */
const PYTHON_MARKER_2X: Record<string, string> = {
  '>=3.7,!=3.8.*': '(python_version >= "3.7" and python_version < "3.8") or (python_version >= "3.9")',
};

/** Likewise for Requires-Python (2.5.0 leaves out !=3.8.* here; 1.4 wrote it). */
const PYTHON_REQUIRES_2X: Record<string, string> = {
  '>=3.7,!=3.8.*': '>=3.7, !=2.7.*, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*, !=3.4.*, !=3.5.*, !=3.6.*',
};

const PYTHONS = ['^3.8', '>=3.8,<4.0', '~2.7 || ^3.6', '3.8', '>3.8', '<=3.10', '>=3.8.1', '3.8.1', '>=3.6,<3.12', '^3', '>=3.7,!=3.8.*', '~3.9'];

const PROBE = `
import json, sys
from poetry.core.factory import Factory
from poetry.core.constraints.version import parse_constraint
from poetry.core.packages.dependency import Dependency
from poetry.core.packages.utils.utils import create_nested_marker
from poetry.core.version.helpers import format_python_constraint
cases = json.loads(sys.stdin.read())
out = {"constraints": [], "dependencies": [], "pythons": []}
for c in cases["constraints"]:
    out["constraints"].append(Dependency("foo", c).to_pep_508())
for d in cases["dependencies"]:
    entries = d["dep"] if isinstance(d["dep"], list) else [d["dep"]]
    lines = []
    for e in entries:
        dep = Factory.create_dependency(d["name"], e)
        for extra, names in (d.get("extras") or {}).items():
            if dep.name in names: dep.in_extras.append(extra)
        lines.append(dep.to_pep_508())
    out["dependencies"].append(lines)
for p in cases["pythons"]:
    pc = parse_constraint(p)
    out["pythons"].append([create_nested_marker("python_version", pc), format_python_constraint(pc)])
print(json.dumps(out))
`;

interface Oracle {
  constraints: string[];
  dependencies: string[][];
  pythons: Array<[string, string]>;
}

const GRID = [
  '0',
  '0.0.1',
  '0.0.3',
  '0.0.3.9',
  '0.0.4',
  '0.1',
  '0.1.0a2',
  '0.2.3',
  '0.2.9',
  '0.3',
  '0.9',
  '0.9.9',
  '1.0.dev0',
  '1.0a1',
  '1.0',
  '1.0.0b1',
  '1.0.0b2',
  '1.0.0.post1',
  '1.0.1',
  '1.0+local',
  '1.1',
  '1.2',
  '1.2.0',
  '1.2.3',
  '1.2.3.4',
  '1.2.3.post1',
  '1.2.4',
  '1.2.9',
  '1.3',
  '1.3.0',
  '1.4.9',
  '1.5',
  '1.5.0',
  '1.9',
  '2.0a1',
  '2.0.0.dev0',
  '2.0',
  '2.1',
  '2.5',
  '3.0',
  '3.5',
  '4.0',
  '10.0',
  '2020.1',
  '2020.9',
  '2021.0',
  '1!2.0',
  '1!2.5',
  '1!3.0',
];

function admits(specifier: string, version: string): boolean {
  const v = parseVersion(version)!;
  return specifier.split(' || ').some((member) => {
    const set = parseSpecifierSet(/^[0-9]/.test(member) ? `==${member}` : member);
    if (!set.ok) throw new Error(`cannot parse "${member}" of "${specifier}": ${set.message}`);
    return admitsVersion(set.clauses, v, version);
  });
}

function specifierOf(requirement: string): string {
  return /\((.*)\)/.exec(requirement)?.[1] ?? '';
}

let oracle: Oracle;
beforeAll(() => {
  const input = JSON.stringify({ constraints: CONSTRAINTS, dependencies: DEPENDENCIES, pythons: PYTHONS });
  oracle = JSON.parse(execFileSync('/usr/bin/python3', ['-c', PROBE], { input, encoding: 'utf8' })) as Oracle;
});

describe("Poetry constraints mean what Debian's poetry-core writes for them", () => {
  it.each(CONSTRAINTS.map((c, i) => [c, i] as const))('%s', (constraint, i) => {
    const ours = translatePoetryConstraint(constraint);
    if (!ours.ok) throw new Error(ours.message);
    const theirs = specifierOf(oracle.constraints[i]);
    const diverges = DIVERGES[constraint];
    if (diverges) {
      expect(ours.specifier).toBe(diverges[0]);
      return;
    }
    if (SPELLED[constraint]) expect(ours.specifier).toBe(SPELLED[constraint]);
    const differs = GRID.filter((v) => admits(ours.specifier, v) !== admits(theirs, v));
    expect({ constraint, ours: ours.specifier, theirs, differs }).toEqual({ constraint, ours: ours.specifier, theirs, differs: [] });
  });
});

describe("Requires-Dist lines are the ones Debian's poetry-core writes", () => {
  it.each(DEPENDENCIES.map((d, i) => [JSON.stringify(d.dep), d, i] as const))('%s', (_title, d, i) => {
    const parsed = parsePoetryDependency(d.name, d.dep, ['tool', 'poetry', 'dependencies', d.name], d.extras);
    expect(parsed.problems).toEqual([]);
    const lines = parsed.requirements.map((r) => renderRequiresDist(r));
    expect(lines).toEqual(oracle.dependencies[i]);
  });
});

describe('python constraints give the markers and Requires-Python poetry-core writes', () => {
  it.each(PYTHONS.map((p, i) => [p, i] as const))('%s', (python, i) => {
    const ours = parsePoetryConstraint(python, { marker: true }); // how poetry-core reads `python`
    if (!ours.ok) throw new Error(ours.message);
    const [marker, requiresPython] = oracle.pythons[i];
    expect(renderPythonMarker(ours.set)).toBe(PYTHON_MARKER_2X[python] ?? marker);
    expect(renderRequiresPython(ours.set)).toBe(PYTHON_REQUIRES_2X[python] ?? requiresPython);
  });
});
