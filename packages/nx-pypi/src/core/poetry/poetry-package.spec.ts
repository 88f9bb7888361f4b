import { PyProjectError } from '../pyproject/errors';
import { readPoetryDynamicVersion } from './poetry-package';

const PATH = 'libs/verpkg/pyproject.toml';
const BUILD_SYSTEM = '\n[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n';
const poetry2 = (poetryTable: string, buildSystem = BUILD_SYSTEM) =>
  `[project]\nname = "verpkg"\ndynamic = ["version"]\n\n[tool.poetry]\n${poetryTable}${buildSystem}`;

function renderedError(text: string): string {
  try {
    readPoetryDynamicVersion(text, PATH);
  } catch (err) {
    if (err instanceof PyProjectError) return err.render();
    throw err;
  }
  throw new Error('no error');
}

describe('readPoetryDynamicVersion: Poetry 2 keeps a dynamic version in [tool.poetry]', () => {
  it('reads [tool.poetry].version, normalized as poetry-core builds it', () => {
    expect(readPoetryDynamicVersion(poetry2('version = "1.2.0-rc.1"\n'), PATH)).toEqual({ version: '1.2.0rc1', rawVersion: '1.2.0-rc.1' });
  });

  it.each([
    ['a static [project] version', '[project]\nname = "verpkg"\nversion = "1.0"\n\n[tool.poetry]\nversion = "2.0"\n' + BUILD_SYSTEM],
    ['a version [project] does not list as dynamic', '[project]\nname = "verpkg"\ndynamic = ["readme"]\n\n[tool.poetry]\nversion = "2.0"\n' + BUILD_SYSTEM],
    ['another backend', poetry2('version = "2.0"\n', '\n[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n')],
    [
      'a version poetry-dynamic-versioning computes',
      poetry2(
        'version = "0.0.0"\n',
        '\n[build-system]\nrequires = ["poetry-core", "poetry-dynamic-versioning>=1,<2"]\nbuild-backend = "poetry.core.masonry.api"\n',
      ),
    ],
    ['a Poetry 1.x project', '[tool.poetry]\nname = "verpkg"\nversion = "2.0"\n' + BUILD_SYSTEM],
  ])('is not the layout for %s', (_title, text) => {
    expect(readPoetryDynamicVersion(text, PATH)).toBeUndefined();
  });

  it('names the file, the line and the fix when [tool.poetry] has no version', () => {
    expect(renderedError(poetry2('packages = [{ include = "verpkg" }]\n'))).toBe(
      `${PATH}:3:11 [project.dynamic] lists version, and [tool.poetry] has no version for poetry-core to take\n` +
        '  set version = "0.1.0" in [tool.poetry], or move it to [project] and take "version" out of dynamic',
    );
  });

  it('names the key and the line of an invalid version', () => {
    expect(renderedError(poetry2('version = "one point two"\n'))).toMatch(
      /^libs\/verpkg\/pyproject\.toml:6:11 \[tool\.poetry\.version\] "one point two" is not a valid PEP 440 version/,
    );
  });
});
