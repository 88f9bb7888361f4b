import { DynamicVersionError } from './errors';
import { parsePyProject, requireStaticVersion } from './parse';

const FULL = `# A project using every [project] field
[build-system]
requires = ["hatchling>=1.21", "editables ; python_version < '3.12'"]
build-backend = "hatchling.build"
backend-path = ["_build"]

[project]
name = "Token_Lib"
version = "1.0.0-alpha1"
description = "Tokens for everyone"
readme = "README.md"
requires-python = ">= 3.9, <4"
license = "Apache-2.0 OR MIT"
license-files = ["LICEN[CS]E*", "licenses/**/*.txt"]
authors = [{ name = "Ada Lovelace", email = "ada@example.com" }, { name = "Grace" }]
maintainers = [{ email = "ops@example.org" }]
keywords = ["tokens", "auth"]
classifiers = [
  "Programming Language :: Python :: 3",
  "Private :: Do Not Upload",
]
dependencies = [
  "requests[socks]>=2.31,<3",
  "idna (>=2.5)",
  'tomli >= 1.1 ; python_version < "3.11"',
]

[project.optional-dependencies]
test = ["pytest>=8"]
docs-build = ["sphinx"]

[project.urls]
Homepage = "https://example.com"
"Bug Tracker" = "https://example.com/issues"
2024 = "https://example.com/2024"

[project.scripts]
token-lib = "token_lib.cli:main"

[project.gui-scripts]
token-gui = "token_lib.gui : run"

[project.entry-points."token_lib.plugins"]
basic = "token_lib.plugins.basic"
fancy = "token_lib.plugins:Fancy.create"

[tool.hatch.build]
packages = ["src/token_lib"]
`;

