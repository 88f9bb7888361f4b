import { classifyUploadResponse, describeUploadFailure, extractServerMessage, type UploadContext, type UploadResponse } from './classify-upload-response';

const NOW = Date.parse('2026-11-25T10:00:00Z');
const context: UploadContext = {
  filename: 'token_lib-1.2.0-py3-none-any.whl',
  url: 'https://nexus.example.com/repository/pypi-hosted/',
  username: 'deployer',
  passwordSource: 'environment variable NEXUS_PASSWORD',
};

function errorPage(message: string): string {
  return `<html><body><div class="nexus-body"><div class="content-body">\n<div class="content-section">\n      ${message}\n    </div></div></div></body></html>`;
}

function response(status: number, reason = '', body = '', extra: Partial<UploadResponse> = {}): UploadResponse {
  return { status, reason, body, ...extra };
}

describe('classifyUploadResponse', () => {
  it.each([
    ['200 empty body', response(200, 'OK'), 'stored'],
    ['201', response(201), 'stored'],
    ['409', response(409, 'Conflict'), 'check-index'],
    ['Nexus orient refusal in the reason phrase', response(400, 'Repository does not allow updating assets: pypi-hosted'), 'check-index'],
    [
      'Nexus datastore refusal only in the body',
      response(400, 'Bad Request', errorPage('pypi-hosted/packages/a/1/a-1.tar.gz cannot be updated')),
      'check-index',
    ],
    ['generic 400', response(400, 'Bad Request', errorPage('something else')), 'rejected'],
    ['429', response(429, 'Too Many Requests', '', { retryAfter: '3' }), 'retry'],
    ['500', response(500), 'retry'],
    ['503', response(503, 'Repository offline'), 'retry'],
    ['501', response(501), 'rejected'],
    ['401', response(401), 'rejected'],
    ['403', response(403), 'rejected'],
    ['404', response(404), 'rejected'],
    ['413', response(413), 'rejected'],
    ['302', response(302, 'Found', '', { location: 'https://h/repository/pypi-hosted/' }), 'rejected'],
  ])('%s -> %s', (_, answer, kind) => {
    expect(classifyUploadResponse(answer, context, NOW).kind).toBe(kind);
  });

  it('passes Retry-After on as milliseconds', () => {
    expect(classifyUploadResponse(response(429, '', '', { retryAfter: '3' }), context, NOW)).toEqual({
      kind: 'retry',
      detail: '429',
      retryAfterMs: 3000,
    });
  });
});

