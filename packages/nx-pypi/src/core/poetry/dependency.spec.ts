import { parsePoetryConstraint, renderConstraintSet, translatePoetryConstraint } from './constraint';
import { parsePoetryDependency, renderRequiresDist } from './dependency';

const at = (name: string) => ['tool', 'poetry', 'dependencies', name];

describe('translatePoetryConstraint', () => {
  it.each([
    ['^1.2.3', '>=1.2.3,<2.0.0'],
    ['^0.2.3', '>=0.2.3,<0.3.0'],
    ['^0.0.3', '>=0.0.3,<0.0.4'],
    ['^0', '>=0,<1'],
    ['^0.0', '>=0.0,<0.1'],
    ['^1.0.0b1', '>=1.0.0b1,<2.0.0'],
    ['~1', '>=1,<2'],
    ['~=1.2.3.4', '>=1.2.3.4,<1.3.0.0'],
    // Wildcards as poetry-core 2.5 writes them (recorded): ==P.*, and >=P.dev0 once narrowed.
    ['1.*', '==1.*'],
    ['0.*', '==0.*'],
    ['1.2.3.*', '==1.2.3.*'],
    ['==3.*,<3.5', '>=3.dev0,<3.5'],
    ['>=1.2.0,<1.3.0', '>=1.2.0,<1.3.0'],
    ['1.*, !=1.5', '==1.*,!=1.5'],
    ['!=1.2.*', '!=1.2.*'],
    ['==1.2.3', '==1.2.3'],
    ['>=1.0,!=1.5.0,<2.0', '>=1.0,!=1.5.0,<2.0'],
    ['*', ''],
  ])('writes %s as poetry-core does: %s', (constraint, specifier) => {
    expect(translatePoetryConstraint(constraint)).toMatchObject({ ok: true, specifier, pep440: true });
  });

  it("keeps poetry-core's || spelling for a union PEP 440 cannot express, and says so", () => {
    expect(translatePoetryConstraint('^1.0 || ^3.0')).toMatchObject({ ok: true, specifier: '>=1.0,<2.0 || >=3.0,<4.0', pep440: false });
  });

  it('reports a constraint that is not one, and one that admits nothing, as data', () => {
    expect(translatePoetryConstraint('abc')).toMatchObject({ ok: false, message: '"abc" is not a Poetry version constraint' });
    expect(translatePoetryConstraint('>=2.0,<1.0')).toMatchObject({ ok: false, message: '">=2.0,<1.0" admits no version at all' });
  });
});

describe('parsePoetryDependency', () => {
  it('exposes a path dependency for the caller to decide, and renders it only with a reference', () => {
    const parsed = parsePoetryDependency('token-lib', { path: '../token-lib', develop: true }, at('token-lib'));
    expect(parsed.requirements[0].source).toEqual({ kind: 'path', path: '../token-lib', develop: true });
    expect(renderRequiresDist(parsed.requirements[0])).toBeUndefined();
    expect(renderRequiresDist(parsed.requirements[0], { specifier: '>=0.1.0,<0.2.0' })).toBe('token-lib (>=0.1.0,<0.2.0)');
    expect(renderRequiresDist(parsed.requirements[0], { url: 'file:///w/token-lib' })).toBe('token-lib @ file:///w/token-lib');
  });

  it('leaves out an optional dependency no extra lists (poetry-core 2.x)', () => {
    const parsed = parsePoetryDependency('rich', { version: '^13', optional: true }, at('rich'));
    expect(renderRequiresDist(parsed.requirements[0])).toBeUndefined();
  });

  it('gates an optional dependency by every extra that lists it', () => {
    const parsed = parsePoetryDependency('rich', { version: '^13', optional: true, markers: 'sys_platform == "linux" or os_name == "nt"' }, at('rich'), {
      CLI: ['Rich'],
      all: ['rich'],
    });
    expect(renderRequiresDist(parsed.requirements[0])).toBe(
      'rich (>=13,<14) ; (sys_platform == "linux" or os_name == "nt") and (extra == "cli" or extra == "all")',
    );
  });

  it('reports every problem of an entry with its key path and a fix', () => {
    const parsed = parsePoetryDependency('foo', { version: '^^1', markers: 'sys_platform ==', extras: 'x', bogus: 1 }, at('foo'));
    expect(parsed.requirements).toEqual([]);
    expect(parsed.problems.map((p) => [p.code, p.keyPath.join('.')])).toEqual([
      ['POETRY_INVALID_DEPENDENCY', 'tool.poetry.dependencies.foo.bogus'],
      ['POETRY_INVALID_DEPENDENCY', 'tool.poetry.dependencies.foo.extras'],
      ['POETRY_INVALID_CONSTRAINT', 'tool.poetry.dependencies.foo.version'],
      ['POETRY_INVALID_MARKER', 'tool.poetry.dependencies.foo.markers'],
    ]);
    expect(parsed.problems.every((p) => p.hint.length > 0)).toBe(true);
  });

  it('refuses a || union that poetry-core would write as invalid PEP 508, at the entry of a list', () => {
    const parsed = parsePoetryDependency('foo', [{ version: '^1.0 || ^3.0', python: '<3.10' }], at('foo'));
    expect(parsed.problems).toMatchObject([{ code: 'POETRY_CONSTRAINT_NOT_PEP508', keyPath: [...at('foo'), 0, 'version'] }]);
  });

  it('reports a value that is neither a string nor a table', () => {
    expect(parsePoetryDependency('foo', 3, at('foo')).problems).toMatchObject([{ code: 'POETRY_INVALID_DEPENDENCY', keyPath: at('foo') }]);
  });
});

