/**
 * Uploads the registry cannot use: malformed part headers and names too long to store. Each must
 * get a prompt answer over the same TLS connection, and none may be logged as a bug.
 */
import { Agent } from 'node:https';
import type { RunningRegistry } from '../start-registry';
import { publisherAuth, send } from '../test-support/https-client';
import { fakeArchive, uploadForm, type Form } from '../test-support/upload-form';
import { errorSection, postForm, startTempRegistry, stopTempRegistry } from '../test-support/temp-registry';

// Well above a healthy answer on a busy 2-core machine, well below Jest's own 5 s timeout.
const ANSWER_WITHIN_MS = 3000;

/** A twine-like form whose `content` part carries `headerLines` as its part header, written raw. */
function formWithContentHeader(headerLines: string[], contentBytes = 512): Form {
  const boundary = 'registry-test-bad-header';
  const field = (name: string, value: string): string => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const fields = [field('name', 'bad'), field('version', '1.0'), field('filetype', 'sdist'), field(':action', 'file_upload')].join('');
  return {
    body: Buffer.concat([
      Buffer.from(`${fields}--${boundary}\r\n${headerLines.join('\r\n')}\r\n\r\n`),
      fakeArchive('bad-1.0.tar.gz', contentBytes),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${boundary}`,
  };
}

function postWithin(registry: RunningRegistry, form: Form, agent?: Agent) {
  return send(registry, '/repository/pypi-hosted/', {
    method: 'POST',
    body: form.body,
    headers: { 'Content-Type': form.contentType },
    auth: publisherAuth(registry),
    timeoutMs: ANSWER_WITHIN_MS,
    ...(agent ? { agent } : {}),
  });
}

describe('uploads the registry cannot use', () => {
  let registry: RunningRegistry;
  const errors: string[] = [];
  beforeAll(async () => {
    registry = await startTempRegistry({ logError: (line) => errors.push(line) });
  });
  afterEach(() => expect(errors.splice(0)).toEqual([]));
  afterAll(() => stopTempRegistry(registry));

  const disposition = 'Content-Disposition: form-data; name="content"; filename="bad-1.0.tar.gz"';
  // Nexus answers a form it cannot use with a bare 500 (NEXUS-PYPI.md 1.5, 7). Apache
  // commons-fileupload, which Nexus parses with, would skip a header line without a colon; this
  // registry's parser cannot, so it treats such a form like every other malformed one.
  it.each([
    ['a header line without a colon', [disposition, 'this line has no colon']],
    ['a header name with a space in it', ['Content Disposition: form-data; name="content"; filename="bad-1.0.tar.gz"']],
    ['a part header over 16 KiB', [disposition, `X-Padding: ${'p'.repeat(17 * 1024)}`]],
    ['a Content-Disposition without a name', ['Content-Disposition: form-data; filename="bad-1.0.tar.gz"']],
    ['a Content-Disposition that is not form-data', ['Content-Disposition: attachment; name="content"; filename="bad-1.0.tar.gz"']],
    ['no Content-Disposition at all', ['Content-Type: application/octet-stream']],
  ])('answers the bare 500 of a malformed form, promptly, to %s', async (_what, headerLines) => {
    const response = await postWithin(registry, formWithContentHeader(headerLines));
    expect([response.status, response.reason, errorSection(response.body)]).toEqual([500, 'Internal Server Error', 'Internal Server Error']);
    expect(registry.uploads().at(-1)).toMatchObject({ outcome: 'malformed', status: 500 });
  });

  it('reads past a malformed part header, so a large upload ends and the connection serves the next request', async () => {
    // The rest of a 4 MB body is still on its way when the header is refused; one kept-alive
    // connection for both requests.
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const refused = await postWithin(registry, formWithContentHeader([disposition, 'no colon'], 4 * 1024 * 1024), agent);
      expect(refused.status).toBe(500);
      expect((await postWithin(registry, uploadForm('after', '1.0', 'after-1.0.tar.gz'), agent)).status).toBe(200);
    } finally {
      agent.destroy();
    }
  });

  // The temp data directory is on a file system taking 255-byte names (ext4, tmpfs, APFS ...);
  // the store keeps `<filename>.json` next to each file, so a filename may take 250.
  const wheel = (length: number): string => {
    const head = 'longname-1.0-py3-none-';
    return `${head}${'x'.repeat(length - head.length - '.whl'.length)}.whl`;
  };

  it('stores a filename of exactly 250 bytes and serves it back', async () => {
    const filename = wheel(250);
    expect((await postWithin(registry, uploadForm('longname', '1.0', filename))).status).toBe(200);
    expect((await send(registry, `/repository/pypi-hosted/packages/longname/1.0/${filename}`)).status).toBe(200);
  });

  it.each([251, 256, 300])('refuses a %i-character filename with 400 naming the limit', async (length) => {
    const filename = wheel(length);
    const response = await postWithin(registry, uploadForm('longname', '1.0', filename));
    const message = `Filename ${filename} is too long to store: ${length} bytes percent-encoded, at most 250 (the data directory takes names of up to 255 bytes, and the metadata file adds ".json")`;
    expect([response.status, response.reason, errorSection(response.body)]).toEqual([400, message, message.replace(/"/g, '&quot;')]);
    expect(registry.uploads().at(-1)).toMatchObject({ filename, outcome: 'rejected', status: 400 });
  });

  it.each([
    [
      'name',
      uploadForm('N'.repeat(256), '1.0', `${'n'.repeat(256)}-1.0.tar.gz`),
      `Name ${'n'.repeat(256)} is too long to store: 256 bytes percent-encoded, at most 255`,
    ],
    [
      'version',
      uploadForm('longver', `1.${'0'.repeat(300)}`, `longver-1.${'0'.repeat(300)}.tar.gz`),
      `Version 1.${'0'.repeat(300)} is too long to store: 302 bytes percent-encoded, at most 255`,
    ],
  ])('refuses a %s too long to store with 400', async (_what, form, start) => {
    const response = await postWithin(registry, form);
    expect([response.status, response.reason]).toEqual([400, `${start} (the data directory takes names of up to 255 bytes)`]);
  });
});
