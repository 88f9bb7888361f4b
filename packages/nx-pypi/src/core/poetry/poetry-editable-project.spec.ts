import { renderEditableWheel } from '../dist/editable-wheel';
import { ProjectTree } from '../dist/project-tree';
import { NxPypiError } from '../../errors';
import { readPoetryEditableProject, type PathReference } from './poetry-editable-project';
import { readPoetryPackage } from './poetry-package';

const FILE = 'libs/token-cli/pyproject.toml';
const workspaceOnly: PathReference = (req) => (req.name === 'token-lib' ? { specifier: '' } : { url: `file:///work/${req.source.path}` });

function read(text: string, files: string[] = ['token_cli/__init__.py'], reference = workspaceOnly) {
  const pkg = readPoetryPackage(text, FILE);
  if (!pkg) throw new Error('not a Poetry 1.x project');
  return readPoetryEditableProject(text, pkg, new ProjectTree(files), reference);
}

const PYPROJECT = `[tool.poetry]
name = "Token-CLI"
version = "1.2.0-beta.1"
description = "The token CLI"
packages = [{ include = "token_cli", from = "src" }]

[tool.poetry.dependencies]
python = "^3.9"
requests = { version = "^2.31", extras = ["socks"], markers = "sys_platform != 'win32'" }
token-lib = { path = "../token-lib", develop = true }
vendored = { path = "../../vendor/vendored" }
orjson = { version = ">=3.9", optional = true }
unused = { version = "*", optional = true }

[tool.poetry.extras]
fast = ["orjson"]

[tool.poetry.group.dev.dependencies]
pytest = "^8.0"

[tool.poetry.dev-dependencies]
black = "*"

[tool.poetry.scripts]
token = "token_cli.main:run"
token-fast = { callable = "token_cli.main:fast", extras = ["fast"] }

[tool.poetry.plugins."token.plugins"]
default = "token_cli.plugins:Default"
`;

describe('readPoetryEditableProject', () => {
  it('builds the project model poetry-core would write METADATA and entry points from', () => {
    const { project, layout } = read(PYPROJECT, ['src/token_cli/__init__.py']);
    expect(layout).toEqual({ roots: ['src'], mapped: [] });
    expect(project).toMatchObject({
      filePath: FILE,
      name: 'Token-CLI',
      normalizedName: 'token-cli',
      version: '1.2.0b1',
      description: 'The token CLI',
      requiresPython: '>=3.9,<4.0',
      scripts: { token: 'token_cli.main:run', 'token-fast': 'token_cli.main:fast [fast]' },
      entryPoints: { 'token.plugins': { default: 'token_cli.plugins:Default' } },
    });
    expect(project.dependencies.map((r) => r.raw)).toEqual([
      'requests[socks] (>=2.31,<3.0) ; sys_platform != "win32"',
      'token-lib',
      'vendored @ file:///work/../../vendor/vendored',
    ]);
    expect(Object.fromEntries(Object.entries(project.optionalDependencies).map(([e, reqs]) => [e, reqs.map((r) => r.raw)]))).toEqual({
      fast: ['orjson (>=3.9)'],
    });
  });

  it('renders them into the editable wheel: Requires-Python, Requires-Dist without groups, extras, console scripts', () => {
    const { project } = read(PYPROJECT, ['src/token_cli/__init__.py']);
    const wheel = renderEditableWheel({ project, version: project.version as string, sourceRoots: ['/w/libs/token-cli/src'], generatorVersion: '1.0.0' });
    const text = (suffix: string) => wheel.entries.find((e) => e.path.endsWith(suffix))?.bytes.toString('utf8');
    expect(wheel.filename).toBe('token_cli-1.2.0b1-py3-none-any.whl');
    const metadata = text('/METADATA') as string;
    expect(metadata).toContain('Name: Token-CLI\nVersion: 1.2.0b1\nSummary: The token CLI\nRequires-Python: >=3.9,<4.0\n');
    expect(metadata).toContain('Requires-Dist: requests[socks]>=2.31,<3.0; sys_platform != "win32"\n');
    expect(metadata).toContain('Requires-Dist: token-lib\n');
    expect(metadata).toContain('Provides-Extra: fast\nRequires-Dist: orjson>=3.9; extra == "fast"\n');
    expect(metadata).not.toMatch(/pytest|black|unused/);
    expect(text('/entry_points.txt')).toBe(
      '[console_scripts]\ntoken = token_cli.main:run\ntoken-fast = token_cli.main:fast [fast]\n\n[token.plugins]\ndefault = token_cli.plugins:Default\n',
    );
    expect(text('.pth')).toBe('/w/libs/token-cli/src\n');
  });

  it('declares every extra, even one that turns on nothing, and no Requires-Python without a python entry', () => {
    const { project } = read('[tool.poetry]\nname = "token-cli"\nversion = "0.1.0"\n[tool.poetry.extras]\nnone = []\n');
    expect(project.optionalDependencies).toEqual({ none: [] });
    expect(project.requiresPython).toBeUndefined();
    expect(project.dependencies).toEqual([]);
  });

  it('reports every problem located, with its key and a fix', () => {
    const text = `[tool.poetry]
name = "token-cli"
version = "0.1.0"
packages = [{ include = "token_*" }]

[tool.poetry.dependencies]
python = "^x"
requests = "^1.0 || ^3.0"

[tool.poetry.scripts]
token = "not a reference"
copy = { reference = "bin/copy.sh", type = "file" }
`;
    let err: unknown;
    try {
      read(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NxPypiError);
    const rendered = (err as NxPypiError).render();
    expect(rendered).toMatch(/libs\/token-cli\/pyproject\.toml:4:25 \[tool\.poetry\.packages\[0\]\.include\] include "token_\*" is a glob/);
    expect(rendered).toMatch(/:7:10 \[tool\.poetry\.dependencies\.python\] python: "\^x" is not a Poetry version constraint/);
    expect(rendered).toMatch(/:8:12 \[tool\.poetry\.dependencies\.requests\] .*union of ranges/);
    expect(rendered).toMatch(/:11:9 \[tool\.poetry\.scripts\.token\] "not a reference" is not an object reference\n\s+write "my_pkg\.cli:main"/);
    expect(rendered).toMatch(/:12:8 \[tool\.poetry\.scripts\.copy\] script "copy" is a file script[^\n]*\n\s+make it a console script/);
  });
});
