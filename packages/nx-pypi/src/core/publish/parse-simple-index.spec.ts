import { NxPypiError } from '../../errors';
import { findIndexFile, parseSimpleIndex, parseSimpleIndexHtml, parseSimpleIndexJson } from './parse-simple-index';

const PAGE = 'https://nexus.example.com/repository/pypi-hosted/simple/token-lib/';

// The shape of Nexus's hosted page (pypi-index.vm): relative links, one hash fragment each.
const NEXUS_HTML = `<html lang="en">
<head><title>Links for token-lib</title>
  <meta name="api-version" value="2"/>
</head>
<body><h1>Links for token-lib</h1>
    <a href="../../packages/token-lib/1.2.0/token_lib-1.2.0-py3-none-any.whl#sha256=ABCDEF0123" rel="internal" data-requires-python="&gt;=3.9" >token_lib-1.2.0-py3-none-any.whl</a><br/>
    <a href="../../packages/token-lib/1.1.0/token_lib-1.1.0.tar.gz#md5=0f0f" rel="internal" >token_lib-1.1.0.tar.gz</a><br/>
    <a href='../../packages/token-lib/1.0.0/token_lib-1.0.0.tar.gz' >token_lib-1.0.0.tar.gz</a>
</body>
</html>`;

describe('parseSimpleIndexHtml', () => {
  it('resolves relative links against the page URL and reads sha256 and md5 fragments', () => {
    const files = parseSimpleIndexHtml(NEXUS_HTML, PAGE);
    expect([...files.values()]).toEqual([
      {
        filename: 'token_lib-1.2.0-py3-none-any.whl',
        url: 'https://nexus.example.com/repository/pypi-hosted/packages/token-lib/1.2.0/token_lib-1.2.0-py3-none-any.whl',
        hashes: { sha256: 'abcdef0123' },
        requiresPython: '>=3.9',
      },
      {
        filename: 'token_lib-1.1.0.tar.gz',
        url: 'https://nexus.example.com/repository/pypi-hosted/packages/token-lib/1.1.0/token_lib-1.1.0.tar.gz',
        hashes: { md5: '0f0f' },
      },
      {
        filename: 'token_lib-1.0.0.tar.gz',
        url: 'https://nexus.example.com/repository/pypi-hosted/packages/token-lib/1.0.0/token_lib-1.0.0.tar.gz',
        hashes: {},
      },
    ]);
  });

  it('honours <base href>, decodes entities in names and takes the URL path when the text is empty', () => {
    const html =
      '<base href="https://files.example.com/root/"><a href="a/x%2By-1.0.tar.gz#sha256=11"></a><a HREF="b/q&amp;r-1.0.tar.gz">q&amp;r-1.0.tar.gz</a>';
    const files = parseSimpleIndexHtml(html, PAGE);
    expect(files.get('x+y-1.0.tar.gz')?.url).toBe('https://files.example.com/root/a/x%2By-1.0.tar.gz');
    expect(files.get('q&r-1.0.tar.gz')?.url).toBe('https://files.example.com/root/b/q&r-1.0.tar.gz');
  });

  it('keeps the first listing of a filename, as a Nexus group merge does', () => {
    const html = '<a href="/one/a-1.tar.gz#sha256=01">a-1.tar.gz</a><a href="/two/a-1.tar.gz#sha256=02">a-1.tar.gz</a>';
    expect(parseSimpleIndexHtml(html, PAGE).get('a-1.tar.gz')?.hashes).toEqual({ sha256: '01' });
  });

  it('fails naming the page when a link is not a URL', () => {
    expect(() => parseSimpleIndexHtml('<a href="http://[bad">x</a>', PAGE)).toThrow(/lists a link that is not a URL/);
  });
});

describe('parseSimpleIndexJson', () => {
  it('reads PEP 691 files with hashes and requires-python, resolving relative URLs', () => {
    const json = JSON.stringify({
      meta: { 'api-version': '1.1' },
      name: 'token-lib',
      files: [
        { filename: 'token_lib-1.2.0.tar.gz', url: '../../packages/t/token_lib-1.2.0.tar.gz', hashes: { SHA256: 'AB', md5: 'cd' }, 'requires-python': '>=3.9' },
      ],
    });
    expect(parseSimpleIndexJson(json, PAGE).get('token_lib-1.2.0.tar.gz')).toEqual({
      filename: 'token_lib-1.2.0.tar.gz',
      url: 'https://nexus.example.com/repository/pypi-hosted/packages/t/token_lib-1.2.0.tar.gz',
      hashes: { sha256: 'ab', md5: 'cd' },
      requiresPython: '>=3.9',
    });
  });

  it('refuses JSON that is not a project page', () => {
    expect(() => parseSimpleIndexJson('{"projects": []}', PAGE)).toThrow(/no "files" array/);
    expect(() => parseSimpleIndexJson('not json', PAGE)).toThrow(NxPypiError);
  });
});

describe('parseSimpleIndex', () => {
  it.each([
    ['application/vnd.pypi.simple.v1+json', '{"files":[{"filename":"a-1.tar.gz","url":"a","hashes":{}}]}'],
    ['text/html', '<a href="a">a-1.tar.gz</a>'],
    ['application/vnd.pypi.simple.v1+html; charset=utf-8', '<a href="a">a-1.tar.gz</a>'],
    [undefined, '<a href="a">a-1.tar.gz</a>'],
  ])('picks the parser for %s', (type, body) => {
    expect([...parseSimpleIndex(type, body, PAGE).keys()]).toEqual(['a-1.tar.gz']);
  });

  it('refuses other content types, naming the redacted URL', () => {
    expect(() => parseSimpleIndex('application/json', '{}', 'https://u:secret@h/simple/a/')).toThrow('https://h/simple/a/ answered with application/json');
  });
});

describe('findIndexFile', () => {
  it('matches exactly first, then ignoring case', () => {
    const files = parseSimpleIndexHtml('<a href="x">Token_Lib-1.0.tar.gz</a>', PAGE);
    expect(findIndexFile(files, 'token_lib-1.0.tar.gz')?.filename).toBe('Token_Lib-1.0.tar.gz');
    expect(findIndexFile(files, 'other-1.0.tar.gz')).toBeUndefined();
  });
});
