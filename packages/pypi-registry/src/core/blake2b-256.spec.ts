import { createBlake2b256 } from './blake2b-256';

/** Expected values from CPython: hashlib.blake2b(bytes(i % 251 for i in range(n)), digest_size=32). */
const VECTORS: Array<[number, string]> = [
  [0, '0e5751c026e543b2e8ab2eb06099daa1d1e5df47778f7787faab45cdf12fe3a8'],
  [3, '3d8c3d594928271f44aad7a04b177154806867bcf918e1549c0bc16f9da2b09b'],
  [127, 'f2fe67ff342e21b8f45e8f2e0bcd1d9243245d50ee6c78042e9c491388791c72'],
  [128, 'c3582f71ebb2be66fa5dd750f80baae97554f3b015663c8be377cfcb2488c1d1'],
  [129, 'f7f3c46ba2564ff4c4c162da1f5b605f9f1c4aa6a20652a9f9a337c1a2f5b9c9'],
  [256, '582f782226018ec33076bd8d1c42413530ac7e1126260ffc0f306ba3befc3f24'],
  [1000, 'b372d0608f720c8c3dd41e9c8eecb10143b41abe520b616607e754bf79c08331'],
  [100000, '916cfaa800ee55811e82095babeb88ea29c9ef8a36e8d7e20c7b772c344c9e1c'],
  [3 * 1024 * 1024 + 5, '7ac7885033c0ad829698d6019f1674b80bbd759f000e2bc1950ba87cdd26429e'],
];

function input(n: number): Buffer {
  const bytes = Buffer.alloc(n);
  for (let i = 0; i < n; i++) bytes[i] = i % 251;
  return bytes;
}

describe('createBlake2b256', () => {
  it.each(VECTORS)('matches CPython for %i bytes fed in one piece', async (n, expected) => {
    const hash = await createBlake2b256();
    hash.update(input(n));
    expect(hash.digest()).toBe(expected);
  });

  it.each(VECTORS)('matches CPython for %i bytes fed in pieces of 1, 127, 128, 129 and 1 MiB + 3 bytes', async (n, expected) => {
    const hash = await createBlake2b256();
    const bytes = input(n);
    const sizes = [1, 127, 128, 129, 1024 * 1024 + 3];
    for (let at = 0, i = 0; at < n; at += sizes[i % sizes.length], i++) hash.update(bytes.subarray(at, at + sizes[i % sizes.length]));
    expect(hash.digest()).toBe(expected);
  });

  it('hashes "abc" like the RFC 7693 reference with a 32-byte digest', async () => {
    const hash = await createBlake2b256();
    hash.update(Buffer.from('abc'));
    expect(hash.digest()).toBe('bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319');
  });

  it('keeps two interleaved uploads apart', async () => {
    const [first, second] = await Promise.all([createBlake2b256(), createBlake2b256()]);
    const bytes = input(1000);
    first.update(bytes.subarray(0, 3));
    second.update(bytes.subarray(0, 500));
    second.update(bytes.subarray(500));
    expect([first.digest(), second.digest()]).toEqual([VECTORS[1][1], VECTORS[6][1]]);
  });
});
