/**
 * Builds legacy-upload multipart bodies the way twine does (fields, then `content`), written
 * independently of any client code so the registry's parser is tested against its own reading of
 * the protocol.
 */
import { createHash, randomBytes } from 'node:crypto';

export interface FormFile {
  filename: string;
  bytes: Buffer;
}

export interface Form {
  body: Buffer;
  contentType: string;
}

/** Encodes fields (a repeated name is given as an array) and any number of file parts. */
export function encodeForm(fields: Record<string, string | string[]>, files: Array<[string, FormFile]>): Form {
  const boundary = `----registry-test-${randomBytes(8).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${item}\r\n`));
    }
  }
  for (const [name, file] of files) {
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.bytes,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Bytes that pass the strict archive check: a zip local-file header or a gzip magic, then noise. */
export function fakeArchive(filename: string, size = 512): Buffer {
  const magic = filename.endsWith('.tar.gz') ? Buffer.from([0x1f, 0x8b, 0x08, 0x00]) : Buffer.from('PK\x03\x04', 'latin1');
  return Buffer.concat([magic, randomBytes(Math.max(size - magic.length, 0))]);
}

/** A complete, valid twine-style upload of one file. `overrides` replace or (with undefined) drop fields. */
export function uploadForm(
  name: string,
  version: string,
  filename: string,
  options: { bytes?: Buffer; overrides?: Record<string, string | string[] | undefined> } = {},
): Form & { bytes: Buffer } {
  const bytes = options.bytes ?? fakeArchive(filename);
  const fields: Record<string, string | string[] | undefined> = {
    name,
    version,
    filetype: filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist',
    pyversion: filename.endsWith('.whl') ? 'py3' : 'source',
    metadata_version: '2.1',
    requires_python: '>=3.8',
    sha256_digest: createHash('sha256').update(bytes).digest('hex'),
    md5_digest: createHash('md5').update(bytes).digest('hex'),
    ':action': 'file_upload',
    protocol_version: '1',
    ...options.overrides,
  };
  const defined = Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string | string[]] => entry[1] !== undefined));
  return { ...encodeForm(defined, [['content', { filename, bytes }]]), bytes };
}
