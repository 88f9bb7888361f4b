/**
 * The upload's multipart/form-data body, streamed from disk with a Content-Length known up front
 * (text parts are small and built in memory; the file part is read in chunks while sending).
 * The `content` part comes after the fields, as twine sends it; when the digests are not known
 * yet, they are computed from the bytes as they stream and sent in fields after `content` (the
 * field order is free: Nexus collects every part before it stores, and uv sends `attestations`
 * after `content`), so a file is read once, not once to hash and once to send.
 * https://www.rfc-editor.org/rfc/rfc7578
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { FormField } from '../../core/publish/upload-form';

export interface MultipartFile {
  path: string;
  /** The part's filename: Nexus stores the file under it. */
  filename: string;
  /** Expected byte count; a file that changes size while sending fails the request. */
  size: number;
}

/** Fields computed from the file's bytes as they stream, sent after the file part. */
export interface TrailingFields {
  /** Each field's name and the byte length its value will have, for the Content-Length. */
  layout: ReadonlyArray<{ name: string; length: number }>;
  /** A fresh computation for one pass over the file (a retry streams it again). */
  start(): Promise<{ update(chunk: Uint8Array): void; finish(): FormField[] }>;
}

export interface MultipartBody {
  contentType: string;
  contentLength: number;
  /**
   * A fresh stream of the whole body each call (a retry sends it again). `onFileBytes` hears the
   * count of file bytes handed to the consumer so far, chunk by chunk: the body is pulled as the
   * socket drains, so this is upload progress without holding the file in memory.
   */
  stream(onFileBytes?: (sent: number) => void): AsyncIterable<Uint8Array>;
}

export function createMultipartBody(fields: readonly FormField[], file: MultipartFile, boundary = randomBoundary(), trailing?: TrailingFields): MultipartBody {
  if (fields.some((field) => field.value.includes(boundary))) throw new Error('multipart boundary occurs in a form value');
  const head = Buffer.concat([
    ...fields.map((field) => fieldPart(boundary, field)),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${escapeQuoted(file.filename)}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
      'utf8',
    ),
  ]);
  const end = Buffer.from(`--${boundary}--\r\n`, 'utf8');
  const trailerLength = (trailing?.layout ?? []).reduce((n, f) => n + fieldPart(boundary, { name: f.name, value: 'x'.repeat(f.length) }).length, 0);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + file.size + 2 + trailerLength + end.length,
    stream: (onFileBytes) => streamBody(head, file, boundary, end, trailing, onFileBytes),
  };
}

function fieldPart(boundary: string, field: FormField): Buffer {
  return Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(field.name)}"\r\n\r\n${field.value}\r\n`, 'utf8');
}

async function* streamBody(
  head: Buffer,
  file: MultipartFile,
  boundary: string,
  end: Buffer,
  trailing: TrailingFields | undefined,
  onFileBytes?: (sent: number) => void,
): AsyncGenerator<Uint8Array> {
  const computation = await trailing?.start();
  yield head;
  let sent = 0;
  for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 })) {
    sent += (chunk as Buffer).length;
    if (sent > file.size) break;
    computation?.update(chunk as Buffer);
    onFileBytes?.(sent);
    yield chunk as Buffer;
  }
  if (sent !== file.size) throw new Error(`${file.path} changed size while it was uploaded (expected ${file.size} bytes)`);
  const after = computation ? computation.finish() : [];
  const expected = trailing?.layout ?? [];
  if (after.length !== expected.length || after.some((f, i) => f.name !== expected[i].name || Buffer.byteLength(f.value) !== expected[i].length))
    throw new Error('internal: the trailing fields do not match their announced layout');
  yield Buffer.concat([Buffer.from('\r\n', 'utf8'), ...after.map((field) => fieldPart(boundary, field)), end]);
}

// RFC 7578 4.2 / WHATWG: in quoted parameters, '"' and line breaks are percent-encoded.
function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function randomBoundary(): string {
  return `nx-pypi-${randomBytes(16).toString('hex')}`;
}
