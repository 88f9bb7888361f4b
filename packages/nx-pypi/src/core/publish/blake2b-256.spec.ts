import { createBlake2b256 } from './blake2b-256';

// Python's hashlib is the reference (twine computes blake2_256_digest with it). Each value is
// hashlib.blake2b(bytes(i % 251 for i in range(n)), digest_size=32).hexdigest().
const VECTORS: Array<[number, string]> = [
  [0, '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8'],
  [3, '3d8c3d594928271f44aad7a04b177154806867bcf918e1549c0bc16f9da2b09b'],
  [127, 'f2fe67ff342e21b8f45e8f2e0bcd1d9243245d50ee6c78042e9c491388791c72'],
  [128, 'c3582f71ebb2be66fa5dd750f80baae97554f3b015663c8be377cfcb2488c1d1'],
  [129, 'f7f3c46ba2564ff4c4c162da1f5b605f9f1c4aa6a20652a9f9a337c1a2f5b9c9'],
  [256, '582f782226018ec33076bd8d1c42413530ac7e1126260ffc0f306ba3befc3f24'],
  [1000, 'b372d0608f720c8c3dd41e9c8eecb10143b41abe520b616607e754bf79c08331'],
  [100_000, '916cfaa800ee55811e82095babeb88ea29c9ef8a36e8d7e20c7b772c344c9e1c'],
];
const MULTI_MB: [number, string] = [3 * 1024 * 1024 + 5, '7ac7885033c0ad829698d6019f1674b80bbd759f000e2bc1950ba87cdd26429e'];

function input(n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = i % 251;
  return bytes;
}

async function digestOf(bytes: Uint8Array, pieceSizes: number[] = [bytes.length]): Promise<string> {
  const hash = await createBlake2b256();
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = pieceSizes[i % pieceSizes.length];
    hash.update(bytes.subarray(at, at + size));
    at += size;
  }
  return hash.digest();
}

describe('createBlake2b256', () => {
  it.each(VECTORS)('matches hashlib.blake2b(digest_size=32) for %i bytes in one piece', async (n, expected) => {
    expect(await digestOf(input(n))).toBe(expected);
  });

  it.each(VECTORS)('matches hashlib for %i bytes fed 1, 127, 128 and 129 bytes at a time', async (n, expected) => {
    expect(await digestOf(input(n), [1, 127, 128, 129])).toBe(expected);
  });

  it('matches hashlib for a multi-MB input, whole and in uneven pieces up to 1 MiB + 3', async () => {
    const [n, expected] = MULTI_MB;
    const bytes = input(n);
    expect(await digestOf(bytes)).toBe(expected);
    expect(await digestOf(bytes, [1, 127, 128, 129, 1024 * 1024 + 3])).toBe(expected);
  });

  it('hashes "abc" like the RFC 7693 reference with a 32-byte digest', async () => {
    expect(await digestOf(Buffer.from('abc'))).toBe('bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
  });

  it('keeps the state of concurrent hashers apart', async () => {
    const [short, long] = await Promise.all([createBlake2b256(), createBlake2b256()]);
    const bytes = input(1000);
    for (let at = 0; at < bytes.length; at += 100) {
      long.update(bytes.subarray(at, at + 100));
      if (at < 128) short.update(bytes.subarray(at, Math.min(at + 100, 128)));
    }
    expect([short.digest(), long.digest()]).toEqual([VECTORS[3][1], VECTORS[6][1]]);
  });
});
