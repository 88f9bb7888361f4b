import { computeDistNames, isStaleArtifact } from './filenames';
import { computeBuildEpoch, DEFAULT_BUILD_EPOCH } from './timestamps';

describe('computeDistNames', () => {
  it.each([
    ['token-lib', '0.1.0', 'token_lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl'],
    ['Token_Lib', '1.0.0a1', 'token_lib-1.0.0a1.tar.gz', 'token_lib-1.0.0a1-py3-none-any.whl'],
    ['zope.interface', '6.0.post1', 'zope_interface-6.0.post1.tar.gz', 'zope_interface-6.0.post1-py3-none-any.whl'],
  ])('%s %s -> %s, %s', (name, version, sdist, wheel) => {
    const names = computeDistNames(name, version);
    expect([names.sdistFilename, names.wheelFilename]).toEqual([sdist, wheel]);
    expect(names.distInfoDir).toBe(`${sdist.replace('.tar.gz', '')}.dist-info`);
  });
});

describe('isStaleArtifact', () => {
  const keep = ['token_lib-0.2.0.tar.gz', 'token_lib-0.2.0-py3-none-any.whl'];
  it.each([
    ['token_lib-0.1.0.tar.gz', true],
    ['token_lib-0.1.0-py3-none-any.whl', true],
    ['token-lib-0.1.0.tar.gz', true],
    ['Token.Lib-0.1.0.tar.gz', true],
    ['token_lib-0.2.0.tar.gz', false],
    ['token_lib-0.2.0-py3-none-any.whl', false],
    ['token_lib_extra-0.1.0.tar.gz', false],
    ['token-lib-extra-0.1.0.tar.gz', false],
    ['other-0.1.0.tar.gz', false],
    ['token_lib-notes.txt', false],
  ])('%s -> %s', (file, stale) => {
    expect(isStaleArtifact(file, 'token_lib', keep)).toBe(stale);
  });
});

describe('computeBuildEpoch', () => {
  it.each([
    [undefined, DEFAULT_BUILD_EPOCH, false],
    ['', DEFAULT_BUILD_EPOCH, false],
    ['1700000001', 1700000000, false],
    ['1700000000', 1700000000, false],
    ['12', DEFAULT_BUILD_EPOCH, true],
    ['yesterday', DEFAULT_BUILD_EPOCH, true],
    ['99999999999', 4354819198, true],
  ])('SOURCE_DATE_EPOCH=%s -> %d (warning: %s)', (value, epoch, warns) => {
    const result = computeBuildEpoch(value);
    expect(result.epochSeconds).toBe(epoch);
    expect(result.warning !== undefined).toBe(warns);
  });
});
