import { parsePyProject } from '../pyproject';
import { resolveDynamicMetadata, translatePythonRegex } from './dynamic-metadata';
import { ProjectTree } from './project-tree';
import type { NativeBackend } from './selection';

function resolve(backend: NativeBackend, pyproject: string, files: Record<string, string>, packageDir?: Record<string, string>) {
  const project = parsePyProject(`[project]\nname = "dyn-pkg"\n${pyproject}`, 'libs/dyn/pyproject.toml');
  const tree = new ProjectTree(['pyproject.toml', ...Object.keys(files)]);
  const read = (path: string) => {
    if (!(path in files)) throw new Error(`read outside the fixture: ${path}`);
    return files[path];
  };
  return resolveDynamicMetadata(project, { backend, tree, read, packageDir });
}

describe('resolveDynamicMetadata', () => {
  it('setuptools attr: the first module-level literal, found through package_dir; a computed value goes to the backend', () => {
    const toml = 'dynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { attr = "dyn_pkg.about.VERSION" }\n';
    expect(resolve('setuptools', toml, { 'src/dyn_pkg/about.py': 'VERSION = "1.0.0-rc1"\nVERSION = "ignored"\n' }, { '': 'src' })).toEqual({
      kind: 'static',
      values: {
        version: '1.0.0rc1',
        source: 'VERSION in src/dyn_pkg/about.py',
        files: ['src/dyn_pkg/about.py'],
        versionAt: { file: 'src/dyn_pkg/about.py', kind: 'assignment', name: 'VERSION' },
      },
    });
    expect(resolve('setuptools', toml, { 'src/dyn_pkg/about.py': 'VERSION = read_version()\n' }, { '': 'src' })).toEqual({
      kind: 'computed',
      reason: 'src/dyn_pkg/about.py assigns VERSION no string literal, so setuptools would import the module to read it',
    });
  });

  it('setuptools file: the files joined, whitespace stripped and normalized; a missing file is a located error', () => {
    const toml = 'dynamic = ["version"]\n[tool.setuptools.dynamic]\nversion = { file = ["VERSION"] }\n';
    expect(resolve('setuptools', toml, { VERSION: ' 2.0\n' })).toMatchObject({ kind: 'static', values: { version: '2.0', files: ['VERSION'] } });
    expect(() => resolve('setuptools', toml, {})).toThrow(
      expect.objectContaining({ code: 'DIST_DYNAMIC_FILE_MISSING', location: expect.objectContaining({ keyPath: 'tool.setuptools.dynamic.version.file' }) }),
    );
  });

  it('leaves VCS versions, hooks and other dynamic fields to the backend, saying why', () => {
    const reason = (r: ReturnType<typeof resolve>) => (r.kind === 'computed' ? r.reason : 'static');
    expect(reason(resolve('setuptools', 'dynamic = ["version"]\n', {}))).toContain('setuptools_scm');
    expect(reason(resolve('hatchling', 'dynamic = ["version"]\n[tool.hatch.version]\nsource = "vcs"\n', {}))).toBe(
      '[tool.hatch.version] source = "vcs" is a version plugin',
    );
    expect(reason(resolve('pdm', 'dynamic = ["version"]\n[tool.pdm.version]\nsource = "scm"\n', {}))).toBe(
      '[tool.pdm.version] source = "scm" is computed by pdm-backend',
    );
    expect(reason(resolve('setuptools', 'dynamic = ["version", "dependencies"]\n', {}))).toBe(
      '[project].dynamic lists dependencies, which only the setuptools backend can compute',
    );
  });

  it("hatchling: its default pattern (VERSION too, a leading v dropped) or the project's own", () => {
    const toml = 'dynamic = ["version"]\n[tool.hatch.version]\npath = "dyn_pkg/__about__.py"\n';
    expect(resolve('hatchling', toml, { 'dyn_pkg/__about__.py': '# x\nversion = "v1.2.3"\n' })).toMatchObject({ kind: 'static', values: { version: '1.2.3' } });
    const custom = `${toml}pattern = "^BUILD = '(?P<version>[^']+)'"\n`;
    expect(resolve('hatchling', custom, { 'dyn_pkg/__about__.py': "BUILD = '4.5'\n" })).toMatchObject({ kind: 'static', values: { version: '4.5' } });
    expect(() => resolve('hatchling', toml, { 'dyn_pkg/__about__.py': 'nothing here\n' })).toThrow(
      expect.objectContaining({ code: 'DIST_DYNAMIC_VERSION_NOT_FOUND' }),
    );
  });

  it('flit: __version__ and the first docstring line from the AST; a missing one means flit would import the module', () => {
    const toml = 'dynamic = ["version", "description"]\n';
    expect(resolve('flit', toml, { 'dyn_pkg/__init__.py': '"""\n  Summary line.\n\n  Body.\n"""\n__version__ = "0.9"\n' })).toEqual({
      kind: 'static',
      values: {
        version: '0.9',
        description: 'Summary line.',
        source: '__version__ and the docstring of dyn_pkg/__init__.py',
        files: ['dyn_pkg/__init__.py'],
        versionAt: { file: 'dyn_pkg/__init__.py', kind: 'assignment', name: '__version__' },
      },
    });
    expect(resolve('flit', toml, { 'dyn_pkg/__init__.py': '__version__ = "0.9"\n' })).toEqual({
      kind: 'computed',
      reason: 'dyn_pkg/__init__.py has no docstring, so flit_core would import it',
    });
    // flit_core 3.8 reads only a plain assignment, not an annotated one.
    expect(resolve('flit', 'dynamic = ["version"]\n', { 'dyn_pkg.py': '"""D."""\n__version__: str = "1"\n' })).toMatchObject({ kind: 'computed' });
  });

  it("pdm-backend: its file source's __version__ line", () => {
    const toml = 'dynamic = ["version"]\n[tool.pdm.version]\nsource = "file"\npath = "src/dyn_pkg/__init__.py"\n';
    expect(resolve('pdm', toml, { 'src/dyn_pkg/__init__.py': "__version__ = '3.3'  # managed\n" })).toMatchObject({
      kind: 'static',
      values: { version: '3.3' },
    });
  });

  it('refuses a version that is not PEP 440, naming where it was read', () => {
    const toml = 'dynamic = ["version"]\n[tool.pdm.version]\nsource = "file"\npath = "v.py"\n';
    expect(() => resolve('pdm', toml, { 'v.py': '__version__ = "banana"\n' })).toThrow(/the version read from v\.py, "banana", is not a valid PEP 440 version/);
  });
});

describe('translatePythonRegex', () => {
  it('translates the Python syntax hatchling patterns use and refuses what it cannot', () => {
    expect(translatePythonRegex('(?i)^(?P<version>x)(?P=version)')?.flags).toBe('im');
    expect(translatePythonRegex('(?i)^(?P<version>x)(?P=version)')?.source).toBe('^(?<version>x)\\k<version>');
    expect(translatePythonRegex('\\Aversion')).toBeUndefined();
    expect(translatePythonRegex('(?x) verbose')).toBeUndefined();
  });
});
