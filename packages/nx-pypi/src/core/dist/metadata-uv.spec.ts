import { parsePyProject } from '../pyproject';
import { renderUvCoreMetadata, renderUvEntryPoints, renderUvRequirement, uvRequirementProblem } from './metadata-uv';

const BASE = '[project]\nname = "Token_Lib"\nversion = "1.0"\n';

function render(extra: string, input: { readmeText?: string; licenseText?: string; licenseFiles?: string[] } = {}): string {
  const project = parsePyProject(BASE + extra, 'libs/token/pyproject.toml');
  return renderUvCoreMetadata({ project, version: project.version as string, licenseFiles: input.licenseFiles ?? [], ...input });
}

describe('renderUvCoreMetadata', () => {
  it('writes the minimal file as Metadata-Version 2.3 with the name as written', () => {
    expect(render('')).toBe('Metadata-Version: 2.3\nName: Token_Lib\nVersion: 1.0\n');
  });

  it("writes every field in uv's order, dependencies sorted by extra, the README unchanged after one blank line", () => {
    const text = render(
      `description = "Tokens"
readme = "README.md"
requires-python = "<4,>=3.9"
license = { text = "MIT" }
keywords = ["a", "b"]
classifiers = ["Typing :: Typed"]
authors = [{ name = "Ada" }, { email = "x@example.com" }, { name = "Grace Hopper", email = "grace@example.com" }]
maintainers = [{ name = "Ops Team Jr.", email = "ops@example.com" }]
dependencies = ["Requests[SOCKS,security] >= 2.0, <3, != 2.1", "zope.interface==5.0.0-beta"]
[project.optional-dependencies]
Zeta = ["pytest>=7"]
alpha_tools = []
beta = ["coverage"]
[project.urls]
Homepage = "https://example.com"
"Bug Tracker" = "https://example.com/issues"
`,
      { readmeText: '# Token\n\nHello' },
    );
    expect(text).toBe(`Metadata-Version: 2.3
Name: Token_Lib
Version: 1.0
Summary: Tokens
Keywords: a,b
Author: Ada, Grace Hopper
Author-email: x@example.com, Grace Hopper <grace@example.com>
License: MIT
Classifier: Typing :: Typed
Requires-Dist: requests[socks,security]>=2.0,!=2.1,<3
Requires-Dist: zope-interface==5.0.0b0
Requires-Dist: coverage ; extra == 'beta'
Requires-Dist: pytest>=7 ; extra == 'zeta'
Maintainer: Ops Team Jr.
Maintainer-email: Ops Team Jr. <ops@example.com>
Requires-Python: >=3.9, <4
Project-URL: Homepage, https://example.com
Project-URL: Bug Tracker, https://example.com/issues
Provides-Extra: alpha-tools
Provides-Extra: beta
Provides-Extra: zeta
Description-Content-Type: text/markdown

# Token

Hello`);
  });

  it('uses 2.4 with License-Expression and License-File when the project opts into PEP 639', () => {
    const text = render('license = "MIT OR Apache-2.0"\nlicense-files = ["LICENSE", "licenses/*"]\n', { licenseFiles: ['LICENSE', 'licenses/APACHE.txt'] });
    expect(text).toBe(
      'Metadata-Version: 2.4\nName: Token_Lib\nVersion: 1.0\nLicense-Expression: MIT OR Apache-2.0\nLicense-File: LICENSE\nLicense-File: licenses/APACHE.txt\n',
    );
    expect(render('license = "MIT"\n')).toContain('Metadata-Version: 2.4\n');
  });

  it("pastes a license file into License, continuing lines under the value as uv's write_str does", () => {
    expect(render('license = { file = "LICENSE" }\n', { licenseText: 'MIT License\n\nCopyright\n' })).toContain(
      'License: MIT License\n         \n         Copyright\n',
    );
  });

  it('writes an empty description as an empty Summary field', () => {
    expect(render('description = ""\n')).toContain('Summary: \n');
  });

  it('takes an inline readme text as the body, as written', () => {
    expect(render('readme = { text = "Inline *rst*\\n", content-type = "text/x-rst" }\n')).toMatch(
      /Description-Content-Type: text\/x-rst\n\nInline \*rst\*\n$/,
    );
  });
});

describe('renderUvRequirement and uvRequirementProblem', () => {
  const req = (raw: string) => parsePyProject(`${BASE}dependencies = [${JSON.stringify(raw)}]\n`, 'p').dependencies[0];

  it.each([
    ['idna>=2.5,<4', 'idna>=2.5,<4'],
    ['Foo_Bar (< 2, >= 1.0)', 'foo-bar>=1.0,<2'],
    // 1 and 1.0 are the same version: the stable sort keeps the order as written.
    ['pkg>=1.0,==1.*', 'pkg>=1.0,==1.*'],
    ['pkg ~= 1.4.0', 'pkg~=1.4.0'],
    ['pkg>=1.0.post1,<v2.0rc1', 'pkg>=1.0.post1,<2.0rc1'],
  ])('%s -> %s', (raw, expected) => {
    expect(uvRequirementProblem(req(raw))).toBeUndefined();
    expect(renderUvRequirement(req(raw))).toBe(expected);
  });

  it('hands markers, URLs and === to uv_build, which rewrites them', () => {
    expect(uvRequirementProblem(req("tomli; python_version < '3.11'"))).toContain('environment marker');
    expect(uvRequirementProblem(req('pkg @ https://e.com/p.whl'))).toContain('URL');
    expect(uvRequirementProblem(req('pkg===1.0'))).toContain('===');
  });
});

describe('renderUvEntryPoints', () => {
  it('sorts groups and names, each group followed by a blank line', () => {
    const p = parsePyProject(
      `${BASE}[project.scripts]\nzz = "t.cli:z"\naa = "t.cli:a"\n[project.gui-scripts]\ng = "t.gui:run"\n[project.entry-points."nx.plugins"]\nx = "t.plugin"\n[project.entry-points.aaa]\ny = "t.y"\n`,
      'p',
    );
    expect(renderUvEntryPoints(p)).toBe(
      '[console_scripts]\naa = t.cli:a\nzz = t.cli:z\n\n[gui_scripts]\ng = t.gui:run\n\n[aaa]\ny = t.y\n\n[nx.plugins]\nx = t.plugin\n\n',
    );
  });

  it('returns undefined when there is nothing to write', () => {
    expect(renderUvEntryPoints(parsePyProject(BASE, 'p'))).toBeUndefined();
  });
});
