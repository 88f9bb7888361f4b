import { readProjectIdentity } from './project-identity';

const FILE = 'packages/app/pyproject.toml';

function rendered(text: string): string {
  const identity = readProjectIdentity(text, FILE);
  if (identity.kind !== 'broken') throw new Error(`expected a broken identity, got ${identity.kind}`);
  return identity.error.render();
}

describe('readProjectIdentity: PEP 735 [dependency-groups] and [tool.uv] dev-dependencies are edges', () => {
  it('adds every group requirement and the uv dev-dependencies to requires, after [project]', () => {
    const text = `[project]
name = "token-app"
dependencies = ["click"]

[dependency-groups]
test = ["Token_Lib>=0.1", {include-group = "lint"}]
lint = ["ruff; python_version >= '3.9'"]
docs = []

[tool.uv]
dev-dependencies = ["test-helpers @ file:///tmp/helpers"]

[tool.uv.sources]
token-lib = { workspace = true }
`;
    expect(readProjectIdentity(text, FILE)).toMatchObject({ kind: 'project', requires: ['click', 'token-lib', 'ruff', 'test-helpers'], layout: 'pep621' });
  });

  it('adds groups of a Poetry 1.x project too', () => {
    const text = '[tool.poetry]\nname = "p"\nversion = "0.1.0"\n\n[dependency-groups]\ndev = ["token-lib"]\n';
    expect(readProjectIdentity(text, FILE)).toMatchObject({ kind: 'project', requires: ['token-lib'], layout: 'poetry' });
  });

  it('locates a bad requirement at its own index, and a bad dev-dependencies entry', () => {
    const text = rendered('[project]\nname = "a"\n\n[dependency-groups]\ntest = ["pytest", "token-lib>>1"]\n\n[tool.uv]\ndev-dependencies = ["ok", 3]\n');
    expect(text).toMatch(/:5:19 \[dependency-groups\.test\[1\]\] /);
    expect(text).toMatch(/:8:27 \[tool\.uv\.dev-dependencies\[1\]\] must be a string, got an integer/);
  });

  it('locates bad group names, duplicate groups, bad entries, unknown includes and include cycles', () => {
    const text = rendered(`[project]
name = "a"

[dependency-groups]
Test = ["pytest"]
test_ = []
"-bad" = []
TEST = [{include-group = "docs"}, 3, {include-group = "lists", extra = 1}]
a = [{include-group = "b"}]
b = [{include-group = "A"}]
self = [{include-group = "self"}]
lists = "pytest"
`);
    expect(text).toMatch(/:6:1 \[dependency-groups\.test_\] "test_" is not a valid dependency group name\n\s+use letters, digits/);
    expect(text).toMatch(/:7:1 \[dependency-groups\.-bad\] "-bad" is not a valid dependency group name/);
    expect(text).toMatch(/:8:1 \[dependency-groups\.TEST\] group "TEST" is the same group as "Test" \(both normalize to "test"\)\n\s+merge them into one/);
    expect(text).toMatch(/:8:26 \[dependency-groups\.TEST\[0\]\.include-group\] includes group "docs", which \[dependency-groups\] does not define/);
    expect(text).toMatch(/:8:35 \[dependency-groups\.TEST\[1\]\] must be a requirement string or an \{include-group = "\.\.\."\} table, got an integer/);
    expect(text).toMatch(/:8:64 \[dependency-groups\.TEST\[2\]\.extra\] unknown key "extra"/);
    expect(text).not.toContain('test -> test');
    expect(text).toMatch(/\[dependency-groups\.b\[0\]\.include-group\] dependency groups include each other in a cycle: a -> b -> a/);
    expect(text).toMatch(/\[dependency-groups\.self\[0\]\.include-group\] dependency groups include each other in a cycle: self -> self/);
    expect(text).toMatch(/:12:9 \[dependency-groups\.lists\] must be an array, got a string/);
  });

  it('reports a [tool.uv] that is not a table', () => {
    expect(rendered('[project]\nname = "a"\n\n[tool]\nuv = 1\n')).toMatch(/:5:6 \[tool\.uv\] must be a table, got an integer/);
  });
});
