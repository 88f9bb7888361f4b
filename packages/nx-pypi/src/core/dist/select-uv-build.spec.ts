import { parsePyProject } from '../pyproject';
import { ProjectTree } from './project-tree';
import { selectDistFiles } from './select-dist-files';
import type { DistFileSelection, SelectionOutcome } from './selection';

const UV = '[build-system]\nrequires = ["uv_build>=0.9,<0.10"]\nbuild-backend = "uv_build"\n';

/** Expected lists below follow the rules quoted at the top of select-uv-build.ts (no uv runs here). */
function select(files: string[], extra = '', buildSystem = UV): SelectionOutcome {
  const text = `${buildSystem}[project]\nname = "token-lib"\nversion = "1.0"\n${extra}`;
  const project = parsePyProject(text, 'libs/t/pyproject.toml');
  return selectDistFiles(project, new ProjectTree(['pyproject.toml', ...files]), { readFile: (p) => (p === 'pyproject.toml' ? text : '') });
}

function native(outcome: SelectionOutcome): DistFileSelection {
  if (outcome.kind !== 'native') throw new Error(`unsupported: ${outcome.reason}`);
  return outcome.selection;
}

function wheel(outcome: SelectionOutcome): string[] {
  return native(outcome).wheelMembers.map((m) => (m.archivePath === m.sourcePath ? m.archivePath : `${m.archivePath} <- ${m.sourcePath}`));
}

function sdist(outcome: SelectionOutcome): string[] {
  return native(outcome).sdistExtras;
}

function reason(outcome: SelectionOutcome): string {
  if (outcome.kind !== 'unsupported') throw new Error('expected the build to be handed to uv_build');
  return outcome.reason;
}

describe('uv_build layouts', () => {
  it('src layout (the default): the module under src/, archived without src/, caches left out', () => {
    const files = ['src/token_lib/__init__.py', 'src/token_lib/data/x.json', 'src/token_lib/mod.pyo', 'src/other/__init__.py', 'tests/test_a.py', 'README.md'];
    const outcome = select(files, 'readme = "README.md"\n');
    expect(wheel(outcome)).toEqual(['token_lib/__init__.py <- src/token_lib/__init__.py', 'token_lib/data/x.json <- src/token_lib/data/x.json']);
    // The sdist holds pyproject.toml, the module and the README; tests/ only through source-include.
    expect(sdist(outcome)).toEqual(['README.md', 'pyproject.toml', 'src/token_lib/__init__.py', 'src/token_lib/data/x.json']);
    expect(native(outcome).backend).toBe('uv');
  });

  it('flat layout with module-root = ""', () => {
    expect(wheel(select(['token_lib/__init__.py', 'token_lib/core.py', 'src/x.py'], '[tool.uv.build-backend]\nmodule-root = ""\n'))).toEqual([
      'token_lib/__init__.py',
      'token_lib/core.py',
    ]);
  });

  it('module-name overrides the module, keeping its case', () => {
    const extra = '[tool.uv.build-backend]\nmodule-name = "PIL_util"\nmodule-root = "lib"\n';
    expect(wheel(select(['lib/PIL_util/__init__.py', 'lib/token_lib/__init__.py'], extra))).toEqual(['PIL_util/__init__.py <- lib/PIL_util/__init__.py']);
  });

  it('a list of module names is sorted and pruned of names inside another', () => {
    const extra = '[tool.uv.build-backend]\nmodule-name = ["beta", "alpha", "alpha.sub", "beta"]\n';
    expect(wheel(select(['src/alpha/__init__.py', 'src/alpha/sub/__init__.py', 'src/beta/__init__.py'], extra))).toEqual([
      'alpha/__init__.py <- src/alpha/__init__.py',
      'alpha/sub/__init__.py <- src/alpha/sub/__init__.py',
      'beta/__init__.py <- src/beta/__init__.py',
    ]);
  });

  it('a dotted module name is a namespace package: the folder above must not have __init__.py', () => {
    const extra = '[tool.uv.build-backend]\nmodule-name = "cloud.database"\n';
    expect(wheel(select(['src/cloud/database/__init__.py', 'src/cloud/other/__init__.py'], extra))).toEqual([
      'cloud/database/__init__.py <- src/cloud/database/__init__.py',
    ]);
    expect(() => select(['src/cloud/__init__.py', 'src/cloud/database/__init__.py'], extra)).toThrow(
      expect.objectContaining({
        code: 'DIST_PACKAGE_MISSING',
        message: expect.stringContaining('has src/cloud/__init__.py'),
        location: { file: 'libs/t/pyproject.toml', keyPath: 'tool.uv.build-backend.module-name' },
      }),
    );
  });

  it('namespace = true takes the named folder whole, without checks', () => {
    const extra = '[tool.uv.build-backend]\nmodule-name = "cloud"\nnamespace = true\n';
    expect(wheel(select(['src/cloud/database/__init__.py', 'src/cloud/billing/sql.py'], extra))).toEqual([
      'cloud/billing/sql.py <- src/cloud/billing/sql.py',
      'cloud/database/__init__.py <- src/cloud/database/__init__.py',
    ]);
  });

  it('a project named <x>-stubs is a stub package needing __init__.pyi', () => {
    const text = `${UV}[project]\nname = "token-lib-stubs"\nversion = "1.0"\n`;
    const project = parsePyProject(text, 'libs/t/pyproject.toml');
    const outcome = selectDistFiles(project, new ProjectTree(['pyproject.toml', 'src/token_lib-stubs/__init__.pyi', 'src/token_lib-stubs/sub.pyi']), {
      readFile: () => text,
    });
    expect(wheel(outcome)).toEqual([
      'token_lib-stubs/__init__.pyi <- src/token_lib-stubs/__init__.pyi',
      'token_lib-stubs/sub.pyi <- src/token_lib-stubs/sub.pyi',
    ]);
    expect(() => selectDistFiles(project, new ProjectTree(['pyproject.toml', 'src/token_lib-stubs/__init__.py']), { readFile: () => text })).toThrow(
      expect.objectContaining({ message: expect.stringContaining('src/token_lib-stubs/__init__.pyi') }),
    );
  });
});

