import { createHash } from 'node:crypto';
import { formatRecordHash, renderRecord } from './record';

describe('renderRecord', () => {
  it('writes path,sha256=<urlsafe b64 without padding>,size and RECORD itself as path,,', () => {
    const digest = createHash('sha256').update('print("hi")\n').digest();
    const text = renderRecord([{ path: 'pkg/__init__.py', sha256: digest, size: 12 }], 'pkg-1.0.dist-info/RECORD');
    expect(text).toBe(`pkg/__init__.py,${formatRecordHash(digest)},12\npkg-1.0.dist-info/RECORD,,\n`);
    expect(formatRecordHash(digest)).toMatch(/^sha256=[A-Za-z0-9_-]{43}$/);
  });

  it('encodes with the URL-safe alphabet, as pip verifies it', () => {
    // 0xfb 0xff encodes to "-_8" in URL-safe base64 ("+/8" in the standard one).
    expect(formatRecordHash(Uint8Array.from([0xfb, 0xff]))).toBe('sha256=-_8');
  });

  it('CSV-quotes a path holding a comma or a quote', () => {
    const text = renderRecord([{ path: 'pkg/a,"b".txt', sha256: new Uint8Array(32), size: 0 }], 'R');
    expect(text.split('\n')[0]).toBe('"pkg/a,""b"".txt",sha256=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA,0');
  });
});
