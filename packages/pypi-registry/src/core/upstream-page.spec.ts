import { versionFromFilename } from './filename-version';
import { parseProjectPage, parseRootPage, UpstreamPageError } from './upstream-page';

const PAGE = 'https://mirror.example/simple/foo/';

describe('parseProjectPage', () => {
  it('reads PEP 503 HTML: resolved URLs without fragment, the fragment hash, decoded attributes, yanked', () => {
    const html =
      '<html><body><h1>Links for foo</h1>\n' +
      '<a href="../../packages/foo/1.0/foo-1.0.tar.gz#SHA256=ABCD" data-requires-python="&gt;=3.8,&lt;4" >foo-1.0.tar.gz</a><br/>\n' +
      "<A HREF='https://files.example/f/foo-1.1-py3-none-any.whl#md5=0f' data-yanked>\n  foo-1.1-py3-none-any.whl </A>\n" +
      '<a href="/x/foo-0.9.zip" data-yanked="broken &amp; bad">foo-0.9.zip</a>\n' +
      '<a name="no-href">ignored anchor without a link</a>\n' +
      '</body></html>';
    expect(parseProjectPage(html, 'text/html; charset=utf-8', PAGE)).toEqual([
      { filename: 'foo-1.0.tar.gz', url: 'https://mirror.example/packages/foo/1.0/foo-1.0.tar.gz', hashes: { sha256: 'abcd' }, requiresPython: '>=3.8,<4' },
      { filename: 'foo-1.1-py3-none-any.whl', url: 'https://files.example/f/foo-1.1-py3-none-any.whl', hashes: { md5: '0f' }, yanked: '' },
      { filename: 'foo-0.9.zip', url: 'https://mirror.example/x/foo-0.9.zip', hashes: {}, yanked: 'broken & bad' },
    ]);
  });

  it('reads PEP 691 JSON: hashes, requires-python, yanked, size and upload time', () => {
    const json = JSON.stringify({
      meta: { 'api-version': '1.1' },
      name: 'foo',
      files: [
        {
          filename: 'foo-1.0.tar.gz',
          url: '../../packages/foo-1.0.tar.gz',
          hashes: { sha256: 'AB' },
          'requires-python': '>=3.9',
          yanked: 'old',
          size: 12,
          'upload-time': '2030-01-01T00:00:00Z',
        },
        { filename: 'foo-2.0.tar.gz', url: 'foo-2.0.tar.gz#frag', hashes: {}, 'requires-python': null, yanked: false },
      ],
    });
    expect(parseProjectPage(json, 'application/vnd.pypi.simple.v1+json', PAGE)).toEqual([
      {
        filename: 'foo-1.0.tar.gz',
        url: 'https://mirror.example/packages/foo-1.0.tar.gz',
        hashes: { sha256: 'ab' },
        requiresPython: '>=3.9',
        yanked: 'old',
        size: 12,
        uploadTime: '2030-01-01T00:00:00Z',
      },
      { filename: 'foo-2.0.tar.gz', url: 'https://mirror.example/simple/foo/foo-2.0.tar.gz', hashes: {} },
    ]);
  });

  it('fails on JSON that is not a PEP 691 page', () => {
    expect(() => parseProjectPage('{"files": 3}', 'application/vnd.pypi.simple.v1+json', PAGE)).toThrow(UpstreamPageError);
    expect(() => parseProjectPage('<html', 'application/vnd.pypi.simple.v1+json', PAGE)).toThrow(/invalid PEP 691 JSON/);
  });
});

describe('parseRootPage', () => {
  it('gives normalized, sorted, distinct names from HTML or JSON', () => {
    expect(parseRootPage('<a href="/simple/zope-interface/">zope.interface</a><a href="django/">Django</a><a href="x/">django</a>', 'text/html')).toEqual([
      'django',
      'zope-interface',
    ]);
    expect(parseRootPage('{"meta":{"api-version":"1.0"},"projects":[{"name":"Foo_Bar"}]}', 'application/vnd.pypi.simple.v1+json')).toEqual(['foo-bar']);
  });
});

describe('versionFromFilename', () => {
  it.each([
    ['foo', 'foo-1.0-py3-none-any.whl', '1.0'],
    ['foo-bar', 'foo_bar-2.0b1-1-cp312-cp312-linux_x86_64.whl', '2.0b1'],
    ['foo-bar', 'foo-bar-3.1.tar.gz', '3.1'],
    ['zope-interface', 'zope.interface-5.0.zip', '5.0'],
    ['foo', 'foo-1.0-py3.8.egg', '1.0'],
    ['foo', 'other-4.0.tar.gz', '4.0'],
    ['foo', 'weird.tar.gz', 'unknown'],
  ])('%s / %s -> %s', (project, filename, version) => expect(versionFromFilename(project, filename)).toBe(version));
});
