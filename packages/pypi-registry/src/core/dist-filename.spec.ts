import { checkDistFilename } from './dist-filename';
import { checkContentType } from './content-type';
import { normalizeProjectName } from './normalize-name';
import { normalizeVersion } from './normalize-version';

describe('normalizeProjectName', () => {
  it.each([
    ['Foo_Bar', 'foo-bar'],
    ['foo.._--bar', 'foo-bar'],
    ['A.B-C_D', 'a-b-c-d'],
  ])('%s -> %s', (name, expected) => expect(normalizeProjectName(name)).toBe(expected));
});

describe('normalizeVersion', () => {
  it.each([
    ['1.0', '1.0'],
    ['v1.0.0-ALPHA.1', '1.0.0a1'],
    ['1.0c2', '1.0rc2'],
    ['1.0-preview', '1.0rc0'],
    ['1.0-1', '1.0.post1'],
    ['1.0_rev3', '1.0.post3'],
    ['1.0.DEV', '1.0.dev0'],
    ['0!01.02', '1.2'],
    ['2!1.0+Ubuntu-1_a', '2!1.0+ubuntu.1.a'],
    ['not a version', undefined],
  ])('%s -> %s', (version, expected) => expect(normalizeVersion(version)).toBe(expected));
});

describe('checkDistFilename', () => {
  it.each([
    ['foo_bar-1.0-py3-none-any.whl', 'Foo.Bar', '1.0', 'bdist_wheel'],
    ['foo_bar-1.0-1build-py3-none-any.whl', 'foo-bar', '1.0', 'bdist_wheel'],
    ['foo_bar-1.0.tar.gz', 'foo-bar', '1.0', 'sdist'],
    ['markdown-it-py-4.2.0.tar.gz', 'markdown-it-py', '4.2.0', 'sdist'],
    ['Foo-1.0RC1.zip', 'foo', '1.0rc1', 'sdist'],
    ['foo-1.0a1-py3-none-any.whl', 'foo', '1.0-ALPHA.1', 'bdist_wheel'],
    ['foo-bar-2.0.post1.tar.gz', 'foo-bar', '2.0-1', 'sdist'],
  ])('accepts %s for %s %s', (filename, name, version, filetype) => {
    expect(checkDistFilename(filename, name, version, filetype)).toEqual([]);
  });

  it.each([
    ['foo-1.0-py3-none-any.whl', 'bar', '1.0', 'bdist_wheel', ['Filename foo-1.0-py3-none-any.whl does not match name bar: expected project bar']],
    ['foo-1.0-py3-none-any.whl', 'foo', '1.1', 'bdist_wheel', ['Filename foo-1.0-py3-none-any.whl does not match version 1.1']],
    ['foo-1.0.tar.gz', 'foo', '1.0', undefined, ['Filename foo-1.0.tar.gz does not match filetype (missing): expected sdist']],
    ['foo-1.0-any.whl', 'foo', '1.0', 'bdist_wheel', ['Filename foo-1.0-any.whl is not a valid wheel filename for version 1.0']],
    ['foo-1.0.egg', 'foo', '1.0', 'bdist_egg', ['Filename foo-1.0.egg is not a wheel (.whl) or an sdist (.tar.gz, .zip)']],
  ])('rejects %s for %s %s', (filename, name, version, filetype, problems) => {
    expect(checkDistFilename(filename, name, version, filetype)).toEqual(problems);
  });
});

describe('checkContentType', () => {
  it.each([
    ['a.whl', 'PK\x03\x04rest', undefined],
    ['a.tar.gz', '\x1f\x8brest', undefined],
    ['a.tar.gz', 'PK\x03\x04', 'Detected content type [application/zip], but expected [application/x-gzip]: /p'],
    ['a.zip', 'hello', 'Detected content type [application/octet-stream], but expected [application/zip]: /p'],
    ['a.asc', 'anything', undefined],
  ])('%s starting with %j', (filename, head, expected) => {
    expect(checkContentType(filename, Buffer.from(head, 'latin1'), '/p')).toBe(expected);
  });
});