describe('parsePyProject on valid files', () => {
  it('reads every [project] field', () => {
    const p = parsePyProject(FULL, 'libs/token-lib/pyproject.toml');
    expect(p).toMatchObject({
      filePath: 'libs/token-lib/pyproject.toml',
      name: 'Token_Lib',
      normalizedName: 'token-lib',
      version: '1.0.0a1',
      rawVersion: '1.0.0-alpha1',
      description: 'Tokens for everyone',
      readme: { file: 'README.md', contentType: 'text/markdown' },
      requiresPython: '>=3.9,<4',
      license: { kind: 'expression', expression: 'Apache-2.0 OR MIT' },
      licenseFiles: ['LICEN[CS]E*', 'licenses/**/*.txt'],
      authors: [{ name: 'Ada Lovelace', email: 'ada@example.com' }, { name: 'Grace' }],
      maintainers: [{ email: 'ops@example.org' }],
      keywords: ['tokens', 'auth'],
      classifiers: ['Programming Language :: Python :: 3', 'Private :: Do Not Upload'],
      scripts: { 'token-lib': 'token_lib.cli:main' },
      guiScripts: { 'token-gui': 'token_lib.gui : run' },
      entryPoints: { 'token_lib.plugins': { basic: 'token_lib.plugins.basic', fancy: 'token_lib.plugins:Fancy.create' } },
      dynamic: [],
      buildSystem: {
        requires: ['hatchling>=1.21', "editables ; python_version < '3.12'"],
        buildBackend: 'hatchling.build',
        backendPath: ['_build'],
      },
      tool: { hatch: { build: { packages: ['src/token_lib'] } } },
    });
    // File order, although JS objects would list the integer-like label first.
    expect(p.urls).toEqual([
      ['Homepage', 'https://example.com'],
      ['Bug Tracker', 'https://example.com/issues'],
      ['2024', 'https://example.com/2024'],
    ]);
    expect(p.dependencies.map((d) => [d.normalizedName, d.extras, d.specifier, d.marker])).toEqual([
      ['requests', ['socks'], '>=2.31,<3', undefined],
      ['idna', [], '>=2.5', undefined],
      ['tomli', [], '>=1.1', 'python_version < "3.11"'],
    ]);
    expect(Object.keys(p.optionalDependencies)).toEqual(['test', 'docs-build']);
    expect(p.optionalDependencies.test[0]).toMatchObject({ name: 'pytest', specifier: '>=8', raw: 'pytest>=8' });
  });

  it('gives defaults for a minimal file and no build-system', () => {
    const p = parsePyProject('[project]\nname = "a"\nversion = "0.1"\n', 'pyproject.toml');
    expect(p).toEqual({
      filePath: 'pyproject.toml',
      name: 'a',
      normalizedName: 'a',
      version: '0.1',
      rawVersion: '0.1',
      authors: [],
      maintainers: [],
      keywords: [],
      classifiers: [],
      urls: [],
      scripts: {},
      guiScripts: {},
      entryPoints: {},
      dependencies: [],
      optionalDependencies: {},
      dynamic: [],
      tool: {},
    });
  });

  it('accepts dotted keys and inline tables for the same fields', () => {
    const p = parsePyProject(
      'project.name = "dotted"\nproject.version = "2"\nproject.urls.Source = "https://s"\nproject.readme = { text = "Hi", content-type = "text/x-rst; charset=latin-1" }\n',
      'p.toml',
    );
    expect(p).toMatchObject({
      name: 'dotted',
      version: '2',
      urls: [['Source', 'https://s']],
      readme: { text: 'Hi', contentType: 'text/x-rst; charset=latin-1', charset: 'latin-1' },
    });
  });

  it.each([
    ['"README.rst"', { file: 'README.rst', contentType: 'text/x-rst' }],
    ['"docs/README.MD"', { file: 'docs/README.MD', contentType: 'text/markdown' }],
    ['"README.txt"', { file: 'README.txt', contentType: 'text/plain' }],
    ['{ file = "README.md", content-type = "text/markdown", charset = "UTF-8" }', { file: 'README.md', contentType: 'text/markdown', charset: 'UTF-8' }],
  ])('reads readme = %s', (readme, expected) => {
    expect(parsePyProject(`[project]\nname = "a"\nversion = "1"\nreadme = ${readme}\n`, 'p.toml').readme).toEqual(expected);
  });

  it.each([
    ['{ file = "LICENSE" }', { kind: 'file', file: 'LICENSE' }],
    ['{ text = "MIT License ..." }', { kind: 'text', text: 'MIT License ...' }],
    [
      '"(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0"',
      { kind: 'expression', expression: '(MIT OR Apache-2.0) AND GPL-2.0-or-later WITH Classpath-exception-2.0' },
    ],
    ['"LicenseRef-Proprietary"', { kind: 'expression', expression: 'LicenseRef-Proprietary' }],
  ])('reads license = %s', (license, expected) => {
    expect(parsePyProject(`[project]\nname = "a"\nversion = "1"\nlicense = ${license}\n`, 'p.toml').license).toEqual(expected);
  });

  it('leaves version undefined when it is dynamic, and requireStaticVersion says how to fix it', () => {
    const p = parsePyProject('[project]\nname = "dyn"\ndynamic = ["version", "readme"]\n', 'libs/dyn/pyproject.toml');
    expect(p.version).toBeUndefined();
    expect(p.rawVersion).toBeUndefined();
    expect(p.dynamic).toEqual(['version', 'readme']);
    expect(() => requireStaticVersion(p)).toThrow(DynamicVersionError);
    expect(() => requireStaticVersion(p)).toThrow(
      expect.objectContaining({
        code: 'PYPROJECT_DYNAMIC_VERSION',
        location: { file: 'libs/dyn/pyproject.toml', keyPath: 'project.version' },
      }),
    );
    let rendered = '';
    try {
      requireStaticVersion(p);
    } catch (err) {
      rendered = (err as DynamicVersionError).render();
    }
    expect(rendered).toBe(
      'libs/dyn/pyproject.toml [project.version] the version of "dyn" is dynamic, but nx-pypi needs a static version to build and release\n' +
        '  set a static `version = "0.1.0"` in [project] and remove "version" from dynamic',
    );
  });

  it('returns the normalized static version from requireStaticVersion', () => {
    expect(requireStaticVersion(parsePyProject('[project]\nname = "a"\nversion = "v1.0-post1"\n', 'p.toml'))).toBe('1.0.post1');
  });
});

describe('License classifiers beside a license expression (PEP 639: tools MAY refuse)', () => {
  it('are kept for hatchling, which builds with both, and refused for the backends that refuse them', () => {
    const text = (backend: string) =>
      `[build-system]\nrequires = ["x"]\nbuild-backend = "${backend}"\n[project]\nname = "a"\nversion = "1"\nlicense = "MIT"\nclassifiers = ["License :: OSI Approved :: MIT License"]\n`;
    expect(parsePyProject(text('hatchling.build'), 'p.toml').classifiers).toEqual(['License :: OSI Approved :: MIT License']);
    for (const backend of ['setuptools.build_meta', 'flit_core.buildapi', 'pdm.backend']) {
      expect(() => parsePyProject(text(backend), 'p.toml')).toThrow(
        expect.objectContaining({ problems: [expect.objectContaining({ code: 'PYPROJECT_LICENSE_CLASSIFIER' })] }),
      );
    }
  });
});
