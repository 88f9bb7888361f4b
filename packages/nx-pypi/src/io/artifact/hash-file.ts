/**
 * Digests of a file in one streaming pass (the first pass of an upload; the second streams the
 * body). Memory stays flat in the file's size.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Blake2b256 } from '../../core/publish/blake2b-256';
import type { ArtifactDigests } from '../../core/publish/upload-form';

/** sha256, md5 and BLAKE2b-256 (hex) plus the size, from one read of `path`. */
export async function hashFile(path: string): Promise<{ digests: ArtifactDigests; size: number }> {
  const sha256 = createHash('sha256');
  const md5 = createHash('md5');
  const blake2 = new Blake2b256();
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    const bytes = chunk as Buffer;
    sha256.update(bytes);
    md5.update(bytes);
    blake2.update(bytes);
    size += bytes.length;
  }
  return { digests: { sha256: sha256.digest('hex'), md5: md5.digest('hex'), blake2_256: blake2.digest() }, size };
}

/**
 * One more digest, for an index that lists an algorithm the first pass did not compute (a PEP 691
 * server listing only sha512, say). `algorithm` uses the index's spelling (`sha512`, `blake2b_256`).
 * Returns undefined when this Node cannot compute it.
 */
export async function hashFileWith(path: string, algorithm: string): Promise<string | undefined> {
  if (algorithm === 'blake2b_256') {
    const blake2 = new Blake2b256();
    for await (const chunk of createReadStream(path)) blake2.update(chunk as Buffer);
    return blake2.digest();
  }
  let hash;
  try {
    hash = createHash(algorithm);
  } catch {
    return undefined;
  }
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