describe('uv_build refusals become located errors', () => {
  it('names the missing __init__.py, the key deciding where it is looked for, and the fix', () => {
    expect(() => select(['token_lib/__init__.py'])).toThrow(
      expect.objectContaining({
        code: 'DIST_PACKAGE_MISSING',
        message: 'uv_build expects the module of "token-lib" at src/token_lib/__init__.py, and there is no such file.',
        location: { file: 'libs/t/pyproject.toml', keyPath: 'project.name' },
        hint: expect.stringContaining('module-root = "" for the flat layout'),
      }),
    );
    expect(() => select(['lib/pkg/x.py'], '[tool.uv.build-backend]\nmodule-root = "lib"\n')).toThrow(
      expect.objectContaining({ location: { file: 'libs/t/pyproject.toml', keyPath: 'tool.uv.build-backend.module-root' } }),
    );
    expect(() => select(['src/pkg/x.py'], '[tool.uv.build-backend]\nmodule-name = "pkg"\n')).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('src/pkg/__init__.py'),
        location: expect.objectContaining({ keyPath: 'tool.uv.build-backend.module-name' }),
      }),
    );
  });

  it('refuses a module name that is not an identifier', () => {
    expect(() => select(['src/my-pkg/__init__.py'], '[tool.uv.build-backend]\nmodule-name = "my-pkg"\n')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('"my-pkg" is not a Python identifier') }),
    );
  });

  it('refuses dynamic metadata', () => {
    const text = `${UV}[project]\nname = "token-lib"\ndynamic = ["version"]\n`;
    const project = parsePyProject(text, 'libs/t/pyproject.toml');
    expect(() => selectDistFiles(project, new ProjectTree(['pyproject.toml', 'src/token_lib/__init__.py']), { readFile: () => text })).toThrow(
      expect.objectContaining({ code: 'DIST_UV_DYNAMIC', location: { file: 'libs/t/pyproject.toml', keyPath: 'project.dynamic' } }),
    );
  });

  it('refuses settings of the wrong type, an unknown data kind and a module-root outside the project', () => {
    const files = ['src/token_lib/__init__.py'];
    expect(() => select(files, '[tool.uv.build-backend]\nsource-include = "docs/**"\n')).toThrow(
      expect.objectContaining({ code: 'DIST_TOOL_CONFIG_INVALID', location: expect.objectContaining({ keyPath: 'tool.uv.build-backend.source-include' }) }),
    );
    expect(() => select(files, '[tool.uv.build-backend.data]\nheader = "include"\n')).toThrow(
      expect.objectContaining({ location: expect.objectContaining({ keyPath: 'tool.uv.build-backend.data.header' }) }),
    );
    expect(() => select(files, '[tool.uv.build-backend]\nmodule-root = "../shared"\n')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('outside') }),
    );
  });

  it('refuses a readme path without a lower-case .md/.rst/.txt suffix, but not the table form', () => {
    expect(() => select(['src/token_lib/__init__.py', 'README.MD'], 'readme = "README.MD"\n')).toThrow(
      expect.objectContaining({ code: 'DIST_UV_README', location: expect.objectContaining({ keyPath: 'project.readme' }) }),
    );
    expect(select(['src/token_lib/__init__.py', 'README.MD'], 'readme = { file = "README.MD", content-type = "text/markdown" }\n').kind).toBe('native');
  });

  it('refuses a glob uv cannot parse, and pyproject.toml excluded from the sdist', () => {
    expect(() => select(['src/token_lib/__init__.py'], '[tool.uv.build-backend]\nsource-include = ["docs/(a)"]\n')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('invalid character "("') }),
    );
    expect(() => select(['src/token_lib/__init__.py'], '[tool.uv.build-backend]\nsource-exclude = ["*.toml"]\n')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('pyproject.toml') }),
    );
  });
});

