import { checkSegmentLengths, encodeSegment } from './segment-names';

describe('encodeSegment', () => {
  it.each([
    ['demo-1.0.tar.gz', 'demo-1.0.tar.gz'],
    ['1.0+local', '1.0%2Blocal'],
    ['a/b', 'a%2Fb'],
    ['..', '%2E%2E'],
    ['.', '%2E'],
    ['é', '%C3%A9'],
  ])('stores %j as %j', (segment, stored) => {
    expect(encodeSegment(segment)).toBe(stored);
  });
});

describe('checkSegmentLengths', () => {
  const ok = { name: 'demo', version: '1.0', filename: 'demo-1.0.tar.gz' };
  it.each([
    ['names within the limit', ok, 255, undefined],
    ['a filename of limit - 5 bytes', { ...ok, filename: 'f'.repeat(250) }, 255, undefined],
    [
      'a filename of limit - 4 bytes',
      { ...ok, filename: 'f'.repeat(251) },
      255,
      `Filename ${'f'.repeat(251)} is too long to store: 251 bytes percent-encoded, at most 250 (the data directory takes names of up to 255 bytes, and the metadata file adds ".json")`,
    ],
    [
      'characters that percent-encode, counted as stored',
      { ...ok, filename: 'é'.repeat(42) },
      255,
      `Filename ${'é'.repeat(42)} is too long to store: 252 bytes percent-encoded, at most 250 (the data directory takes names of up to 255 bytes, and the metadata file adds ".json")`,
    ],
    ['a version of the limit', { ...ok, version: '1'.repeat(143) }, 143, undefined],
    [
      'a version over a smaller limit (eCryptfs)',
      { ...ok, version: '1'.repeat(144) },
      143,
      `Version ${'1'.repeat(144)} is too long to store: 144 bytes percent-encoded, at most 143 (the data directory takes names of up to 143 bytes)`,
    ],
    [
      'the first segment too long, in path order',
      { name: 'n'.repeat(300), version: '1'.repeat(300), filename: 'f'.repeat(300) },
      255,
      `Name ${'n'.repeat(300)} is too long to store: 300 bytes percent-encoded, at most 255 (the data directory takes names of up to 255 bytes)`,
    ],
  ])('%s', (_what, names, limit, expected) => {
    expect(checkSegmentLengths(names, limit)).toBe(expected);
  });
});
