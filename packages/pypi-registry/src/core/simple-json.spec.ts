import { prefersSimpleJson } from './simple-json';
import { renderErrorPage, renderReasonPhrase } from './error-page';

describe('prefersSimpleJson', () => {
  it.each([
    [undefined, false],
    ['text/html', false],
    ['application/vnd.pypi.simple.v1+json', true],
    // pip's header
    ['application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01', true],
    ['text/html, application/vnd.pypi.simple.v1+json;q=0.5', false],
    ['application/vnd.pypi.simple.v1+json;q=0', false],
    ['*/*', false],
  ])('%j -> %s', (accept, expected) => expect(prefersSimpleJson(accept)).toBe(expected));
});

describe('error page', () => {
  it('puts the escaped message in the content section and the standard phrase in the header', () => {
    const page = renderErrorPage(400, 'a <b> & "c"');
    expect(page).toContain('<span class="title">Error 400</span>\n    <span class="description">Bad Request</span>');
    expect(page).toContain('<div class="content-section">\n      a &lt;b&gt; &amp; &quot;c&quot;\n    </div>');
  });

  it('replaces characters a status line cannot carry', () => {
    expect(renderReasonPhrase(400, 'r/packages/ä/1/x\r\n')).toBe('r/packages/?/1/x??');
    expect(renderReasonPhrase(403, undefined)).toBe('Forbidden');
  });
});