describe('uv_build includes and excludes', () => {
  const files = [
    'src/token_lib/__init__.py',
    'src/token_lib/big.bin',
    'src/token_lib/assets/logo.svg',
    'tests/test_a.py',
    'tests/data/blob.bin',
    'docs/index.md',
  ];

  it('source-include adds files to the sdist only; source-exclude removes them from both', () => {
    const outcome = select(files, '[tool.uv.build-backend]\nsource-include = ["tests/**", "docs/*.md"]\nsource-exclude = ["*.bin"]\n');
    expect(sdist(outcome)).toEqual(['docs/index.md', 'pyproject.toml', 'src/token_lib/__init__.py', 'src/token_lib/assets/logo.svg', 'tests/test_a.py']);
    expect(wheel(outcome)).toEqual(['token_lib/__init__.py <- src/token_lib/__init__.py', 'token_lib/assets/logo.svg <- src/token_lib/assets/logo.svg']);
  });

  it('an unanchored exclude takes a folder at any depth, an anchored one only at the root', () => {
    expect(sdist(select(files, '[tool.uv.build-backend]\nsource-include = ["tests/**"]\nsource-exclude = ["data"]\n'))).not.toContain('tests/data/blob.bin');
    const anchored = sdist(select([...files, 'data/x.txt'], '[tool.uv.build-backend]\nsource-include = ["tests/**", "data/**"]\nsource-exclude = ["/data"]\n'));
    expect(anchored).toContain('tests/data/blob.bin');
    expect(anchored).not.toContain('data/x.txt');
  });

  it('wheel-exclude removes files from the wheel but not the sdist', () => {
    const outcome = select(files, '[tool.uv.build-backend]\nwheel-exclude = ["assets", "*.bin"]\n');
    expect(wheel(outcome)).toEqual(['token_lib/__init__.py <- src/token_lib/__init__.py']);
    expect(sdist(outcome)).toContain('src/token_lib/assets/logo.svg');
  });

  it("an include only uv's directory filter lets through, or an exclude matched on absolute paths, goes to uv_build", () => {
    expect(reason(select(files, '[tool.uv.build-backend]\nsource-include = ["**/*.md"]\n'))).toContain("uv_build's include filter would also take");
    expect(reason(select(files, '[tool.uv.build-backend]\nsource-exclude = ["tests/data"]\n'))).toContain('absolute paths');
    expect(reason(select(files, '[tool.uv.build-backend]\nwheel-exclude = ["/*/token_lib/big.bin"]\n'))).toContain('absolute paths');
  });

  it('an anchored exclude of a module folder leaves the wheel and the sdist apart, so uv_build builds', () => {
    expect(reason(select(files, '[tool.uv.build-backend]\nsource-exclude = ["/src/token_lib/assets"]\n'))).toContain(
      'a wheel built from the sdist would differ',
    );
  });
});

