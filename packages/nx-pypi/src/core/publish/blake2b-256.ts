/**
 * BLAKE2b with a 32-byte digest (RFC 7693), for the `blake2_256_digest` upload field. Node 20's
 * OpenSSL offers only `blake2b512` and refuses `outputLength` for it ("not XOF or invalid length"),
 * and the digest length is part of BLAKE2b's initial state, so truncating blake2b512 gives a
 * different hash. 64-bit words are held as (low, high) pairs of 32-bit words in Uint32Arrays.
 */

// The SHA-512 IV, as (low, high) word pairs.
const IV = new Uint32Array([
  0xf3bcc908, 0x6a09e667, 0x84caa73b, 0xbb67ae85, 0xfe94f82b, 0x3c6ef372, 0x5f1d36f1, 0xa54ff53a,
  0xade682d1, 0x510e527f, 0x2b3e6c1f, 0x9b05688c, 0xfb41bd6b, 0x1f83d9ab, 0x137e2179, 0x5be0cd19,
]);

// Message word permutations for rounds 0..11 (rounds 10 and 11 repeat 0 and 1), doubled to index pairs.
const SIGMA = Uint8Array.from(
  [
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
    [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
    [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
    [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
    [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
    [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
    [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
    [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
    [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
    [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0],
  ]
    .concat([[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3]])
    .flat()
    .map((i) => i * 2),
);

const BLOCK = 128;
const OUT = 32;

/** Incremental BLAKE2b-256 with the shape of node:crypto's Hash: `update()` any number of times, then `digest()` once. */
export class Blake2b256 {
  private readonly h = IV.slice();
  private readonly v = new Uint32Array(32);
  private readonly m = new Uint32Array(32);
  private readonly buffer = new Uint8Array(BLOCK);
  private buffered = 0;
  private counter = 0;
  private done = false;

  constructor() {
    // Parameter block word 0: digest length 32, no key, fanout 1, depth 1.
    this.h[0] ^= 0x01010000 ^ OUT;
  }

  update(data: Uint8Array): this {
    if (this.done) throw new Error('Blake2b256.update after digest');
    let offset = 0;
    while (offset < data.length) {
      // A full block is compressed only once more input arrives: the last block is special.
      if (this.buffered === BLOCK) {
        this.counter += BLOCK;
        this.compress(this.buffer, 0, false);
        this.buffered = 0;
      }
      // Whole blocks with more input after them go straight from `data`, without a copy.
      if (this.buffered === 0 && data.length - offset > BLOCK) {
        this.counter += BLOCK;
        this.compress(data, offset, false);
        offset += BLOCK;
        continue;
      }
      const take = Math.min(BLOCK - this.buffered, data.length - offset);
      for (let i = 0; i < take; i++) this.buffer[this.buffered + i] = data[offset + i];
      this.buffered += take;
      offset += take;
    }
    return this;
  }

  /** The 32-byte digest as lowercase hex. */
  digest(): string {
    if (this.done) throw new Error('Blake2b256.digest called twice');
    this.done = true;
    this.counter += this.buffered;
    this.buffer.fill(0, this.buffered);
    this.compress(this.buffer, 0, true);
    const out = Buffer.alloc(OUT);
    for (let i = 0; i < OUT / 4; i++) out.writeUInt32LE(this.h[i], i * 4);
    return out.toString('hex');
  }

  private compress(b: Uint8Array, at: number, last: boolean): void {
    const { v, m, h } = this;
    for (let i = 0; i < 16; i++) {
      v[i] = h[i];
      v[i + 16] = IV[i];
    }
    v[24] ^= this.counter >>> 0;
    v[25] ^= Math.floor(this.counter / 0x100000000);
    if (last) {
      v[28] = ~v[28];
      v[29] = ~v[29];
    }
    for (let i = 0, j = at; i < 32; i++, j += 4) m[i] = b[j] | (b[j + 1] << 8) | (b[j + 2] << 16) | (b[j + 3] << 24);
    for (let round = 0; round < 12; round++) {
      const s = round * 16;
      this.mix(0, 8, 16, 24, SIGMA[s], SIGMA[s + 1]);
      this.mix(2, 10, 18, 26, SIGMA[s + 2], SIGMA[s + 3]);
      this.mix(4, 12, 20, 28, SIGMA[s + 4], SIGMA[s + 5]);
      this.mix(6, 14, 22, 30, SIGMA[s + 6], SIGMA[s + 7]);
      this.mix(0, 10, 20, 30, SIGMA[s + 8], SIGMA[s + 9]);
      this.mix(2, 12, 22, 24, SIGMA[s + 10], SIGMA[s + 11]);
      this.mix(4, 14, 16, 26, SIGMA[s + 12], SIGMA[s + 13]);
      this.mix(6, 8, 18, 28, SIGMA[s + 14], SIGMA[s + 15]);
    }
    for (let i = 0; i < 16; i++) h[i] ^= v[i] ^ v[i + 16];
  }

  // The G function on word pairs a, b, c, d (indices into v) with message words x, y (indices into m).
  private mix(a: number, b: number, c: number, d: number, x: number, y: number): void {
    const { v, m } = this;
    add(v, a, v[b], v[b + 1]);
    add(v, a, m[x], m[x + 1]);
    let lo = v[d] ^ v[a];
    let hi = v[d + 1] ^ v[a + 1];
    v[d] = hi; // rotr 32
    v[d + 1] = lo;
    add(v, c, v[d], v[d + 1]);
    lo = v[b] ^ v[c];
    hi = v[b + 1] ^ v[c + 1];
    v[b] = (lo >>> 24) ^ (hi << 8); // rotr 24
    v[b + 1] = (hi >>> 24) ^ (lo << 8);
    add(v, a, v[b], v[b + 1]);
    add(v, a, m[y], m[y + 1]);
    lo = v[d] ^ v[a];
    hi = v[d + 1] ^ v[a + 1];
    v[d] = (lo >>> 16) ^ (hi << 16); // rotr 16
    v[d + 1] = (hi >>> 16) ^ (lo << 16);
    add(v, c, v[d], v[d + 1]);
    lo = v[b] ^ v[c];
    hi = v[b + 1] ^ v[c + 1];
    v[b] = (hi >>> 31) ^ (lo << 1); // rotr 63
    v[b + 1] = (lo >>> 31) ^ (hi << 1);
  }
}

// v[a] += (lo, hi) modulo 2^64; Uint32Array stores wrap modulo 2^32.
function add(v: Uint32Array, a: number, lo: number, hi: number): void {
  const low = v[a] + lo;
  v[a + 1] = v[a + 1] + hi + (low >= 0x100000000 ? 1 : 0);
  v[a] = low;
}
