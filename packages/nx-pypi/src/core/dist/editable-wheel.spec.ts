import { createHash } from 'node:crypto';
import { parsePyProject } from '../pyproject';
import { NxPypiError } from '../../errors';
import { computeEditableRoots, renderEditableWheel } from './editable-wheel';
import type { DistFileSelection, WheelMember } from './selection';

function selection(members: Array<[source: string, archive: string]>): DistFileSelection {
  const wheelMembers: WheelMember[] = members.map(([sourcePath, archivePath]) => ({ sourcePath, archivePath }));
  return { backend: 'setuptools', wheelMembers, roots: [], sdistExtras: [] };
}

describe('computeEditableRoots', () => {
  it.each([
    ['a flat layout puts the project root on the path', [['token_lib/__init__.py', 'token_lib/__init__.py']], ['']],
    ['a src layout puts src/ on the path', [['src/token_lib/__init__.py', 'token_lib/__init__.py'], ['src/token_lib/core.py', 'token_lib/core.py']], ['src']],
    ['a single module at the root', [['tool.py', 'tool.py']], ['']],
    ['two roots (src and a flat module) are both listed, sorted', [['src/a/__init__.py', 'a/__init__.py'], ['b.py', 'b.py']], ['', 'src']],
    ['a nested package-dir folder', [['lib/python/pkg/__init__.py', 'pkg/__init__.py']], ['lib/python']],
  ] as Array<[string, Array<[string, string]>, string[]]>)('%s', (_title, members, expected) => {
    expect(computeEditableRoots(selection(members), 'libs/x/pyproject.toml')).toEqual(expected);
  });

  it('refuses a member stored under another name than its source, naming the file', () => {
    const run = () => computeEditableRoots(selection([['src/impl/__init__.py', 'token_lib/__init__.py']]), 'libs/x/pyproject.toml');
    expect(run).toThrow(NxPypiError);
    expect(run).toThrow(/src\/impl\/__init__\.py -> token_lib\/__init__\.py/);
    try {
      run();
    } catch (err) {
      expect((err as NxPypiError).code).toBe('INSTALL_EDITABLE_REMAPPED');
      expect((err as NxPypiError).location?.file).toBe('libs/x/pyproject.toml');
    }
  });

  it('refuses a project without package files', () => {
    expect(() => computeEditableRoots(selection([]), 'p/pyproject.toml')).toThrow(/nothing to install editable/);
  });
});

const PYPROJECT = `[project]
name = "Token.CLI"
version = "1.0"
readme = "README.md"
dependencies = ["token-lib>=0.1", "requests[socks]>=2"]

[project.optional-dependencies]
fast = ["orjson"]

[project.scripts]
token-cli = "token_cli.main:run"
`;

function wheelOf(text = PYPROJECT, roots = ['/ws/libs/token-cli/src']) {
  const project = parsePyProject(text, 'libs/token-cli/pyproject.toml');
  return renderEditableWheel({ project, version: '1.0', sourceRoots: roots, generatorVersion: '9.9.9' });
}

function entry(wheel: ReturnType<typeof wheelOf>, path: string): string {
  const found = wheel.entries.find((e) => e.path === path);
  if (!found) throw new Error(`no ${path} in ${wheel.entries.map((e) => e.path).join(', ')}`);
  return found.bytes.toString('utf8');
}

describe('renderEditableWheel', () => {
  it('uses the standard wheel name and puts the .pth, the dist-info files and RECORD last', () => {
    const wheel = wheelOf();
    expect(wheel.filename).toBe('token_cli-1.0-py3-none-any.whl');
    expect(wheel.distInfoDir).toBe('token_cli-1.0.dist-info');
    expect(wheel.entries.map((e) => e.path)).toEqual([
      '__editable__.token_cli-1.0.pth',
      'token_cli-1.0.dist-info/METADATA',
      'token_cli-1.0.dist-info/WHEEL',
      'token_cli-1.0.dist-info/entry_points.txt',
      'token_cli-1.0.dist-info/RECORD',
    ]);
  });

  it('writes one absolute source folder per .pth line', () => {
    expect(entry(wheelOf(PYPROJECT, ['/ws/a', '/ws/a/src']), '__editable__.token_cli-1.0.pth')).toBe('/ws/a\n/ws/a/src\n');
  });

  it('keeps Requires-Dist and Provides-Extra, so pip resolves the dependencies and extras', () => {
    const metadata = entry(wheelOf(), 'token_cli-1.0.dist-info/METADATA');
    expect(metadata).toContain('Name: Token.CLI\nVersion: 1.0\n');
    expect(metadata).toContain('Requires-Dist: token-lib>=0.1\n');
    expect(metadata).toContain('Requires-Dist: requests[socks]>=2\n');
    expect(metadata).toContain('Provides-Extra: fast\n');
    expect(metadata).toContain('Requires-Dist: orjson; extra == "fast"\n');
  });

  it('leaves the README out: no content type and no body', () => {
    const metadata = entry(wheelOf(), 'token_cli-1.0.dist-info/METADATA');
    expect(metadata).not.toContain('Description-Content-Type');
    expect(metadata.endsWith('\n\n')).toBe(false);
  });

  it('ships the console scripts as entry_points.txt', () => {
    expect(entry(wheelOf(), 'token_cli-1.0.dist-info/entry_points.txt')).toBe('[console_scripts]\ntoken-cli = token_cli.main:run\n');
  });

  it('writes no entry_points.txt when the project declares none', () => {
    const wheel = wheelOf('[project]\nname = "plain"\nversion = "1.0"\n');
    expect(wheel.entries.map((e) => e.path)).not.toContain('plain-1.0.dist-info/entry_points.txt');
  });

  it('records the hash and size of every other entry in RECORD, and RECORD itself without one', () => {
    const wheel = wheelOf();
    const lines = entry(wheel, 'token_cli-1.0.dist-info/RECORD').trimEnd().split('\n');
    const expected = wheel.entries.slice(0, -1).map((e) => `${e.path},sha256=${createHash('sha256').update(e.bytes).digest('base64url')},${e.bytes.length}`);
    expect(lines).toEqual([...expected, 'token_cli-1.0.dist-info/RECORD,,']);
  });

  it.each([['relative/src'], ['/ws/with\nnewline']])('refuses a source folder that is not one absolute path: %j', (root) => {
    expect(() => wheelOf(PYPROJECT, [root])).toThrow(/cannot be written to a \.pth file/);
  });
});
