import { createHash } from 'node:crypto';
import { parsePyProject } from '../pyproject';
import { NxPypiError } from '../../errors';
import { computeEditableLayout, renderEditableWheel } from './editable-wheel';
import type { DistFileSelection, WheelMember } from './selection';

function selection(members: Array<[source: string, archive: string]>): DistFileSelection {
  const wheelMembers: WheelMember[] = members.map(([sourcePath, archivePath]) => ({ sourcePath, archivePath }));
  return { backend: 'setuptools', wheelMembers, roots: [], sdistExtras: [] };
}

describe('computeEditableLayout', () => {
  it.each([
    ['a flat layout puts the project root on the path', [['token_lib/__init__.py', 'token_lib/__init__.py']], ['']],
    [
      'a src layout puts src/ on the path',
      [
        ['src/token_lib/__init__.py', 'token_lib/__init__.py'],
        ['src/token_lib/core.py', 'token_lib/core.py'],
      ],
      ['src'],
    ],
    ['a single module at the root', [['tool.py', 'tool.py']], ['']],
    [
      'two roots (src and a flat module) are both listed, sorted',
      [
        ['src/a/__init__.py', 'a/__init__.py'],
        ['b.py', 'b.py'],
      ],
      ['', 'src'],
    ],
    ['a nested package-dir folder', [['lib/python/pkg/__init__.py', 'pkg/__init__.py']], ['lib/python']],
  ] as Array<[string, Array<[string, string]>, string[]]>)('%s', (_title, members, expected) => {
    expect(computeEditableLayout(selection(members), 'libs/x/pyproject.toml')).toEqual({ roots: expected, mapped: [] });
  });

  it('maps a package stored under another name than its folder (package-dir alias, hatch sources) by name', () => {
    const layout = computeEditableLayout(
      selection([
        ['lib/__init__.py', 'token_lib/__init__.py'],
        ['lib/sub/core.py', 'token_lib/sub/core.py'],
        ['tools/cli_impl.py', 'token_cli.py'],
        ['src/other/__init__.py', 'other/__init__.py'],
      ]),
      'libs/x/pyproject.toml',
    );
    expect(layout).toEqual({
      roots: ['src'],
      mapped: [
        { name: 'token_cli', sourcePath: 'tools/cli_impl.py' },
        { name: 'token_lib', sourcePath: 'lib' },
      ],
    });
  });

  it.each([
    [
      'a package gathered from two folders',
      [
        ['lib/__init__.py', 'token_lib/__init__.py'],
        ['extra/more.py', 'token_lib/sub/more.py'],
      ],
      'extra/more.py -> token_lib/sub/more.py',
    ],
    ['a renamed top-level file that is not a module', [['data/raw.json', 'settings.json']], 'data/raw.json -> settings.json'],
    [
      'a package partly under its own name on the path',
      [
        ['lib/__init__.py', 'token_lib/__init__.py'],
        ['src/token_lib/extra.py', 'token_lib/extra.py'],
      ],
      'src/token_lib/extra.py -> token_lib/extra.py',
    ],
  ] as Array<[string, Array<[string, string]>, string]>)('refuses %s, naming the file', (_title, members, named) => {
    const run = () => computeEditableLayout(selection(members), 'libs/x/pyproject.toml');
    expect(run).toThrow(NxPypiError);
    expect(run).toThrow(named);
    try {
      run();
    } catch (err) {
      expect((err as NxPypiError).code).toBe('INSTALL_EDITABLE_REMAPPED');
      expect((err as NxPypiError).location?.file).toBe('libs/x/pyproject.toml');
    }
  });

  it("leaves uv_build's .data folders to the built wheel: they are installed, not imported", () => {
    const layout = computeEditableLayout(
      selection([
        ['src/token_lib/__init__.py', 'token_lib/__init__.py'],
        ['bin/token-tool', 'token_lib-1.0.data/scripts/token-tool'],
      ]),
      'libs/x/pyproject.toml',
    );
    expect(layout).toEqual({ roots: ['src'], mapped: [] });
  });

  it('refuses a project without package files', () => {
    expect(() => computeEditableLayout(selection([]), 'p/pyproject.toml')).toThrow(/nothing to install editable/);
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

  it('adds the import hook for mapped names beside the .pth, which installs it, and records it', () => {
    const project = parsePyProject(PYPROJECT, 'libs/token-cli/pyproject.toml');
    const wheel = renderEditableWheel({
      project,
      version: '1.0',
      sourceRoots: ['/ws/libs/token-cli/src'],
      mappedImports: [{ name: 'token_cli', path: '/ws/libs/token-cli/lib' }],
      generatorVersion: '9.9.9',
    });
    const finder = '__editable___token_cli_1_0_finder';
    expect(wheel.entries.map((e) => e.path).slice(0, 2)).toEqual(['__editable__.token_cli-1.0.pth', `${finder}.py`]);
    expect(entry(wheel, '__editable__.token_cli-1.0.pth')).toBe(`/ws/libs/token-cli/src\nimport ${finder}; ${finder}.install()\n`);
    expect(entry(wheel, `${finder}.py`)).toContain('"token_cli": "/ws/libs/token-cli/lib",');
    expect(entry(wheel, 'token_cli-1.0.dist-info/RECORD')).toContain(`${finder}.py,sha256=`);
  });

  it('refuses a mapped path that is not one absolute path', () => {
    const project = parsePyProject(PYPROJECT, 'libs/token-cli/pyproject.toml');
    expect(() =>
      renderEditableWheel({ project, version: '1.0', sourceRoots: [], mappedImports: [{ name: 'x', path: 'lib' }], generatorVersion: '9.9.9' }),
    ).toThrow(/cannot be written into the editable install \(it must be one absolute path\)/);
  });

  it.each([['relative/src'], ['/ws/with\nnewline']])('refuses a source folder that is not one absolute path: %j', (root) => {
    expect(() => wheelOf(PYPROJECT, [root])).toThrow(/cannot be written into the editable install \(it must be one absolute path\)/);
  });
});
