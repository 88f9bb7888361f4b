import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { editableFinderModuleName, renderEditableFinder, renderFinderPthLine } from './editable-finder';

describe('the editable import hook, run by python3', () => {
  let dir: string;
  // A quote and non-ASCII in the path: the mapping is embedded in Python source.
  const tree = () => join(dir, 'dossier "é"');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-pypi-finder-'));
    const files: Record<string, string> = {
      'lib/__init__.py': 'WHERE = "lib"\n',
      'lib/sub/__init__.py': '',
      'lib/sub/core.py': 'X = 41 + 1\n',
      'tools/cli_impl.py': 'def main():\n    return "cli"\n',
      'nsdir/part.py': 'NAME = "namespace part"\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(join(tree(), path, '..'), { recursive: true });
      writeFileSync(join(tree(), path), text);
    }
    const module = editableFinderModuleName('token_lib', '1.0.0+local.1');
    writeFileSync(
      join(dir, `${module}.py`),
      renderEditableFinder('token-lib', [
        { name: 'token_lib', path: join(tree(), 'lib') },
        { name: 'token_cli', path: join(tree(), 'tools/cli_impl.py') },
        { name: 'ns_pkg', path: join(tree(), 'nsdir') },
      ]),
    );
    // What site.py does with the .pth line, without a venv.
    writeFileSync(
      join(dir, 'start.py'),
      `import sys\nsys.path.insert(0, ${JSON.stringify(dir)})\n${renderFinderPthLine(module)}\n${renderFinderPthLine(module)}\n`,
    );
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function python(code: string): string {
    return execFileSync('python3', ['-c', `exec(open(${JSON.stringify(join(dir, 'start.py'))}).read())\n${code}`], {
      encoding: 'utf8',
      env: { PATH: process.env.PATH ?? '', PYTHONDONTWRITEBYTECODE: '1' },
    });
  }

  it('names the module after the distribution and version, as a valid identifier', () => {
    expect(editableFinderModuleName('token_lib', '1.0.0+local.1')).toBe('__editable___token_lib_1_0_0_local_1_finder');
  });

  it('imports a package, its subpackages and a module from folders and files of other names', () => {
    const out = python(
      'import token_lib, token_lib.sub.core, token_cli\nprint(token_lib.__file__)\nprint(token_lib.sub.core.X, token_lib.WHERE, token_cli.main())',
    );
    expect(out).toBe(`${join(tree(), 'lib', '__init__.py')}\n42 lib cli\n`);
  });

  it('imports a namespace package folder of another name', () => {
    expect(python('import ns_pkg.part\nprint(ns_pkg.part.NAME, list(ns_pkg.__path__))')).toBe(
      `namespace part ['${join(tree(), 'nsdir').replace(/'/g, "\\'")}']\n`,
    );
  });

  it('installs itself once however often the .pth line runs, and leaves other names to the normal import', () => {
    const out = python(
      'import sys\nprint(sum(1 for f in sys.meta_path if getattr(f, "__name__", "") == "_NxPypiEditableFinder"))\ntry:\n    import not_mapped_anywhere\nexcept ModuleNotFoundError as e:\n    print("not found:", e.name)',
    );
    expect(out).toBe('1\nnot found: not_mapped_anywhere\n');
  });
});
