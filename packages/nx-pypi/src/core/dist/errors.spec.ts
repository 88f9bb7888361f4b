import { NxPypiError } from '../../errors';
import { DistBuildError, locateBuildError } from './errors';

const FILE = 'libs/token-lib/pyproject.toml';
const TEXT =
  '[project]\nname = "token-lib"\nversion = "0.1.0"\nlicense = { file = "docs/LICENSE.txt" }\n\n[tool.poetry]\npackages = [\n  { include = "token_lib" },\n  { include = "extra", from = "src" },\n]\n';
const render = (err: unknown) => (err as NxPypiError).render();

describe('locateBuildError: a build error about a pyproject.toml key gets the key line:col', () => {
  it('points at the value of the key the error names', () => {
    const err = new DistBuildError('license file docs/LICENSE.txt does not exist.', {
      code: 'DIST_LICENSE_MISSING',
      location: { file: FILE, keyPath: 'project.license.file' },
      hint: 'Create it.',
    });
    expect(render(locateBuildError(err, TEXT, FILE))).toBe(`${FILE}:4:20 [project.license.file] license file docs/LICENSE.txt does not exist.\n  Create it.`);
  });

  it('finds an entry of an array of tables by its index', () => {
    const err = new DistBuildError('package src/extra/ does not exist', { code: 'X', location: { file: FILE, keyPath: 'tool.poetry.packages[1].include' } });
    expect(render(locateBuildError(err, TEXT, FILE))).toMatch(/^libs\/token-lib\/pyproject\.toml:9:15 /);
  });

  it('leaves alone an error about another file, one with a line already, one about a key the file does not write, and any other error', () => {
    const other = new DistBuildError('x', { code: 'X', location: { file: 'libs/token-lib/README.md', keyPath: 'project.readme' } });
    const located = new DistBuildError('x', { code: 'X', location: { file: FILE, keyPath: 'project.name', line: 2, column: 8 } });
    const unwritten = new DistBuildError('x', { code: 'X', location: { file: FILE, keyPath: 'tool.hatch.build' } });
    const plain = new Error('boom');
    for (const err of [other, located, unwritten, plain]) expect(locateBuildError(err, TEXT, FILE)).toBe(err);
  });
});
