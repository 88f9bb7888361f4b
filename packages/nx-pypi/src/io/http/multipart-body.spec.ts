import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import busboy from 'busboy';
import { createMultipartBody } from './multipart-body';

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks);
}

// busboy is an independent parser: what it reads back is what a server sees.
function parse(
  contentType: string,
  body: Buffer,
): Promise<{ fields: [string, string][]; files: { name: string; filename: string; mimeType: string; data: Buffer }[] }> {
  return new Promise((resolve, reject) => {
    const fields: [string, string][] = [];
    const files: { name: string; filename: string; mimeType: string; data: Buffer }[] = [];
    const parser = busboy({ headers: { 'content-type': contentType }, defParamCharset: 'utf8' });
    parser.on('field', (name, value) => fields.push([name, value]));
    // busboy types filename as optional; the content part always has one here.
    parser.on('file', (name, stream, info) => {
      const parts: Buffer[] = [];
      stream.on('data', (d: Buffer) => parts.push(d));
      stream.on('end', () => files.push({ name, filename: info.filename ?? '', mimeType: info.mimeType, data: Buffer.concat(parts) }));
    });
    parser.on('close', () => resolve({ fields, files }));
    parser.on('error', reject);
    parser.end(body);
  });
}

describe('createMultipartBody', () => {
  let dir: string;
  let path: string;
  const bytes = Buffer.from(Array.from({ length: 700_000 }, (_, i) => (i * 7) & 0xff));

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-multipart-'));
    path = join(dir, 'a-1.0-py3-none-any.whl');
    await writeFile(path, bytes);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('streams fields (repeated and UTF-8 ones included) then the content part, with an exact Content-Length', async () => {
    const fields = [
      { name: ':action', value: 'file_upload' },
      { name: 'classifiers', value: 'A :: B' },
      { name: 'classifiers', value: 'C :: D' },
      { name: 'description', value: 'Zürich\r\nline two' },
    ];
    const body = createMultipartBody(fields, { path, filename: 'a-1.0-py3-none-any.whl', size: bytes.length });
    const sent = await collect(body.stream());
    expect(sent.length).toBe(body.contentLength);
    const parsed = await parse(body.contentType, sent);
    expect(parsed.fields).toEqual(fields.map((f) => [f.name, f.value]));
    expect(parsed.files).toHaveLength(1);
    expect(parsed.files[0]).toMatchObject({ name: 'content', filename: 'a-1.0-py3-none-any.whl', mimeType: 'application/octet-stream' });
    expect(parsed.files[0].data.equals(bytes)).toBe(true);
    // A second stream (a retry) sends the same bytes again.
    expect((await collect(body.stream())).equals(sent)).toBe(true);
  });

  it('reports the file bytes handed out so far, chunk by chunk, starting again on each stream', async () => {
    const body = createMultipartBody([{ name: ':action', value: 'file_upload' }], { path, filename: 'a.whl', size: bytes.length });
    const heard: number[] = [];
    const reportedWhenPulled: number[] = [];
    // Head, three file chunks, tail: each chunk arrives with the count that includes it, never ahead.
    for await (const chunk of body.stream((sent) => heard.push(sent))) {
      expect(chunk.length).toBeGreaterThan(0);
      reportedWhenPulled.push(heard.at(-1) ?? 0);
    }
    expect(heard).toEqual([256 * 1024, 512 * 1024, bytes.length]);
    expect(reportedWhenPulled).toEqual([0, 256 * 1024, 512 * 1024, bytes.length, bytes.length]);
    const again: number[] = [];
    await collect(body.stream((sent) => again.push(sent)));
    expect(again).toEqual(heard);
  });

  it('appends fields computed from the streamed bytes after the content part, within the announced Content-Length, on every stream', async () => {
    let passes = 0;
    const trailing = {
      layout: [{ name: 'sha256_digest', length: 64 }],
      start: async () => {
        passes++;
        const hash = createHash('sha256');
        return { update: (chunk: Uint8Array) => void hash.update(chunk), finish: () => [{ name: 'sha256_digest', value: hash.digest('hex') }] };
      },
    };
    const body = createMultipartBody([{ name: ':action', value: 'file_upload' }], { path, filename: 'a.whl', size: bytes.length }, undefined, trailing);
    const sent = await collect(body.stream());
    expect(sent.length).toBe(body.contentLength);
    const parsed = await parse(body.contentType, sent);
    expect(parsed.fields).toEqual([
      [':action', 'file_upload'],
      ['sha256_digest', createHash('sha256').update(bytes).digest('hex')],
    ]);
    expect(parsed.files[0].data.equals(bytes)).toBe(true);
    expect((await collect(body.stream())).equals(sent)).toBe(true);
    expect(passes).toBe(2);
  });

  it('fails the stream when the file no longer has the size it was hashed with', async () => {
    const body = createMultipartBody([], { path, filename: 'a.whl', size: bytes.length + 1 });
    await expect(collect(body.stream())).rejects.toThrow(/changed size while it was uploaded/);
  });
});
