import { readProjectIdentity } from './project-identity';

const FILE = 'libs/p/pyproject.toml';

function rendered(text: string): string {
  const identity = readProjectIdentity(text, FILE);
  if (identity.kind !== 'broken') throw new Error(`expected a broken identity, got ${identity.kind}`);
  return identity.error.render();
}

describe('readProjectIdentity: Poetry 1.x ([tool.poetry] without [project])', () => {
  const POETRY = `[tool.poetry]
name = "Token_CLI"
version = "0.1.0"
description = "The token CLI"

[tool.poetry.dependencies]
python = "^3.9"
token-lib = { path = "../token-lib", develop = true }
Requests = "^2.31"

[tool.poetry.dev-dependencies]
pytest = "^7"

[tool.poetry.group.test.dependencies]
test_helpers = { path = "../test-helpers" }
old = "^1.0 || ^3.0"
`;

  it('is a project named by [tool.poetry].name, with an edge for every dependency table but python', () => {
    expect(readProjectIdentity(POETRY, FILE)).toEqual({
      kind: 'project',
      name: 'Token_CLI',
      normalizedName: 'token-cli',
      description: 'The token CLI',
      requires: ['token-lib', 'requests', 'pytest', 'test-helpers', 'old'],
      layout: 'poetry',
    });
  });

  it('is settings, not a project, without a name or with package-mode = false', () => {
    expect(readProjectIdentity('[tool.poetry]\npackages = [{ include = "x" }]\n', FILE)).toEqual({ kind: 'settings' });
    expect(readProjectIdentity('[tool.poetry]\nname = "x"\npackage-mode = false\n', FILE)).toEqual({ kind: 'settings' });
  });

  it('locates a bad name at tool.poetry.name with line:col and a fix', () => {
    expect(rendered('[tool.poetry]\nversion = "0.1.0"\nname = "-bad-"\n')).toMatch(
      /libs\/p\/pyproject\.toml:3:8 \[tool\.poetry\.name\] "-bad-" is not a valid project name[\s\S]*e\.g\. "my-package"/,
    );
    expect(rendered('[tool.poetry]\nname = 3\n')).toMatch(/:2:8 \[tool\.poetry\.name\] must be a string, got an integer[\s\S]*\[tool\.poetry\]/);
  });

  it('collects every bad dependency entry of every table, each located', () => {
    const text = rendered(
      '[tool.poetry]\nname = "p"\n\n[tool.poetry.dependencies]\nfoo = "^^1"\nbar = 3\n\n[tool.poetry.group.dev]\ndependencies = "pytest"\n',
    );
    expect(text).toMatch(/:5:7 \[tool\.poetry\.dependencies\.foo\] dependency "foo": "\^\^1" is not a Poetry version constraint/);
    expect(text).toMatch(/:6:7 \[tool\.poetry\.dependencies\.bar\] dependency "bar" must be a version string or a table/);
    expect(text).toMatch(/:9:16 \[tool\.poetry\.group\.dev\.dependencies\] must be a table, got a string/);
  });
});

describe('readProjectIdentity: Poetry 2 ([project] and [tool.poetry])', () => {
  it('takes name and dependencies from [project], and adds the groups as edges', () => {
    const text = `[project]
name = "app"
version = "0.1.0"
dependencies = ["token-lib"]

[tool.poetry]
name = "ignored"

[tool.poetry.dependencies]
token-lib = { path = "../token-lib", develop = true }
not-listed = "^1"

[tool.poetry.group.dev.dependencies]
test-helpers = { path = "../test-helpers" }
`;
    expect(readProjectIdentity(text, FILE)).toMatchObject({ kind: 'project', name: 'app', requires: ['token-lib', 'test-helpers'], layout: 'poetry-pep621' });
  });

  it('reads [tool.poetry.dependencies] when [project] lists none (dynamic dependencies)', () => {
    const text = '[project]\nname = "app"\nversion = "0.1.0"\ndynamic = ["dependencies"]\n\n[tool.poetry.dependencies]\npython = ">=3.9"\ntoken-lib = "^0.1"\n';
    expect(readProjectIdentity(text, FILE)).toMatchObject({ kind: 'project', requires: ['token-lib'], layout: 'poetry-pep621' });
  });

  it('locates a bad group entry beside a good [project]', () => {
    expect(rendered('[project]\nname = "app"\n\n[tool.poetry.group.dev.dependencies]\npytest = { version = "^7", bogus = 1 }\n')).toMatch(
      /:5:36 \[tool\.poetry\.group\.dev\.dependencies\.pytest\.bogus\] unknown key "bogus" in dependency "pytest"/,
    );
  });

  it('accepts [tool.poetry.dependencies] entries that only say where to look (a source, prereleases, markers): any version, as poetry-core reads them', () => {
    const text = `[project]
name = "app"
version = "0.1.0"
dependencies = ["requests>=2.31", "click>=8"]

[tool.poetry.dependencies]
requests = { source = "private" }
click = { allow-prereleases = true, markers = "sys_platform == 'linux'" }

[[tool.poetry.source]]
name = "private"
url = "https://example.com/simple/"
priority = "explicit"
`;
    expect(readProjectIdentity(text, FILE)).toMatchObject({ kind: 'project', name: 'app', requires: ['requests', 'click'], layout: 'poetry-pep621' });
  });

  it('is a plain PEP 621 project without [tool.poetry]', () => {
    expect(readProjectIdentity('[project]\nname = "a"\n', FILE)).toMatchObject({ kind: 'project', layout: 'pep621', requires: [] });
  });
});
