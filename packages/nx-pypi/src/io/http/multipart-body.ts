/**
 * The upload's multipart/form-data body, streamed from disk with a Content-Length known up front
 * (text parts are small and built in memory; the file part is read in chunks while sending).
 * The `content` part comes last, as twine sends it. https://www.rfc-editor.org/rfc/rfc7578
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

export function createMultipartBody(fields: readonly FormField[], file: MultipartFile, boundary = randomBoundary()): MultipartBody {
  const head = Buffer.concat([
    ...fields.map((field) =>
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${escapeQuoted(field.name)}"\r\n\r\n${field.value}\r\n`, 'utf8'),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${escapeQuoted(file.filename)}"\r\n` +
        'Content-Type: application/octet-stream\r\n\r\n',
      'utf8',
    ),
  ]);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
  if (fields.some((field) => field.value.includes(boundary))) throw new Error('multipart boundary occurs in a form value');
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    contentLength: head.length + file.size + tail.length,
    stream: (onFileBytes) => streamBody(head, file, tail, onFileBytes),
  };
}

async function* streamBody(head: Buffer, file: MultipartFile, tail: Buffer, onFileBytes?: (sent: number) => void): AsyncGenerator<Uint8Array> {
  yield head;
  let sent = 0;
  for await (const chunk of createReadStream(file.path, { highWaterMark: 256 * 1024 })) {
    sent += (chunk as Buffer).length;
    if (sent > file.size) break;
    onFileBytes?.(sent);
    yield chunk as Buffer;
  }
  if (sent !== file.size) throw new Error(`${file.path} changed size while it was uploaded (expected ${file.size} bytes)`);
  yield tail;
}

// RFC 7578 4.2 / WHATWG: in quoted parameters, '"' and line breaks are percent-encoded.
function escapeQuoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function randomBoundary(): string {
  return `nx-pypi-${randomBytes(16).toString('hex')}`;
}
