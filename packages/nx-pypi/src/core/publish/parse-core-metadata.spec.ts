import { NxPypiError } from '../../errors';
import { getMetadataField, getMetadataFields, parseCoreMetadata } from './parse-core-metadata';

const METADATA_2_4 = [
  'Metadata-Version: 2.4',
  'Name: Token_Lib',
  'Version: 1.2.0',
  'Summary: Tokens, shared',
  'Keywords: tokens,auth',
  'Author-email: Ada <ada@example.com>',
  'License-Expression: MIT',
  'License-File: LICENSE',
  'License-File: NOTICE',
  'Classifier: Programming Language :: Python :: 3',
  'Classifier: License :: OSI Approved :: MIT License',
  'Requires-Dist: requests>=2.31',
  'Requires-Dist: rich; extra == "cli"',
  'Requires-Python: >=3.9',
  'Project-URL: Homepage, https://example.com',
  'Project-URL: Issues, https://example.com/issues',
  'Provides-Extra: cli',
  'Description-Content-Type: text/markdown',
  '',
  '# Token lib',
  '',
  'Body text: with a colon.',
  '',
].join('\n');

describe('parseCoreMetadata', () => {
  it('reads single and multiple-use fields in file order, and the body as the description', () => {
    const metadata = parseCoreMetadata(METADATA_2_4, 'METADATA');
    expect(getMetadataField(metadata, 'name')).toBe('Token_Lib');
    expect(getMetadataFields(metadata, 'Classifier')).toEqual(['Programming Language :: Python :: 3', 'License :: OSI Approved :: MIT License']);
    expect(getMetadataFields(metadata, 'Requires-Dist')).toEqual(['requests>=2.31', 'rich; extra == "cli"']);
    expect(metadata.body).toBe('# Token lib\n\nBody text: with a colon.\n');
    expect(metadata.fields[2]).toEqual({ name: 'Version', value: '1.2.0', line: 3 });
  });

  it('unfolds continuation lines, removing the 8-space and 7-space-pipe escapes of setuptools and distutils', () => {
    const text = [
      'Metadata-Version: 1.2',
      'Name: old',
      'Version: 0.1',
      'Description: First line',
      '        second line',
      '        ',
      '            indented code',
      '       |piped line',
      'License: Line one',
      '  line two',
      '',
    ].join('\r\n');
    const metadata = parseCoreMetadata(text, 'PKG-INFO');
    expect(getMetadataField(metadata, 'Description')).toBe('First line\nsecond line\n\n    indented code\npiped line');
    expect(getMetadataField(metadata, 'License')).toBe('Line one\nline two');
    expect(metadata.body).toBeUndefined();
  });

  it('collects every problem with its line, then fails once', () => {
    const text = ['Metadata-Version: 2.1', 'Name: x', 'this is not a header', ''].join('\n');
    let error: unknown;
    try {
      parseCoreMetadata(text, 'a.whl!a-1.dist-info/METADATA');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(NxPypiError);
    expect((error as NxPypiError).render()).toMatchInlineSnapshot(`
"a.whl!a-1.dist-info/METADATA is not valid core metadata (2 problems):
- a.whl!a-1.dist-info/METADATA:3 "this is not a header" is not a "Name: value" header
    rebuild the artifact; its METADATA/PKG-INFO must follow the core metadata specification
- a.whl!a-1.dist-info/METADATA the required field Version is missing
    rebuild the artifact; its METADATA/PKG-INFO must follow the core metadata specification"
`);
  });

  it('ignores a byte order mark and treats a whitespace-only body as absent', () => {
    const metadata = parseCoreMetadata('\uFEFFMetadata-Version: 2.1\nName: a\nVersion: 1\n\n  \n', 'M');
    expect(getMetadataField(metadata, 'Metadata-Version')).toBe('2.1');
    expect(metadata.body).toBeUndefined();
  });
});
