/**
 * A built artifact requires its workspace dependencies by name and version range, never by a local
 * path (issue 13): the native builder for uv sources, poetry-core itself (through the PEP 517
 * frontend) for Poetry path dependencies.
 */
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { getMetadataFields } from '../../core/publish/parse-core-metadata';
import { readArtifact } from '../../io/artifact/read-artifact';
import { readTarGzEntry } from '../../io/artifact/read-tar-gz-entry';
import { runBuild, type NormalizedBuildOptions } from './executor';
import { makeTempDir, writeFiles, type FixtureFiles } from './test-support/fixtures';

let base: string;
beforeAll(async () => {
  base = await makeTempDir('workspace-references');
});
afterAll(() => rm(base, { recursive: true, force: true }));

const PROJECTS = [
  { root: 'libs/token-lib', normalizedName: 'token-lib' },
  { root: 'apps/token-cli', normalizedName: 'token-cli' },
];

async function build(name: string, files: FixtureFiles, options: Partial<NormalizedBuildOptions> = {}) {
  const root = join(base, name);
  await writeFiles(root, files);
  const opts: NormalizedBuildOptions = {
    builder: 'auto',
    python: '/usr/bin/python3',
    isolated: false,
    workspaceRoot: root,
    projectRoot: join(root, 'apps/token-cli'),
    outputDir: join(root, 'apps/token-cli/dist'),
    ...options,
  };
  const lines: string[] = [];
  const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
  const artifacts = await runBuild(opts, { SOURCE_DATE_EPOCH: '1700000000' }, { log, workspaceProjects: PROJECTS });
  const wheel = await readArtifact(artifacts.find((a) => a.filename.endsWith('.whl'))!.path);
  const sdistPath = artifacts.find((a) => a.filename.endsWith('.tar.gz'))!.path;
  const sdist = await readArtifact(sdistPath);
  const sdistPyproject = (await readTarGzEntry(sdistPath, (p) => p.endsWith('/pyproject.toml') && p.split('/').length === 2, 1 << 20))!.data.toString('utf8');
  return { root, lines, wheel, sdist, sdistPyproject };
}

const UV_LIB = `[project]
name = "token-lib"
version = "0.4.1"

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`;

const UV_CLI = `[project]
name = "token-cli"
version = "1.0.0"
dependencies = ["token-lib", "click>=8"]

[tool.uv.sources]
token-lib = { workspace = true }

[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"
`;

describe('a uv member requiring a workspace source', () => {
  it('is built natively requiring the source by the compatible range of its current version, in the wheel, PKG-INFO and the shipped pyproject.toml', async () => {
    const built = await build('uv', {
      'libs/token-lib/pyproject.toml': UV_LIB,
      'libs/token-lib/src/token_lib/__init__.py': '',
      'apps/token-cli/pyproject.toml': UV_CLI,
      'apps/token-cli/src/token_cli/__init__.py': '',
    });
    expect(getMetadataFields(built.wheel.metadata, 'Requires-Dist')).toEqual(['token-lib>=0.4.1,<0.5.0', 'click>=8']);
    expect(getMetadataFields(built.sdist.metadata, 'Requires-Dist')).toEqual(['token-lib>=0.4.1,<0.5.0', 'click>=8']);
    expect(built.sdistPyproject).toBe(UV_CLI.replace('"token-lib",', '"token-lib>=0.4.1,<0.5.0",'));
    expect(built.lines).toContain(
      'nx-pypi: workspace dependencies required by version range in the built metadata: token-lib>=0.4.1,<0.5.0 (uv workspace source, now 0.4.1)',
    );
    // The committed file keeps its source: local development is unchanged.
    expect(await readFile(join(built.root, 'apps/token-cli/pyproject.toml'), 'utf8')).toBe(UV_CLI);
  });
});

const POETRY_LIB = `[tool.poetry]
name = "token-lib"
version = "0.1.0"
description = "lib"
authors = ["Ada <ada@example.com>"]

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;

const POETRY_CLI = `[tool.poetry]
name = "token-cli"
version = "0.2.0"
description = "cli"
authors = ["Ada <ada@example.com>"]

[tool.poetry.dependencies]
python = "^3.9"
token-lib = { path = "../../libs/token-lib", develop = true }

[tool.poetry.group.dev.dependencies]
token-lib = { path = "../../libs/token-lib", develop = true }

[build-system]
requires = ["poetry-core"]
build-backend = "poetry.core.masonry.api"
`;

describe('a Poetry project with a path dependency on a workspace project', () => {
  it('is built by poetry-core into a wheel and sdist that require the dependency by caret range, not by file URL', async () => {
    const built = await build('poetry', {
      'libs/token-lib/pyproject.toml': POETRY_LIB,
      'libs/token-lib/token_lib/__init__.py': '',
      'apps/token-cli/pyproject.toml': POETRY_CLI,
      'apps/token-cli/token_cli/__init__.py': '',
    });
    expect(getMetadataFields(built.wheel.metadata, 'Requires-Dist')).toEqual(['token-lib (>=0.1.0,<0.2.0)']);
    expect(getMetadataFields(built.sdist.metadata, 'Requires-Dist')).toEqual(['token-lib (>=0.1.0,<0.2.0)']);
    expect(built.sdistPyproject).toContain('[tool.poetry.dependencies]\npython = "^3.9"\ntoken-lib = "^0.1.0"\n');
    expect(built.lines).toContain(
      'nx-pypi: workspace dependencies required by version range in the built metadata: token-lib>=0.1.0,<0.2.0 (path ../../libs/token-lib, now 0.1.0)',
    );
  });

  it('requires a Poetry 2 dependency by the version its [project] leaves to [tool.poetry]', async () => {
    const built = await build('poetry2-dynamic', {
      'libs/token-lib/pyproject.toml':
        '[project]\nname = "token-lib"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "0.3.2"\n\n[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n',
      'libs/token-lib/token_lib/__init__.py': '',
      'apps/token-cli/pyproject.toml': POETRY_CLI,
      'apps/token-cli/token_cli/__init__.py': '',
    });
    expect(getMetadataFields(built.wheel.metadata, 'Requires-Dist')).toEqual(['token-lib (>=0.3.2,<0.4.0)']);
    expect(getMetadataFields(built.sdist.metadata, 'Requires-Dist')).toEqual(['token-lib (>=0.3.2,<0.4.0)']);
  });

  it('names the dependency and the fix when its version is computed at build time', async () => {
    const error = await build('poetry-vcs', {
      'libs/token-lib/pyproject.toml':
        '[project]\nname = "token-lib"\ndynamic = ["version"]\n\n[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n\n[tool.hatch.version]\nsource = "vcs"\n',
      'apps/token-cli/pyproject.toml': POETRY_CLI,
      'apps/token-cli/token_cli/__init__.py': '',
    }).catch((e) => e);
    expect(error.render()).toBe(
      'apps/token-cli/pyproject.toml token-lib is required through its path ../../libs/token-lib, and its version is computed when it is built ([build-system].requires lists hatch-vcs, a build plugin the native builder does not run), so this build cannot require a version range of it\n' +
        '  require token-lib with versions in apps/token-cli/pyproject.toml (e.g. "token-lib>=1.0"), or keep token-lib\'s version as a literal',
    );
  });
});