describe('uv_build data folders and license files', () => {
  it('ships each data folder whole under <name>-<version>.data/<kind>/ and puts it in the sdist', () => {
    const extra = '[tool.uv.build-backend.data]\nscripts = "bin"\nheaders = "./include/"\n';
    const outcome = select(['src/token_lib/__init__.py', 'bin/token-tool', 'include/token.h'], extra);
    expect(wheel(outcome)).toEqual([
      'token_lib-1.0.data/headers/token.h <- include/token.h',
      'token_lib-1.0.data/scripts/token-tool <- bin/token-tool',
      'token_lib/__init__.py <- src/token_lib/__init__.py',
    ]);
    expect(sdist(outcome)).toEqual(['bin/token-tool', 'include/token.h', 'pyproject.toml', 'src/token_lib/__init__.py']);
  });

  it('hands a data folder without files to uv_build, which fails on a missing one and ships an empty one', () => {
    expect(reason(select(['src/token_lib/__init__.py'], '[tool.uv.build-backend.data]\nscripts = "bin"\n'))).toContain('holds no files');
  });

  it('ships only license-files matches (no PEP 639 default globs); license = { file } goes into the sdist alone', () => {
    const files = ['src/token_lib/__init__.py', 'LICENSE', 'COPYING', 'licenses/a.txt'];
    expect(native(select(files)).licenseFiles).toEqual([]);
    expect(sdist(select(files))).toEqual(['pyproject.toml', 'src/token_lib/__init__.py']);
    const pep639 = select(files, 'license = "MIT"\nlicense-files = ["LICENSE", "licenses/*.txt"]\n');
    expect(native(pep639).licenseFiles).toEqual(['LICENSE', 'licenses/a.txt']);
    expect(sdist(pep639)).toEqual(['LICENSE', 'licenses/a.txt', 'pyproject.toml', 'src/token_lib/__init__.py']);
    const table = select(files, 'license = { file = "COPYING" }\n');
    expect(native(table).licenseFiles).toEqual([]);
    expect(sdist(table)).toContain('COPYING');
  });

  it('refuses a license-files pattern that matches nothing', () => {
    expect(() => select(['src/token_lib/__init__.py'], 'license-files = ["LICENSE*"]\n')).toThrow(
      expect.objectContaining({ code: 'DIST_LICENSE_MISSING', location: expect.objectContaining({ keyPath: 'project.license-files' }) }),
    );
  });
});

describe('what goes to uv_build itself', () => {
  const files = ['src/token_lib/__init__.py'];

  it('a uv_build requirement whose newest release is outside 0.9.26 to 0.10.x', () => {
    const unbounded = '[build-system]\nrequires = ["uv_build>=0.9"]\nbuild-backend = "uv_build"\n';
    expect(reason(select(files, '', unbounded))).toContain('outside uv_build 0.9.26 to 0.10.x');
  });

  it('requirements with markers, which uv_build rewrites', () => {
    expect(reason(select(files, `dependencies = ["tomli; python_version < '3.11'"]\n`))).toContain('environment marker');
  });

  it('default-excludes = false and unknown settings', () => {
    expect(reason(select(files, '[tool.uv.build-backend]\ndefault-excludes = false\n'))).toContain('default-excludes = false');
    expect(reason(select(files, '[tool.uv.build-backend]\nsource_include = ["x"]\n'))).toContain('source_include is not a uv_build setting');
  });

  it('empty keywords and entry-point tables, which uv_build still writes', () => {
    expect(reason(select(files, 'keywords = []\n'))).toContain('empty Keywords');
    expect(reason(select(files, '[project.scripts]\n'))).toContain('[project.scripts]');
  });

  it('a project whose pyproject text the caller cannot give', () => {
    const project = parsePyProject(`${UV}[project]\nname = "token-lib"\nversion = "1.0"\n`, 'p');
    expect(reason(selectDistFiles(project, new ProjectTree(['pyproject.toml', ...files])))).toContain('reading pyproject.toml is needed');
  });
});
