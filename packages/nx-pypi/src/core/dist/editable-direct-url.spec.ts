import { createHash } from 'node:crypto';
import { renderEditableDirectUrl, replaceRecordEntry } from './editable-direct-url';

const sha = (text: string) => `sha256=${createHash('sha256').update(text).digest('base64url')}`;

describe('renderEditableDirectUrl', () => {
  it('names the project folder as a file URL with dir_info.editable, as PEP 610 lays it out', () => {
    expect(JSON.parse(renderEditableDirectUrl('/ws/libs/token lib'))).toEqual({ url: 'file:///ws/libs/token%20lib', dir_info: { editable: true } });
  });
});

describe('replaceRecordEntry', () => {
  const record = 'a/__init__.py,sha256=x,1\na-1.0.dist-info/direct_url.json,sha256=old,10\na-1.0.dist-info/RECORD,,\n';

  it('replaces the line of the file with the new hash and size, keeping the others in place', () => {
    const text = '{"url": "file:///ws/a"}\n';
    expect(replaceRecordEntry(record, 'a-1.0.dist-info/direct_url.json', Buffer.from(text))).toBe(
      `a/__init__.py,sha256=x,1\na-1.0.dist-info/direct_url.json,${sha(text)},${text.length}\na-1.0.dist-info/RECORD,,\n`,
    );
  });

  it('appends the line when RECORD does not list the file', () => {
    expect(replaceRecordEntry('x,,\n', 'd/direct_url.json', Buffer.from('{}'))).toBe(`x,,\nd/direct_url.json,${sha('{}')},2\n`);
  });

  it('does not take a longer path with the same beginning for the file', () => {
    const text = 'p/direct_url.json.bak,sha256=keep,3\n';
    expect(replaceRecordEntry(text, 'p/direct_url.json', Buffer.from('{}'))).toBe(`${text}p/direct_url.json,${sha('{}')},2\n`);
  });
});
