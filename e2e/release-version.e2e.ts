import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { initGitRepository } from './support/repository';
import { createTestWorkspace, type TestWorkspace } from './support/workspace';

/**
 * `nx release version` on Python projects, as a user runs it: a git workspace with a <- b <- c, a
 * Poetry 1.x project f requiring a (and d through a path dependency in a test group), a Poetry 2 project g whose
 * version is in [tool.poetry], and an independent d, released at 0.1.0 with `{projectName}@{version}` tags, the packed plugin's
 * VersionActions, conventional commits, independent versioning.
 */

const A = `# a: the base library
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "a"
version = "0.1.0"  # managed by nx release
description = "Base library"
dependencies = []
`;

// CRLF and single quotes on purpose: both must survive the release.
const B = [
  '[project]',
  "name = 'b'",
  "version = '0.1.0'",
  'dependencies = [',
  '  "a>=0.1.0",  # workspace library',
  '  \'attrs>=23 ; python_version >= "3.9"\',',
  ']',
  '',
].join('\r\n');

const C = `[project]
name = "c"
version = "0.1.0"
dependencies = ["b~=0.1.0"]

[project.optional-dependencies]
extra = [
    "click>=8",
]
`;

const D = '[project]\nname = "d"\nversion = "0.1.0"\n';

// The version is dynamic, read by hatchling from __about__.py: nx release must write it there.
const E =
  '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "e"\ndynamic = ["version"]\n\n[tool.hatch.version]\npath = "e/__about__.py"\n';

// Poetry 1.x (issue 13): the version lives in [tool.poetry]; the caret constraint keeps its style,
// the path dependency in the test group is never rewritten.
const F = `[tool.poetry]
name = "f"
version = "0.1.0"  # Poetry 1.x: no [project] table
description = "A Poetry project"

[tool.poetry.dependencies]
python = "^3.9"
a = "^0.1.0"

[tool.poetry.group.test.dependencies]
d = { path = "../d", develop = true }

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;

// Poetry 2 with the version in [tool.poetry] because [project] lists it as dynamic (Poetry's
// layout for --local-version and plugins): nx release writes it there, and the build reads it.
const G = `[project]
name = "g"
dynamic = ["version"]
description = "A Poetry 2 project"
requires-python = ">=3.9"

[tool.poetry]
version = "0.1.0"  # [project] leaves the version here

