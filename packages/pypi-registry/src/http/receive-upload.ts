/**
 * Streams a legacy-upload multipart body: text fields into memory, the `content` file part to a
 * temp file while hashing it, so memory stays flat whatever the file size. Parsing mirrors
 * Nexus's PyPiHostedHandlers.extractPayloads (NEXUS-PYPI.md 1.2).
 */
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import busboy from 'busboy';
import { createBlake2b256, type Blake2b256 } from '../core/blake2b-256';
import { drain, feedBody } from './request-body';

/** The file part, written to `tempFile`. */
export interface ReceivedContent {
  tempFile: string;
  filename: string;
  size: number;
  sha256: string;
  md5: string;
  sha1: string;
  /** Only computed when asked for: only strict mode checks it. */
  blake2b256?: string;
  /** First bytes, for content-type sniffing. */
  head: Buffer;
}

export interface ReceivedUpload {
  fields: Record<string, string>;
  content?: ReceivedContent;
  /** Why Nexus would fail with 500 (not multipart, malformed, a second `content` part). */
  malformed?: string;
}

export interface ReceiveOptions {
  newTempPath: () => string;
  blake2: boolean;
}

// Long descriptions are the largest text fields; Nexus sets no limit, this only bounds memory.
const MAX_FIELD_BYTES = 32 * 1024 * 1024;

/** Reads the whole request. Never rejects for a client's mistake: that is reported in `malformed`. */
export async function receiveUpload(request: IncomingMessage, options: ReceiveOptions): Promise<ReceivedUpload> {
  const fields: Record<string, string> = {};
  let content: ReceivedContent | undefined;
  let malformed: string | undefined;
  const writes: Array<Promise<void>> = [];
  const tempFiles: string[] = [];

  let parser: busboy.Busboy;
  try {
    parser = busboy({ headers: request.headers, limits: { fieldSize: MAX_FIELD_BYTES } });
  } catch (error) {
    await drain(request);
    return { fields, malformed: `not a multipart body: ${(error as Error).message}` };
  }

  parser.on('field', (name, value) => {
    // A repeated field is joined with "\n" unless the earlier value was blank (PyPiStorageUtils.addAttribute).
    const earlier = fields[name];
    fields[name] = earlier !== undefined && earlier.trim() !== '' ? `${earlier}\n${value}` : value;
  });
  parser.on('file', (name, stream, info) => {
    if (name !== 'content') {
      stream.resume(); // gpg_signature and unknown file parts: Nexus keeps only .asc signatures, not served here
      return;
    }
    if (content || writes.length > 0) {
      malformed = 'more than one content part';
      stream.resume();
      return;
    }
    const tempFile = options.newTempPath();
    tempFiles.push(tempFile);
    writes.push(
      writeHashed(stream, tempFile, options.blake2).then((hashes) => {
        content = { tempFile, filename: info.filename ?? '', ...hashes };
      }),
    );
  });

  try {
    // On a malformed part header the rest of the body is left unread here and drained by the caller.
    await feedBody(request, parser);
    await Promise.all(writes);
  } catch (error) {
    malformed = `malformed multipart body: ${(error as Error).message}`;
    await Promise.allSettled(writes);
  }
  if (malformed) {
    await Promise.all(tempFiles.map((file) => rm(file, { force: true })));
    return { fields, malformed };
  }
  return { fields, content };
}

async function writeHashed(stream: Readable, tempFile: string, blake2: boolean): Promise<Omit<ReceivedContent, 'tempFile' | 'filename'>> {
  const hashes: Array<Hash | Blake2b256> = [createHash('sha256'), createHash('md5'), createHash('sha1')];
  let blake: Blake2b256 | undefined;
  let size = 0;
  const headChunks: Buffer[] = [];
  let headLength = 0;
  const hasher = new Transform({
    // The BLAKE2b hasher is created asynchronously, but the pipeline must take `stream` at once:
    // an error on an unpiped file stream (a truncated body) would have no listener. `construct`
    // holds the chunks back until the hasher exists.
    construct(callback) {
      if (!blake2) return callback();
      createBlake2b256().then((created) => {
        blake = created;
        hashes.push(created);
        callback();
      }, callback);
    },
    transform(chunk: Buffer, _encoding, callback) {
      size += chunk.length;
      if (headLength < 8) {
        headChunks.push(chunk.subarray(0, 8 - headLength));
        headLength += Math.min(chunk.length, 8 - headLength);
      }
      for (const hash of hashes) hash.update(chunk);
      callback(null, chunk);
    },
  });
  await pipeline(stream, hasher, createWriteStream(tempFile, { mode: 0o644 }));
  const [sha256, md5, sha1] = hashes.slice(0, 3).map((hash) => (hash as Hash).digest('hex')) as [string, string, string];
  return { size, sha256, md5, sha1, blake2b256: blake?.digest(), head: Buffer.concat(headChunks) };
}