describe('describeUploadFailure', () => {
  const render = (answer: UploadResponse, ctx = context, attempts = 1, stoppedBecause?: string) =>
    describeUploadFailure(answer, ctx, attempts, stoppedBecause).render();

  it('401 names the user and the password source, never the password', () => {
    expect(render(response(401, 'Unauthorized'))).toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ refused the credentials for token_lib-1.2.0-py3-none-any.whl (401): user "deployer" with the password from environment variable NEXUS_PASSWORD
  check the username and the password in environment variable NEXUS_PASSWORD; a Nexus user token is sent as username and password"
`);
    expect(render(response(401), { ...context, username: undefined, passwordSource: undefined })).toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ requires a login to upload token_lib-1.2.0-py3-none-any.whl (401): no credentials were sent
  set usernameEnv and passwordEnv for this repository in nx-pypi.json and export those variables"
`);
  });

  it('403 names both causes: the password and where it came from, or the missing privilege', () => {
    expect(render(response(403, 'Forbidden', errorPage('Forbidden')))).toMatchInlineSnapshot(`
"user "deployer" (password from environment variable NEXUS_PASSWORD) may not upload token_lib-1.2.0-py3-none-any.whl to https://nexus.example.com/repository/pypi-hosted/ (403): Forbidden
  either the password is wrong (some servers and proxies answer 403 rather than 401): check the username "deployer" and the password in environment variable NEXUS_PASSWORD; or the user lacks the Nexus privilege nx-repository-view-pypi-pypi-hosted-add: ask the Nexus administrator to grant it (or a role holding it) to "deployer""
`);
    expect(render(response(403, 'Forbidden'), { ...context, username: undefined, passwordSource: undefined })).toMatchInlineSnapshot(`
"the anonymous user may not upload token_lib-1.2.0-py3-none-any.whl to https://nexus.example.com/repository/pypi-hosted/ (403): Forbidden
  no credentials were sent: set usernameEnv and passwordEnv for this repository in nx-pypi.json and export those variables, or have the Nexus administrator grant nx-repository-view-pypi-pypi-hosted-add to the anonymous user"
`);
  });

  it('429 whose Retry-After is longer than maxDelayMs says so, and how to wait longer', () => {
    expect(render(response(429, 'Too Many Requests'), context, 1, 'the server asked to wait 120 s, more than maxDelayMs (30000 ms)')).toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ refused token_lib-1.2.0-py3-none-any.whl: too many requests (429); the server asked to wait 120 s, more than maxDelayMs (30000 ms)
  the repository or a proxy in front of it limits the request rate: publish again later (files already uploaded are skipped), or raise retry.maxDelayMs in the publish target options to wait as long as the server asks"
`);
    expect(render(response(429, 'Too Many Requests'), context, 5)).toContain('too many requests (429, after 5 attempts)');
  });

  it('404 points at the hosted repository, or at the content when Nexus says so', () => {
    expect(render(response(404, 'Not Found'))).toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ has no upload endpoint for token_lib-1.2.0-py3-none-any.whl (404): Not Found
  upload to uploadUrl, the hosted one (…/repository/<hosted>/): group and proxy repositories, /simple/ URLs and unknown repository names answer 404"
`);
    expect(render(response(404, 'Not Found', errorPage('Detected content type [text/plain], but expected [application/zip]: /packages/a/1/a.whl'))))
      .toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ refused token_lib-1.2.0-py3-none-any.whl: its bytes are not what its name says (404): Detected content type [text/plain], but expected [application/zip]: /packages/a/1/a.whl
  rebuild the artifact: Nexus strict content validation checks that a .whl is a zip and a .tar.gz is gzip"
`);
  });

  it('3xx says the URL probably lacks its trailing slash', () => {
    expect(render(response(301, 'Moved', '', { location: 'https://u:p@h/repository/pypi-hosted/' }))).toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ answered the upload of token_lib-1.2.0-py3-none-any.whl with a redirect (301 to https://h/repository/pypi-hosted/)
  uploads are never redirected: the URL probably lacks its trailing slash; use the hosted repository URL ending in "/" (…/repository/<hosted>/)"
`);
  });

  it('413, 5xx after retries, and the missing-slash 400', () => {
    expect(render(response(413, 'Request Entity Too Large', '<html><body><h1>413 Request Entity Too Large</h1><hr>nginx</body></html>')))
      .toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ refused token_lib-1.2.0-py3-none-any.whl as too large (413): 413 Request Entity Too Large nginx
  a proxy in front of the repository limits the body size (e.g. nginx client_max_body_size); raise that limit"
`);
    expect(render(response(503, 'Service Unavailable', errorPage('Repository offline')), context, 5)).toMatchInlineSnapshot(`
"https://nexus.example.com/repository/pypi-hosted/ failed to store token_lib-1.2.0-py3-none-any.whl (503, after 5 attempts): Repository offline
  the repository is failing or offline; check its status and logs, then publish again (files already uploaded are skipped)"
`);
    expect(describeUploadFailure(response(400, "Repository path must have another '/' after initial '/'"), context).code).toBe('UPLOAD_URL_NO_SLASH');
    expect(describeUploadFailure(response(400, 'Bad Request', errorPage('Digests do not match, found: aa, expected: bb')), context).code).toBe(
      'UPLOAD_DIGEST_MISMATCH',
    );
    expect(describeUploadFailure(response(400, 'Repository is read only: pypi-hosted'), context).code).toBe('UPLOAD_READ_ONLY');
  });
});

describe('extractServerMessage', () => {
  it.each([
    ['the error page section, entities decoded', { reason: 'Bad Request', body: errorPage('a &lt;b&gt; &amp; c') }, 'a <b> & c'],
    ['a custom reason phrase', { reason: 'Repository offline', body: '' }, 'Repository offline'],
    ['the text of another body', { reason: 'Bad Request', body: '<h1>Oops</h1><p>broken</p>' }, 'Oops broken'],
    ['a generic reason when there is nothing else', { reason: 'Bad Request', body: '' }, 'Bad Request'],
  ])('%s', (_, answer, expected) => {
    expect(extractServerMessage(answer)).toBe(expected);
  });
});