[build-system]
requires = ["poetry-core>=2"]
build-backend = "poetry.core.masonry.api"
`;

describe('nx release version with nx-pypi VersionActions', () => {
  let ws: TestWorkspace;
  let git: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    ws = await createTestWorkspace('release');
    ws.write('libs/a/pyproject.toml', A);
    ws.write('libs/a/a/__init__.py', '"""Base."""\n__version__ = "0.1.0"\n');
    ws.write('libs/b/pyproject.toml', B);
    ws.write('libs/c/pyproject.toml', C);
    ws.write('libs/c/src/c/__init__.py', "__version__ = '0.1.0'\n");
    ws.write('libs/d/pyproject.toml', D);
    ws.write('libs/e/pyproject.toml', E);
    ws.write('libs/e/e/__init__.py', 'from .__about__ import __version__\n');
    ws.write('libs/e/e/__about__.py', '__version__ = "0.1.0"  # read by hatchling\n');
    ws.write('libs/f/pyproject.toml', F);
    ws.write('libs/g/pyproject.toml', G);
    ws.write('libs/g/g/__init__.py', '');
    git = await initGitRepository(ws);
    // The release section and git's PEP 440 tag order come from the plugin's own init generator.
    const init = await ws.nx(['g', 'nx-pypi:init', '--release', '--no-interactive']);
    expect(init.code).toBe(0);
    expect(JSON.parse(ws.read('nx.json')).release.version.versionActions).toBe('nx-pypi/release/version-actions');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'chore: initial');
    for (const p of ['a', 'b', 'c', 'd', 'e', 'f', 'g']) await git('tag', '-a', `${p}@0.1.0`, '-m', `${p}@0.1.0`);
    ws.write('libs/a/a/core.py', 'def answer():\n    return 42\n');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'fix(a): answer correctly');
  }, 120_000);

  afterAll(() => ws?.remove());

  it('changes no file with --dry-run', async () => {
    const dry = await ws.nx(['release', 'version', '--dry-run']);
    expect(dry.stderr + dry.stdout).toContain('0.1.1');
    expect(dry.code).toBe(0);
    expect(await git('status', '--porcelain')).toBe('');
  }, 60_000);

  it('bumps a by its fix, b, c and the Poetry project f as dependents, leaves d alone, touching only version and requirement lines', async () => {
    const run = await ws.nx(['release', 'version']);
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });

    expect(ws.read('libs/a/pyproject.toml')).toBe(A.replace('version = "0.1.0"', 'version = "0.1.1"'));
    expect(ws.read('libs/a/a/__init__.py')).toBe('"""Base."""\n__version__ = "0.1.1"\n');
    expect(ws.read('libs/b/pyproject.toml')).toBe(B.replace("version = '0.1.0'", "version = '0.1.1'").replace('"a>=0.1.0"', '"a>=0.1.1"'));
    expect(ws.read('libs/c/pyproject.toml')).toBe(C.replace('version = "0.1.0"', 'version = "0.1.1"').replace('b~=0.1.0', 'b~=0.1.1'));
    expect(ws.read('libs/c/src/c/__init__.py')).toBe("__version__ = '0.1.1'\n");
    expect(ws.read('libs/d/pyproject.toml')).toBe(D);
    expect(ws.read('libs/f/pyproject.toml')).toBe(F.replace('version = "0.1.0"', 'version = "0.1.1"').replace('a = "^0.1.0"', 'a = "^0.1.1"'));

    const diff = await git('diff', 'HEAD', '--unified=0', '--no-color', '--', '*.toml');
    const changed = diff.split('\n').filter((l) => /^[-+][^-+]/.test(l));
    expect(changed).toEqual([
      '-version = "0.1.0"  # managed by nx release',
      '+version = "0.1.1"  # managed by nx release',
      "-version = '0.1.0'\r",
      "+version = '0.1.1'\r",
      '-  "a>=0.1.0",  # workspace library\r',
      '+  "a>=0.1.1",  # workspace library\r',
      '-version = "0.1.0"',
      '-dependencies = ["b~=0.1.0"]',
      '+version = "0.1.1"',
      '+dependencies = ["b~=0.1.1"]',
      '-version = "0.1.0"  # Poetry 1.x: no [project] table',
      '+version = "0.1.1"  # Poetry 1.x: no [project] table',
      '-a = "^0.1.0"',
      '+a = "^0.1.1"',
    ]);
  }, 60_000);

  it('normalizes an explicit PEP 440 version', async () => {
    const run = await ws.nx(['release', 'version', '2.0.0-RC.1', '--projects=d']);
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    expect(ws.read('libs/d/pyproject.toml')).toBe(D.replace('0.1.0', '2.0.0rc1'));
  }, 60_000);

  it('continues from a PEP 440 pre-release tag, staying in pre-releases under conventional commits', async () => {
    await git('add', '-A');
    await git('commit', '-q', '-m', 'chore(release): d 2.0.0rc1');
    await git('tag', '-a', 'd@2.0.0rc1', '-m', 'd@2.0.0rc1');
    ws.write('libs/d/d.py', 'X = 1\n');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'fix(d): one');
    const run = await ws.nx(['release', 'version', '--projects=d', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Resolved the current version as 2.0.0rc1 from git tag "d@2.0.0rc1"');
    expect(run.stdout).toContain('to get new version 2.0.0rc2');
  }, 60_000);

  it('renders a changelog entry for a PEP 440 version', async () => {
    const run = await ws.nx(['release', 'changelog', '2.0.0rc2', '--projects=d', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('# 2.0.0rc2');
    expect(run.stdout).toContain('**d:** one');
  }, 60_000);

  it('picks a final release over its pre-releases, as init --release taught git to sort PEP 440 suffixes', async () => {
    // Nx lists tags with `git -c versionsort.suffix=- tag --sort=-v:refname`, which puts 2.0.0rc1 above
    // 2.0.0; the repository's own versionsort.suffix entries (set by init --release) fix the order.
    expect((await git('config', '--get-all', 'versionsort.suffix')).split('\n').filter(Boolean)).toEqual(['.dev', 'a', 'b', 'rc']);
    await git('tag', '-a', 'd@2.0.0', '-m', 'd@2.0.0');
    const run = await ws.nx(['release', 'version', '--projects=d', '--dry-run']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Resolved the current version as 2.0.0 from git tag "d@2.0.0"');
  }, 60_000);

  it('refuses an invalid explicit version with a clear error and writes nothing', async () => {
    const before = ws.read('libs/d/pyproject.toml');
    const run = await ws.nx(['release', 'version', '2.0.0-next', '--projects=d']);
    expect(run.code).not.toBe(0);
    expect(run.stdout + run.stderr).toContain('"2.0.0-next" is neither a PEP 440 version nor a bump keyword');
    expect(ws.read('libs/d/pyproject.toml')).toBe(before);
  }, 60_000);

  it('bumps a dynamic-version project where its backend reads the version, beside static ones', async () => {
    // minor at 0.x is a patch bump under init --release's adjustSemverBumpsForZeroMajorVersion.
    const run = await ws.nx(['release', 'version', 'minor', '--projects=d,e,g']);
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    expect(ws.read('libs/e/e/__about__.py')).toBe('__version__ = "0.1.1"  # read by hatchling\n');
    expect(ws.read('libs/e/pyproject.toml')).toBe(E);
    expect(ws.read('libs/g/pyproject.toml')).toBe(G.replace('version = "0.1.0"', 'version = "0.1.1"'));
    const poetryBuilt = await ws.nx(['run', 'g:build', '--output-style=static']);
    expect(poetryBuilt.stdout).toContain('building natively, as poetry-core 2.x would');
    expect(existsSync(join(ws.root, 'libs/g/dist/g-0.1.1-py3-none-any.whl'))).toBe(true);
    expect(ws.read('libs/d/pyproject.toml')).toMatch(/^version = "\d+\.\d+\.\d+(rc\d+)?"$/m);
    const built = await ws.nx(['run', 'e:build', '--output-style=static']);
    expect(built.stdout).toContain('version 0.1.1 from e/__about__.py');
    expect(existsSync(join(ws.root, 'libs/e/dist/e-0.1.1-py3-none-any.whl'))).toBe(true);
  }, 90_000);

  it('versions a fixed release group together, requirements included', async () => {
    const nxJson = JSON.parse(ws.read('nx.json'));
    nxJson.release = { ...nxJson.release, projectsRelationship: 'fixed', releaseTag: { pattern: 'v{version}', requireSemver: false } };
    ws.write('nx.json', JSON.stringify(nxJson, null, 2));
    const run = await ws.nx(['release', 'version', '1.0.0']);
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    for (const p of ['a', 'b', 'c', 'd']) expect(ws.read(`libs/${p}/pyproject.toml`)).toMatch(/^version = ["']1\.0\.0["']/m);
    expect(ws.read('libs/e/e/__about__.py')).toBe('__version__ = "1.0.0"  # read by hatchling\n');
    expect(ws.read('libs/g/pyproject.toml')).toContain('[tool.poetry]\nversion = "1.0.0"  # [project] leaves the version here\n');
    expect(ws.read('libs/b/pyproject.toml')).toContain('"a>=1.0.0",  # workspace library\r\n');
    expect(ws.read('libs/c/pyproject.toml')).toContain('dependencies = ["b~=1.0.0"]');
  }, 60_000);
});

/**
 * A uv workspace (issue 13): a virtual root at the workspace root with `members = ["packages/*"]`,
 * a library and an app requiring it in `[project].dependencies` and a PEP 735 test group through
 * `{ workspace = true }`, and the root's uv.lock (hand-written in the format uv writes, as in the
 * public astral-sh/uv repository's lock snapshots). `nx release version` must leave the lock as
 * `uv sync --locked` accepts it: the members' versions, and nothing else.
 */
const UV_ROOT = '[tool.uv.workspace]\nmembers = ["packages/*"]\n';

const UV_LIB = `[project]
name = "token-lib"
version = "0.1.0"
requires-python = ">=3.12"