describe('renderConstraintSet (a [project] specifier as poetry-core 2.x prints its parsed constraint)', () => {
  // Recorded from poetry-core 2.5.0: str(parse_constraint(spec)).
  it.each([
    ['<30,!=23.1.0,>=22', '>=22,!=23.1.0,<30'],
    ['<3,>=1', '>=1,<3'],
    ['>=1,!=1.5.*', '>=1,<1.5 || >=1.6.dev0'],
    ['==1.*,!=1.5', '>=1.dev0,!=1.5,<2'],
    ['!=1.2.*', '!=1.2.*'],
    ['!=2.0', '!=2.0'],
  ])('%s -> %s', (spec, printed) => {
    const parsed = parsePoetryConstraint(spec);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(renderConstraintSet(parsed.set)).toBe(printed);
  });
});

describe('dependency markers in poetry-core 2.x order', () => {
  // Recorded from poetry-core 2.5.0: Factory.create_dependency('foo', entry).to_pep_508().
  it.each([
    [
      { version: '^1', markers: "implementation_name == 'cpython'", python: '^3.9' },
      'foo (>=1,<2) ; python_version >= "3.9" and python_version < "4.0" and implementation_name == "cpython"',
    ],
    [
      { version: '^1', markers: "implementation_name == 'cpython'", python: '>=3.9' },
      'foo (>=1,<2) ; implementation_name == "cpython" and python_version >= "3.9"',
    ],
    [
      { version: '^1', markers: "os_name == 'nt' or sys_platform == 'win32'", python: '^3.9' },
      'foo (>=1,<2) ; (os_name == "nt" or sys_platform == "win32") and python_version >= "3.9" and python_version < "4.0"',
    ],
    [
      { version: '^1', markers: "os_name == 'nt' and sys_platform == 'win32'", python: '^3.9' },
      'foo (>=1,<2) ; os_name == "nt" and sys_platform == "win32" and python_version >= "3.9" and python_version < "4.0"',
    ],
    [
      { version: '^1', markers: "os_name == '1'", python: '^3.9', platform: 'linux' },
      'foo (>=1,<2) ; python_version >= "3.9" and python_version < "4.0" and os_name == "1" and sys_platform == "linux"',
    ],
    [{ version: '^1', python: '^3.9', platform: 'linux' }, 'foo (>=1,<2) ; python_version >= "3.9" and python_version < "4.0" and sys_platform == "linux"'],
  ])('%j', (entry, line) => {
    const parsed = parsePoetryDependency('foo', entry, at('foo'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.requirements.map((r) => renderRequiresDist(r))).toEqual([line]);
  });
});

describe('a dependency table without version, path, git, url or file (Poetry dependency-options)', () => {
  // Recorded from poetry-core 2.5.0: such an entry is any version (`constraint.get("version", "*")`).
  it.each([
    [{ source: 'private' }, 'foo'],
    [{ markers: "sys_platform == 'linux'" }, 'foo ; sys_platform == "linux"'],
    [{ 'allow-prereleases': true, python: '^3.9' }, 'foo ; python_version >= "3.9" and python_version < "4.0"'],
  ])('%j is any version', (entry, line) => {
    const parsed = parsePoetryDependency('foo', entry, at('foo'));
    expect(parsed.problems).toEqual([]);
    expect(parsed.requirements.map((r) => renderRequiresDist(r))).toEqual([line]);
  });
});
