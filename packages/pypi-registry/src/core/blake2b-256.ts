/**
 * BLAKE2b with a 32-byte digest (RFC 7693), the `blake2_256_digest` upload field. Node's OpenSSL
 * exposes only blake2b512, and BLAKE2b's output length is a parameter of the initial state, so a
 * truncated blake2b512 is a different hash: this is a small incremental implementation on 32-bit
 * word pairs (little-endian low word first).
 */

const IV32 = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

const SIGMA = [
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
  11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4, 7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8,
  9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13, 2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9,
  12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11, 13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10,
  6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5, 10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0,
  0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3,
].map((x) => x * 2);

const OUT_BYTES = 32;

/** Incremental BLAKE2b-256, shaped like node:crypto's Hash (update, then digest once). */
export class Blake2b256 {
  private readonly h = new Uint32Array(16);
  private readonly block = new Uint8Array(128);
  private readonly v = new Uint32Array(32);
  private readonly m = new Uint32Array(32);
  private filled = 0;
  private counter = 0;

  constructor() {
    this.h.set(IV32);
    this.h[0] ^= 0x01010000 ^ OUT_BYTES; // parameter block: digest length, no key, fanout 1, depth 1
  }

  /** Feeds bytes. A full block is only compressed once more input arrives (the last block is special). */
  update(data: Uint8Array): this {
    let offset = 0;
    while (offset < data.length) {
      if (this.filled === 128) {
        this.counter += 128;
        this.compress(false);
        this.filled = 0;
      }
      const take = Math.min(128 - this.filled, data.length - offset);
      this.block.set(data.subarray(offset, offset + take), this.filled);
      this.filled += take;
      offset += take;
    }
    return this;
  }

  /** The 32-byte digest as lowercase hex. */
  digest(): string {
    this.counter += this.filled;
    this.block.fill(0, this.filled);
    this.compress(true);
    const out = Buffer.alloc(OUT_BYTES);
    for (let i = 0; i < OUT_BYTES; i++) out[i] = this.h[i >> 2]! >>> (8 * (i & 3));
    return out.toString('hex');
  }

  private compress(last: boolean): void {
    const { v, m, h, block } = this;
    for (let i = 0; i < 16; i++) {
      v[i] = h[i]!;
      v[i + 16] = IV32[i]!;
    }
    v[24] = v[24]! ^ this.counter;
    v[25] = v[25]! ^ Math.floor(this.counter / 0x100000000);
    if (last) {
      v[28] = ~v[28]!;
      v[29] = ~v[29]!;
    }
    for (let i = 0; i < 32; i++) {
      const o = i * 4;
      m[i] = block[o]! | (block[o + 1]! << 8) | (block[o + 2]! << 16) | (block[o + 3]! << 24);
    }
    for (let r = 0; r < 12; r++) {
      const s = r * 16;
      mix(v, m, 0, 8, 16, 24, SIGMA[s]!, SIGMA[s + 1]!);
      mix(v, m, 2, 10, 18, 26, SIGMA[s + 2]!, SIGMA[s + 3]!);
      mix(v, m, 4, 12, 20, 28, SIGMA[s + 4]!, SIGMA[s + 5]!);
      mix(v, m, 6, 14, 22, 30, SIGMA[s + 6]!, SIGMA[s + 7]!);
      mix(v, m, 0, 10, 20, 30, SIGMA[s + 8]!, SIGMA[s + 9]!);
      mix(v, m, 2, 12, 22, 24, SIGMA[s + 10]!, SIGMA[s + 11]!);
      mix(v, m, 4, 14, 16, 26, SIGMA[s + 12]!, SIGMA[s + 13]!);
      mix(v, m, 6, 8, 18, 28, SIGMA[s + 14]!, SIGMA[s + 15]!);
    }
    for (let i = 0; i < 16; i++) h[i] = h[i]! ^ v[i]! ^ v[i + 16]!;
  }
}

/** v[a..a+1] += (lo, hi) modulo 2^64. */
function add64(v: Uint32Array, a: number, lo: number, hi: number): void {
  const low = v[a]! + lo;
  v[a] = low;
  v[a + 1] = v[a + 1]! + hi + (low >= 0x100000000 ? 1 : 0);
}

/** The G function on 64-bit words stored as (low, high) pairs at even indices. */
function mix(v: Uint32Array, m: Uint32Array, a: number, b: number, c: number, d: number, ix: number, iy: number): void {
  add64(v, a, v[b]!, v[b + 1]!);
  add64(v, a, m[ix]!, m[ix + 1]!);
  let x0 = v[d]! ^ v[a]!;
  let x1 = v[d + 1]! ^ v[a + 1]!;
  v[d] = x1; // rotate right 32
  v[d + 1] = x0;
  add64(v, c, v[d]!, v[d + 1]!);
  x0 = v[b]! ^ v[c]!;
  x1 = v[b + 1]! ^ v[c + 1]!;
  v[b] = (x0 >>> 24) ^ (x1 << 8); // rotate right 24
  v[b + 1] = (x1 >>> 24) ^ (x0 << 8);
  add64(v, a, v[b]!, v[b + 1]!);
  add64(v, a, m[iy]!, m[iy + 1]!);
  x0 = v[d]! ^ v[a]!;
  x1 = v[d + 1]! ^ v[a + 1]!;
  v[d] = (x0 >>> 16) ^ (x1 << 16); // rotate right 16
  v[d + 1] = (x1 >>> 16) ^ (x0 << 16);
  add64(v, c, v[d]!, v[d + 1]!);
  x0 = v[b]! ^ v[c]!;
  x1 = v[b + 1]! ^ v[c + 1]!;
  v[b] = (x1 >>> 31) ^ (x0 << 1); // rotate right 63
  v[b + 1] = (x0 >>> 31) ^ (x1 << 1);
}
