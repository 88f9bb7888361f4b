import { parsePyProject } from '../pyproject';
import { computeMetadataVersion, renderCoreMetadata, renderPeople, renderRequirement } from './metadata';

const BASE = '[project]\nname = "Token_Lib"\nversion = "1.0"\n';

function render(extra: string, input: { readmeText?: string; licenseText?: string; licenseFiles?: string[] } = {}): string {
  const project = parsePyProject(BASE + extra, 'libs/token/pyproject.toml');
  return renderCoreMetadata({ project, version: project.version as string, licenseFiles: input.licenseFiles ?? [], artifact: 'wheel', ...input });
}

function headers(text: string): string[] {
  return text.split('\n\n')[0].split('\n');
}

describe('renderCoreMetadata', () => {
  it('writes the minimal file as Metadata-Version 2.1 with the name as written', () => {
    expect(render('')).toBe('Metadata-Version: 2.1\nName: Token_Lib\nVersion: 1.0\n');
  });

  it('maps every [project] field, in spec order, with the README as the body', () => {
    const text = render(
      `description = "Tokens"
readme = "README.md"
requires-python = ">=3.9"
license = { text = "MIT" }
keywords = ["a", "b"]
classifiers = ["Typing :: Typed"]
authors = [{ name = "Ada" }, { email = "x@example.com" }, { name = "Grace Hopper", email = "grace@example.com" }]
maintainers = [{ name = "Ops Team Jr.", email = "ops@example.com" }]
dependencies = ["requests[socks,security]>=2.0", "tomli; python_version < '3.11'", "pkg @ https://example.com/pkg.whl ; os_name == 'nt'"]
[project.optional-dependencies]
Dev_Tools = ["pytest>=7", "colorama; sys_platform == 'win32'"]
[project.urls]
Homepage = "https://example.com"
"Bug Tracker" = "https://example.com/issues"
`,
      { readmeText: '# Token\n\nHello' },
    );
    expect(text).toBe(`Metadata-Version: 2.1
Name: Token_Lib
Version: 1.0
Summary: Tokens
Keywords: a,b
Author: Ada
Author-email: x@example.com, Grace Hopper <grace@example.com>
Maintainer-email: "Ops Team Jr." <ops@example.com>
License: MIT
Classifier: Typing :: Typed
Project-URL: Homepage, https://example.com
Project-URL: Bug Tracker, https://example.com/issues
Requires-Python: >=3.9
Requires-Dist: requests[socks,security]>=2.0
Requires-Dist: tomli; python_version < '3.11'
Requires-Dist: pkg @ https://example.com/pkg.whl ; os_name == 'nt'
Provides-Extra: dev-tools
Requires-Dist: pytest>=7; extra == "dev-tools"
Requires-Dist: colorama; (sys_platform == 'win32') and extra == "dev-tools"
Description-Content-Type: text/markdown

# Token

Hello
`);
  });

  it('uses 2.4 with License-Expression and License-File only when the project opts into PEP 639', () => {
    const text = render('license = "MIT OR Apache-2.0"\n', { licenseFiles: ['LICENSE', 'licenses/APACHE.txt'] });
    expect(headers(text)).toEqual([
      'Metadata-Version: 2.4',
      'Name: Token_Lib',
      'Version: 1.0',
      'License-Expression: MIT OR Apache-2.0',
      'License-File: LICENSE',
      'License-File: licenses/APACHE.txt',
      '',
    ]);
    expect(render('license-files = ["LICENSE"]\n', { licenseFiles: ['LICENSE'] })).toContain('Metadata-Version: 2.4\n');
    // Default-discovered license files ship in the wheel but need no header, so 2.1 stays.
    expect(render('', { licenseFiles: ['LICENSE'] })).not.toContain('License-File');
  });

  it('pastes a license file into License, folding continuation lines as setuptools does', () => {
    expect(render('license = { file = "LICENSE" }\n', { licenseText: 'MIT License\n\nCopyright' })).toContain(
      'License: MIT License\n        \n        Copyright\n',
    );
  });

  it('takes an inline readme text as the body with its content type', () => {
    const text = render('readme = { text = "Inline *rst*", content-type = "text/x-rst" }\n');
    expect(text).toContain('Description-Content-Type: text/x-rst\n\nInline *rst*\n');
  });

  it('refuses a multi-line description, naming the key', () => {
    // The parser refuses this too; the renderer must not depend on it to keep headers intact.
    const project = { ...parsePyProject(BASE, 'p/pyproject.toml'), description: 'two\nlines' };
    expect(() => renderCoreMetadata({ project, version: '1.0', licenseFiles: [], artifact: 'wheel' })).toThrow(
      expect.objectContaining({ code: 'DIST_SUMMARY_MULTILINE', location: { file: 'p/pyproject.toml', keyPath: 'project.description' } }),
    );
  });
});

describe('renderRequirement', () => {
  const req = (raw: string) => parsePyProject(`${BASE}dependencies = [${JSON.stringify(raw)}]\n`, 'p').dependencies[0];
  it.each([
    ['idna>=2.5,<4', undefined, 'idna>=2.5,<4'],
    ['Foo[Bar] >= 1.0 ; python_version<"3.9"', undefined, 'Foo[Bar]>=1.0; python_version<"3.9"'],
    ['foo', 'test', 'foo; extra == "test"'],
    ['foo ; os_name == "nt" or os_name == "posix"', 'x', 'foo; (os_name == "nt" or os_name == "posix") and extra == "x"'],
    ['foo @ https://e.com/f.zip', undefined, 'foo @ https://e.com/f.zip'],
    ['foo @ https://e.com/f.zip', 'x', 'foo @ https://e.com/f.zip ; extra == "x"'],
  ])('%s (extra %s) -> %s', (raw, extra, expected) => {
    expect(renderRequirement(req(raw), extra)).toBe(expected);
  });
});

describe('renderPeople', () => {
  it.each([
    [[{ name: 'Ada' }], { names: 'Ada', emails: undefined }],
    [[{ email: 'a@e.com' }], { names: undefined, emails: 'a@e.com' }],
    [[{ name: 'Ada L', email: 'a@e.com' }, { name: 'B' }], { names: 'B', emails: 'Ada L <a@e.com>' }],
    [[{ name: 'Lovelace, Ada', email: 'a@e.com' }], { names: undefined, emails: '"Lovelace, Ada" <a@e.com>' }],
    [[{ name: 'Ada "the first" L.', email: 'a@e.com' }], { names: undefined, emails: '"Ada \\"the first\\" L." <a@e.com>' }],
    [[], { names: undefined, emails: undefined }],
  ])('%j', (people, expected) => {
    expect(renderPeople(people)).toEqual(expected);
  });
});

describe('computeMetadataVersion', () => {
  it('is 2.1 for a legacy license table and 2.4 for an SPDX expression', () => {
    expect(computeMetadataVersion(parsePyProject(`${BASE}license = { text = "MIT" }\n`, 'p'), 'wheel')).toBe('2.1');
    expect(computeMetadataVersion(parsePyProject(`${BASE}license = "MIT"\n`, 'p'), 'wheel')).toBe('2.4');
  });

  it('is at least 2.2 in an sdist, as the sdist format requires', () => {
    expect(computeMetadataVersion(parsePyProject(`${BASE}license = { text = "MIT" }\n`, 'p'), 'sdist')).toBe('2.2');
    expect(computeMetadataVersion(parsePyProject(`${BASE}license = "MIT"\n`, 'p'), 'sdist')).toBe('2.4');
  });
});
