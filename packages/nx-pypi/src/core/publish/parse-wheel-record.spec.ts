import { listRecordAlgorithms, parseWheelRecord } from './parse-wheel-record';

describe('parseWheelRecord', () => {
  it('reads rows as written, with quoted paths holding commas and quotes, CRLF or LF lines, and RECORD without hash', () => {
    const text = 'a/b.py,sha256=AbC_-1,12\r\n"a/x,""y"".txt",sha512=zz,3\n\na-1.dist-info/RECORD,,\n';
    expect(parseWheelRecord(text)).toEqual({
      rows: [
        { path: 'a/b.py', hash: 'sha256=AbC_-1', size: '12', line: 1 },
        { path: 'a/x,"y".txt', hash: 'sha512=zz', size: '3', line: 2 },
        { path: 'a-1.dist-info/RECORD', hash: '', size: '', line: 4 },
      ],
    });
  });

  it('reports the line of a row without three fields and of an unclosed quote, instead of guessing', () => {
    expect(parseWheelRecord('a.py,sha256=x,1\nb.py,sha256=y\n')).toEqual({ malformed: { line: 2, why: '2 fields, not 3 (path, hash, size)' } });
    expect(parseWheelRecord('"a.py,sha256=x,1\n')).toEqual({ malformed: { line: 1, why: 'a quoted field is not closed' } });
  });

  it('lists the algorithms the rows use, once each', () => {
    const parsed = parseWheelRecord('a,sha256=x,1\nb,SHA512=y,2\nc,sha256=z,3\nR,,\n');
    expect('rows' in parsed && listRecordAlgorithms(parsed.rows)).toEqual(['sha256', 'sha512']);
  });
});
