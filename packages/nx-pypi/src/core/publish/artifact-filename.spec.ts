import { NxPypiError } from '../../errors';
import { parseArtifactFilename } from './artifact-filename';

describe('parseArtifactFilename', () => {
  it.each([
    ['token_lib-1.2.0-py3-none-any.whl', 'bdist_wheel', 'py3', 'token_lib', '1.2.0'],
    ['six-1.16.0-py2.py3-none-any.whl', 'bdist_wheel', 'py2.py3', 'six', '1.16.0'],
    ['numpy-2.1.0-1-cp312-cp312-manylinux_2_17_x86_64.whl', 'bdist_wheel', 'cp312', 'numpy', '2.1.0'],
    ['token_lib-1.2.0.tar.gz', 'sdist', 'source', 'token_lib', '1.2.0'],
    ['markdown-it-py-4.2.0.tar.gz', 'sdist', 'source', 'markdown-it-py', '4.2.0'],
    ['legacy-0.1.zip', 'sdist', 'source', 'legacy', '0.1'],
  ])('%s', (filename, filetype, pyversion, distribution, version) => {
    expect(parseArtifactFilename(filename)).toEqual({ filetype, pyversion, distribution, version });
  });

  it.each([
    ['a-1.0-py3-none.whl', 'ARTIFACT_BAD_FILENAME'],
    ['a-1.0-x-py3-none-any.whl', 'ARTIFACT_BAD_FILENAME'],
    ['a.tar.gz', 'ARTIFACT_BAD_FILENAME'],
    ['a-1.0.tar.bz2', 'ARTIFACT_UNKNOWN_TYPE'],
    ['a-1.0-py3.6.egg', 'ARTIFACT_UNKNOWN_TYPE'],
  ])('refuses %s with %s', (filename, code) => {
    expect(() => parseArtifactFilename(filename)).toThrow(NxPypiError);
    try {
      parseArtifactFilename(filename);
    } catch (error) {
      expect((error as NxPypiError).code).toBe(code);
    }
  });
});
