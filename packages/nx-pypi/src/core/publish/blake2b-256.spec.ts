import { execFileSync } from 'node:child_process';
import { Blake2b256 } from './blake2b-256';

// Python's hashlib is the reference: twine computes blake2_256_digest with it.
function pythonBlake2b256(inputs: Buffer[]): string[] {
  const script = 'import hashlib,sys,json\nfor h in json.load(sys.stdin): print(hashlib.blake2b(bytes.fromhex(h),digest_size=32).hexdigest())';
  const out = execFileSync('python3', ['-c', script], {
    input: JSON.stringify(inputs.map((b) => b.toString('hex'))),
    env: { PATH: process.env.PATH ?? '' },
  });
  return out.toString().trim().split('\n');
}

describe('Blake2b256', () => {
  const inputs = [0, 1, 3, 127, 128, 129, 255, 256, 257, 1000, 70_000].map((n) =>
    Buffer.from(Array.from({ length: n }, (_, i) => (i * 31 + n) & 0xff)),
  );

  it('matches hashlib.blake2b(digest_size=32) for lengths around block boundaries', () => {
    const ours = inputs.map((b) => new Blake2b256().update(b).digest());
    expect(ours).toEqual(pythonBlake2b256(inputs));
  });

  it('gives the same digest however the input is split into updates', () => {
    const data = inputs[inputs.length - 1];
    const whole = new Blake2b256().update(data).digest();
    const pieces = new Blake2b256();
    for (let i = 0; i < data.length; i += 97) pieces.update(data.subarray(i, i + 97));
    expect(pieces.digest()).toBe(whole);
  });

  it('knows the RFC 7693-style vector for "abc" at 32 bytes', () => {
    expect(new Blake2b256().update(Buffer.from('abc')).digest()).toBe(
      'bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319',
    );
  });
});
