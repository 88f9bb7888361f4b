import { parseTomlTable as parse } from '../pyproject/toml-document';
import { compatibleRange, listWorkspaceReferences, pinWorkspaceReferences } from './workspace-references';

const POETRY = `[tool.poetry]
name = "token-cli"
version = "0.3.0"

[tool.poetry.dependencies]
python = "^3.9"
# the library next door
token-lib = { path = "../token-lib", develop = true }
token-extras = {path="../token-extras",extras=["fast"],optional=true}
requests = "^2.31"
outside = { path = "/opt/vendored/outside" }

[tool.poetry.group.dev.dependencies]
token-testing = { path = "../token-testing", develop = true }
`;

const UV = `[project]
name = "token-cli"
version = "0.3.0"
dependencies = [
  "token-lib",
  "token-extras[fast] ; python_version >= '3.10'",
  "token-pinned>=0.1",
  "httpx>=0.27",
]

[project.optional-dependencies]
path = ["token-path"]

[tool.uv.sources]
token-lib = { workspace = true }
token-extras = { workspace = true }
token-pinned = { workspace = true }
token-path = { path = "../token-path", editable = true }
httpx = { index = "internal" }
`;

describe('compatibleRange (Poetry caret)', () => {
  it.each([
    ['0.1.0', '>=0.1.0,<0.2.0', '^0.1.0'],
    ['1.4.2', '>=1.4.2,<2.0.0', '^1.4.2'],
    ['0.0.3', '>=0.0.3,<0.0.4', '^0.0.3'],
    ['2.0.0rc1', '>=2.0.0rc1,<3.0.0', '^2.0.0rc1'],
    ['1.0', '>=1.0,<2.0', '^1.0'],
  ])('%s is required as %s (%s)', (version, specifier, poetry) => {
    expect(compatibleRange(version)).toEqual({ specifier, poetry });
  });
});

describe('listWorkspaceReferences', () => {
  it('lists the runtime path dependencies of a Poetry project, not its dev groups', () => {
    expect(listWorkspaceReferences(POETRY).map((r) => [r.name, r.path, r.via])).toEqual([
      ['token-lib', '../token-lib', 'path ../token-lib'],
      ['token-extras', '../token-extras', 'path ../token-extras'],
      ['outside', '/opt/vendored/outside', 'path /opt/vendored/outside'],
    ]);
  });

  it('lists [project] requirements that [tool.uv.sources] maps to the workspace or a path', () => {
    expect(listWorkspaceReferences(UV).map((r) => [r.normalizedName, r.path, r.via])).toEqual([
      ['token-lib', undefined, 'uv workspace source'],
      ['token-extras', undefined, 'uv workspace source'],
      ['token-pinned', undefined, 'uv workspace source'],
      ['token-path', '../token-path', 'uv path source ../token-path'],
    ]);
  });

  it('finds none in a project without local references', () => {
    expect(listWorkspaceReferences('[project]\nname = "a"\nversion = "1"\ndependencies = ["b"]\n')).toEqual([]);
  });
});

