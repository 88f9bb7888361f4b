import { classifyIndexEntry } from './classify-index-entry';
import { parseSimpleIndexHtml } from './parse-simple-index';

const PAGE = 'https://h/repository/r/simple/a/';
const local = { sha256: 'aa11', md5: 'bb22', blake2b_256: 'cc33' };
const index = (fragment: string) => parseSimpleIndexHtml(`<a href="../../packages/a/1/a-1.tar.gz${fragment}">a-1.tar.gz</a>`, PAGE);
const url = 'https://h/repository/r/packages/a/1/a-1.tar.gz';

describe('classifyIndexEntry', () => {
  it.each([
    ['not listed', 'b-1.tar.gz', '#sha256=aa11', { kind: 'absent' }],
    ['same sha256', 'a-1.tar.gz', '#sha256=AA11', { kind: 'identical', algorithm: 'sha256', url }],
    ['other sha256', 'a-1.tar.gz', '#sha256=ff00', { kind: 'different', algorithm: 'sha256', local: 'aa11', remote: 'ff00', url }],
    ['only md5, same', 'a-1.tar.gz', '#md5=bb22', { kind: 'identical', algorithm: 'md5', url }],
    ['only md5, other', 'a-1.tar.gz', '#md5=0000', { kind: 'different', algorithm: 'md5', local: 'bb22', remote: '0000', url }],
    ['a hash not computed yet', 'a-1.tar.gz', '#sha512=99', { kind: 'needs-digest', algorithm: 'sha512' }],
    ['no hash at all', 'a-1.tar.gz', '', { kind: 'unverifiable', url, algorithms: [] }],
    ['an unknown algorithm', 'a-1.tar.gz', '#crc32=99', { kind: 'unverifiable', url, algorithms: ['crc32'] }],
  ])('%s', (_, filename, fragment, expected) => {
    expect(classifyIndexEntry(filename, local, index(fragment))).toEqual(expected);
  });

  it('prefers sha256 over md5 when both are listed', () => {
    const json = new Map([['a-1.tar.gz', { filename: 'a-1.tar.gz', url, hashes: { md5: 'bb22', sha256: 'ffff' } }]]);
    expect(classifyIndexEntry('a-1.tar.gz', local, json).kind).toBe('different');
  });
});
