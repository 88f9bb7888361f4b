import { DEFAULT_BUILD_SYSTEM, parsePep517BuildSystem } from './pep517-build-system';

describe('parsePep517BuildSystem', () => {
  it.each([
    ['no pyproject.toml', undefined, DEFAULT_BUILD_SYSTEM],
    ['no [build-system] table', '[project]\nname = "x"\n', DEFAULT_BUILD_SYSTEM],
    [
      'a full table',
      '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n',
      { requires: ['hatchling'], 'build-backend': 'hatchling.build' },
    ],
    [
      'requires without build-backend keeps requires, legacy backend',
      '[build-system]\nrequires = ["setuptools", "wheel"]\n',
      { requires: ['setuptools', 'wheel'], 'build-backend': 'setuptools.build_meta:__legacy__' },
    ],
    [
      'an in-tree backend',
      '[build-system]\nrequires = []\nbuild-backend = "backend"\nbackend-path = ["_build", "a/../b"]\n',
      { requires: [], 'build-backend': 'backend', 'backend-path': ['_build', 'a/../b'] },
    ],
  ])('reads %s as python -m build does', (_title, text, expected) => {
    expect(parsePep517BuildSystem(text, 'libs/x/pyproject.toml')).toEqual(expected);
  });

  it.each([
    ['a table without requires', '[build-system]\nbuild-backend = "hatchling.build"\n', "[build-system] has no 'requires'"],
    ['requires that is not a list of strings', '[build-system]\nrequires = "hatchling"\n', "'requires' is not a list of strings"],
    ['an unknown key', '[build-system]\nrequires = []\nbackend = "x"\n', '[build-system] has unknown keys: backend'],
    [
      'a backend-path outside the tree',
      '[build-system]\nrequires = []\nbuild-backend = "b"\nbackend-path = ["a/../.."]\n',
      'backend-path entry "a/../.." points outside the project',
    ],
    [
      'an absolute backend-path',
      '[build-system]\nrequires = []\nbuild-backend = "b"\nbackend-path = ["/opt"]\n',
      'backend-path entry "/opt" points outside the project',
    ],
    ['an empty build-backend', '[build-system]\nrequires = []\nbuild-backend = ""\n', "'build-backend' is not a non-empty string"],
    ['broken TOML', '[build-system\n', 'invalid TOML'],
  ])('refuses %s, naming the file', (_title, text, message) => {
    let error: unknown;
    try {
      parsePep517BuildSystem(text, 'libs/x/pyproject.toml');
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'DIST_PEP517_BUILD_SYSTEM', location: { file: 'libs/x/pyproject.toml' } });
    expect((error as Error).message).toContain(message);
  });
});