[build-system]
requires = ["uv_build>=0.7,<10000"]
build-backend = "uv_build"
`;

const UV_APP = `[project]
name = "token-app"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["token-lib>=0.1.0"]

[dependency-groups]
test = ["token-lib>=0.1.0"]

[tool.uv.sources]
token-lib = { workspace = true }

[build-system]
requires = ["uv_build>=0.7,<10000"]
build-backend = "uv_build"
`;

const UV_LOCK = `version = 1
revision = 3
requires-python = ">=3.12"

[manifest]
members = [
    "token-app",
    "token-lib",
]

[[package]]
name = "token-app"
version = "0.1.0"
source = { editable = "packages/token-app" }
dependencies = [
    { name = "token-lib" },
]

[package.dev-dependencies]
test = [
    { name = "token-lib" },
]

[package.metadata]
requires-dist = [{ name = "token-lib", editable = "packages/token-lib" }]

[package.metadata.requires-dev]
test = [{ name = "token-lib", editable = "packages/token-lib" }]

[[package]]
name = "token-lib"
version = "0.1.0"
source = { editable = "packages/token-lib" }
`;

describe('nx release version in a uv workspace', () => {
  let ws: TestWorkspace;
  let git: (...args: string[]) => Promise<string>;

  beforeAll(async () => {
    ws = await createTestWorkspace('release-uv');
    ws.write('pyproject.toml', UV_ROOT);
    ws.write('uv.lock', UV_LOCK);
    ws.write('packages/token-lib/pyproject.toml', UV_LIB);
    ws.write('packages/token-lib/src/token_lib/__init__.py', 'VALUE = 1\n');
    ws.write('packages/token-app/pyproject.toml', UV_APP);
    ws.write('packages/token-app/src/token_app/__init__.py', 'from token_lib import VALUE\n');
    git = await initGitRepository(ws);
    expect((await ws.nx(['g', 'nx-pypi:init', '--release', '--no-interactive'])).code).toBe(0);
    await git('add', '-A');
    await git('commit', '-q', '-m', 'chore: initial');
    for (const p of ['token-lib', 'token-app']) await git('tag', '-a', `${p}@0.1.0`, '-m', `${p}@0.1.0`);
    ws.write('packages/token-lib/src/token_lib/fix.py', 'FIXED = True\n');
    await git('add', '-A');
    await git('commit', '-q', '-m', 'fix(token-lib): fix the value');
  }, 120_000);

  afterAll(() => ws?.remove());

  it('bumps the library and its dependent app, and changes exactly their versions in uv.lock', async () => {
    const run = await ws.nx(['release', 'version']);
    expect({ code: run.code, out: run.code === 0 ? '' : run.stdout + run.stderr }).toEqual({ code: 0, out: '' });
    expect(run.stdout).toContain('Updated 1 version in uv lock: uv.lock');
    expect(run.stdout).not.toContain('uv lock` in');

    expect(ws.read('packages/token-app/pyproject.toml')).toBe(
      UV_APP.replace('version = "0.1.0"', 'version = "0.1.1"').replace(/token-lib>=0\.1\.0/g, 'token-lib>=0.1.1'),
    );
    const diff = await git('diff', 'HEAD', '--unified=0', '--no-color', '--', 'uv.lock');
    // Hunk headers without git's function context: line numbers and changed lines only.
    const hunks = diff
      .split('\n')
      .filter((l) => /^(@@|[-+][^-+])/.test(l))
      .map((l) => l.replace(/^(@@ [^@]+ @@).*$/, '$1'));
    expect(hunks).toEqual(['@@ -13 +13 @@', '-version = "0.1.0"', '+version = "0.1.1"', '@@ -32 +32 @@', '-version = "0.1.0"', '+version = "0.1.1"']);
    expect(ws.read('uv.lock')).toBe(UV_LOCK.replace(/^version = "0\.1\.0"$/gm, 'version = "0.1.1"'));
  }, 60_000);
});
