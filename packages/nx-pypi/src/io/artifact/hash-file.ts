/**
 * Digests of a file in one streaming pass (the first pass of an upload; the second streams the
 * body). Memory stays flat in the file's size. md5 is not in the pass: no upload sends it (twine
 * 6.2 and uv do not either) and it is the slowest of the three (~1.6 s/GB here, against ~0.7 for
 * sha256 and ~1.2 for BLAKE2b); an index that lists md5 alone (Nexus <= 3.40) gets it computed
 * then (hashFileWith).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { createBlake2b256 } from '../../core/publish/blake2b-256';
import type { ArtifactDigests } from '../../core/publish/upload-form';

/** sha256 and BLAKE2b-256 (hex) plus the size, from one read of `path`. */
export async function hashFile(path: string): Promise<{ digests: ArtifactDigests; size: number }> {
  const sha256 = createHash('sha256');
  const blake2 = await createBlake2b256();
  const size = await forEachChunk(path, (bytes) => {
    sha256.update(bytes);
    blake2.update(bytes);
  });
  return { digests: { sha256: sha256.digest('hex'), blake2_256: blake2.digest() }, size };
}

/**
 * One more digest, for an index that lists an algorithm the first pass did not compute (a PEP 691
 * server listing only sha512, say). `algorithm` uses the index's spelling (`sha512`, `blake2b_256`).
 * Returns undefined when this Node cannot compute it.
 */
export async function hashFileWith(path: string, algorithm: string): Promise<string | undefined> {
  const digest = await createDigest(algorithm);
  if (!digest) return undefined;
  await forEachChunk(path, (bytes) => digest.update(bytes));
  return digest.digest();
}

/** An incremental hash: `update()` any number of times, then `digest()` (lowercase hex) once. */
export interface Digest {
  update(bytes: Uint8Array): void;
  digest(): string;
}

// Python's hashlib names (what RECORD files and indexes write) that OpenSSL spells otherwise.
const OPENSSL_NAMES: Readonly<Record<string, string>> = {
  sha3_224: 'sha3-224',
  sha3_256: 'sha3-256',
  sha3_384: 'sha3-384',
  sha3_512: 'sha3-512',
  blake2b: 'blake2b512',
  blake2s: 'blake2s256',
};

/**
 * A fresh hash for `algorithm` as an index (`blake2b_256`) or a wheel's RECORD (`sha256`,
 * `sha3_256`) spells it; undefined when this Node cannot compute it.
 */
export async function createDigest(algorithm: string): Promise<Digest | undefined> {
  if (algorithm === 'blake2b_256') return createBlake2b256();
  let hash;
  try {
    hash = createHash(OPENSSL_NAMES[algorithm] ?? algorithm);
  } catch {
    return undefined;
  }
  const node = hash;
  return { update: (bytes) => void node.update(bytes), digest: () => node.digest('hex') };
}

const CHUNK_BYTES = 256 * 1024;

/**
 * Feeds the file to `consume` through one reused buffer: a read stream allocates a new buffer per
 * chunk, and for a 200 MB artifact that garbage (memory outside V8's heap, collected late) adds
 * tens of MB to the peak. `consume` must not keep the view it is given. Returns the size read.
 */
async function forEachChunk(path: string, consume: (bytes: Buffer) => void): Promise<number> {
  const file = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  let size = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, CHUNK_BYTES, size);
      if (bytesRead === 0) return size;
      consume(buffer.subarray(0, bytesRead));
      size += bytesRead;
    }
  } finally {
    await file.close();
  }
}