describe('pinWorkspaceReferences', () => {
  it('replaces Poetry path entries by caret constraints, keeping extras and optional, and nothing else', () => {
    const versions = new Map([
      ['token-lib', '0.1.0'],
      ['token-extras', '1.2.0'],
    ]);
    const { text, pinned } = pinWorkspaceReferences(POETRY, 'cli/pyproject.toml', versions);
    expect(text).toBe(
      POETRY.replace('token-lib = { path = "../token-lib", develop = true }', 'token-lib = "^0.1.0"').replace(
        'token-extras = {path="../token-extras",extras=["fast"],optional=true}',
        'token-extras = { version = "^1.2.0", extras = ["fast"], optional = true }',
      ),
    );
    expect(pinned.map((p) => [p.reference.name, p.specifier])).toEqual([
      ['token-lib', '>=0.1.0,<0.2.0'],
      ['token-extras', '>=1.2.0,<2.0.0'],
    ]);
    // The dev group still points at its folder: groups are never metadata.
    expect((parse(text) as any).tool.poetry.group.dev.dependencies['token-testing']).toEqual({ path: '../token-testing', develop: true });
  });

  it('leaves a path that is not a workspace project as written', () => {
    const { text, pinned } = pinWorkspaceReferences(POETRY, 'cli/pyproject.toml', new Map([['token-lib', '0.1.0']]));
    expect(text).toContain('outside = { path = "/opt/vendored/outside" }');
    expect(pinned).toHaveLength(1);
  });

  it('adds the range to uv-sourced requirements without versions, after extras and before the marker', () => {
    const versions = new Map([
      ['token-lib', '0.1.0'],
      ['token-extras', '0.4.1'],
      ['token-pinned', '0.2.0'],
      ['token-path', '3.0.0'],
    ]);
    const { text, pinned } = pinWorkspaceReferences(UV, 'cli/pyproject.toml', versions);
    expect(text).toContain('"token-lib>=0.1.0,<0.2.0",');
    expect(text).toContain(`"token-extras[fast]>=0.4.1,<0.5.0 ; python_version >= '3.10'",`);
    expect(text).toContain('path = ["token-path>=3.0.0,<4.0.0"]');
    // The user's own versions win.
    expect(text).toContain('"token-pinned>=0.1",');
    expect(pinned.map((p) => p.reference.normalizedName)).toEqual(['token-lib', 'token-extras', 'token-path']);
  });

  it('refuses a Poetry path dependency written as a sub-table, naming where and how to write it', () => {
    const text = '[tool.poetry]\nname = "a"\nversion = "1.0.0"\n\n[tool.poetry.dependencies.token-lib]\npath = "../token-lib"\n';
    expect(() => pinWorkspaceReferences(text, 'a/pyproject.toml', new Map([['token-lib', '0.1.0']]))).toThrow(
      expect.objectContaining({
        code: 'BUILD_WORKSPACE_REFERENCE_FORM',
        hint: 'write it as an inline table: token-lib = { path = "../token-lib", develop = true }',
      }),
    );
  });

  it('keeps a string with braces inside the inline table intact', () => {
    const text =
      '[tool.poetry]\nname = "a"\nversion = "1.0.0"\n\n[tool.poetry.dependencies]\ntoken-lib = { path = "../token-lib", markers = "extra == \\"}\\"" }\n';
    const out = pinWorkspaceReferences(text, 'a/pyproject.toml', new Map([['token-lib', '0.1.0']])).text;
    expect((parse(out) as any).tool.poetry.dependencies['token-lib']).toEqual({ version: '^0.1.0', markers: 'extra == "}"' });
  });
});

describe('Poetry 2: a [project] requirement enriched by a [tool.poetry.dependencies] path', () => {
  const POETRY2 = `[project]
name = "token-cli"
version = "0.3.0"
dependencies = ["token-lib", "token-pinned>=2"]

[tool.poetry.dependencies]
token-lib = { path = "../token-lib", develop = true } # local checkout
token-pinned = { path = "../token-pinned", develop = true }
requests = { source = "internal" }
`;

  it('requires the dependency by range in [project] and drops its path entry from the build copy', () => {
    expect(listWorkspaceReferences(POETRY2).map((r) => [r.name, r.via, r.poetryEntry])).toEqual([
      ['token-lib', 'path ../token-lib', 'token-lib'],
      ['token-pinned', 'path ../token-pinned', 'token-pinned'],
    ]);
    const { text, pinned } = pinWorkspaceReferences(
      POETRY2,
      'cli/pyproject.toml',
      new Map([
        ['token-lib', '0.1.0'],
        ['token-pinned', '2.1.0'],
      ]),
    );
    expect(text).toBe(`[project]
name = "token-cli"
version = "0.3.0"
dependencies = ["token-lib>=0.1.0,<0.2.0", "token-pinned>=2"]

[tool.poetry.dependencies]
requests = { source = "internal" }
`);
    expect(pinned.map((p) => p.reference.name)).toEqual(['token-lib']);
  });
});

describe('Poetry 2: a path entry that cannot be dropped line by line', () => {
  it('is refused with where it is and how to write it, instead of a build that would still carry the path', () => {
    const subTable =
      '[project]\nname = "cli"\nversion = "1.0.0"\ndependencies = ["token-lib"]\n\n[tool.poetry.dependencies.token-lib]\npath = "../token-lib"\n';
    expect(() => pinWorkspaceReferences(subTable, 'cli/pyproject.toml', new Map([['token-lib', '0.1.0']]))).toThrow(
      expect.objectContaining({
        code: 'BUILD_WORKSPACE_REFERENCE_FORM',
        hint: 'write it on a line of its own as an inline table: token-lib = { path = "...", develop = true }',
      }),
    );
  });
});
