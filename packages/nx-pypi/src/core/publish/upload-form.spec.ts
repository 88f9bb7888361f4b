import { parseCoreMetadata } from './parse-core-metadata';
import { compareMetadataVersions, computeUploadForm, type FormField } from './upload-form';

const digests = { sha256: 'aa'.repeat(32), blake2_256: 'cc'.repeat(32) };
const wheel = { filetype: 'bdist_wheel' as const, pyversion: 'py3', digests };

function metadata(version: string, extra: string[] = [], body = ''): ReturnType<typeof parseCoreMetadata> {
  return parseCoreMetadata([`Metadata-Version: ${version}`, 'Name: Token_Lib', 'Version: 1.2.0', ...extra, '', body].join('\n'), 'METADATA');
}

function values(form: FormField[], name: string): string[] {
  return form.filter((f) => f.name === name).map((f) => f.value);
}

describe('computeUploadForm', () => {
  it('sends what twine sends for a 2.4 wheel: scalars once, multiple-use fields repeated, digests in hex', () => {
    const form = computeUploadForm(
      metadata(
        '2.4',
        [
          'Summary: Tokens',
          'Keywords: a,b',
          'Home-page: https://example.com',
          'Author: Ada',
          'Author-email: ada@example.com',
          'Maintainer: Bob',
          'Maintainer-email: bob@example.com',
          'License-Expression: MIT',
          'License-File: LICENSE',
          'License-File: licenses/NOTICE',
          'Classifier: A :: B',
          'Classifier: C :: D',
          'Requires-Dist: requests>=2',
          'Requires-Dist: rich; extra == "cli"',
          'Requires-Python: >=3.9',
          'Project-URL: Homepage, https://example.com',
          'Project-URL: Issues, https://example.com/i',
          'Provides-Extra: cli',
          'Dynamic: license-file',
          'Description-Content-Type: text/markdown',
        ],
        '# Title\n',
      ),
      wheel,
    );
    expect(form.slice(0, 7)).toEqual([
      { name: ':action', value: 'file_upload' },
      { name: 'protocol_version', value: '1' },
      { name: 'metadata_version', value: '2.4' },
      { name: 'name', value: 'Token_Lib' },
      { name: 'version', value: '1.2.0' },
      { name: 'filetype', value: 'bdist_wheel' },
      { name: 'pyversion', value: 'py3' },
    ]);
    expect(values(form, 'classifiers')).toEqual(['A :: B', 'C :: D']);
    expect(values(form, 'requires_dist')).toEqual(['requests>=2', 'rich; extra == "cli"']);
    expect(values(form, 'project_urls')).toEqual(['Homepage, https://example.com', 'Issues, https://example.com/i']);
    expect(values(form, 'license_file')).toEqual(['LICENSE', 'licenses/NOTICE']);
    expect(values(form, 'keywords')).toEqual(['a,b']);
    expect(values(form, 'description')).toEqual(['# Title\n']);
    expect(values(form, 'requires_python')).toEqual(['>=3.9']);
    expect(values(form, 'provides_extra')).toEqual(['cli']);
    expect(values(form, 'dynamic')).toEqual(['license-file']);
    expect(values(form, 'home_page')).toEqual(['https://example.com']);
    expect(values(form, 'maintainer_email')).toEqual(['bob@example.com']);
    expect(values(form, 'license_expression')).toEqual(['MIT']);
    expect(values(form, 'description_content_type')).toEqual(['text/markdown']);
    expect(values(form, 'md5_digest')).toEqual([]); // as twine >= 6.2 and uv: Nexus checks md5 only when sent
    expect(form.slice(-2)).toEqual([
      { name: 'sha256_digest', value: digests.sha256 },
      { name: 'blake2_256_digest', value: digests.blake2_256 },
    ]);
    expect(form.some((f) => f.name === 'content')).toBe(false);
  });

  it('drops License-File below Metadata-Version 2.4, as twine does', () => {
    const form = computeUploadForm(metadata('2.1', ['License-File: LICENSE']), wheel);
    expect(values(form, 'license_file')).toEqual([]);
  });

  it('takes the description from a Description header when there is no body, and sends sdists as "source"', () => {
    const form = computeUploadForm(metadata('1.2', ['Description: short\n        more']), { filetype: 'sdist', pyversion: 'source', digests });
    expect(values(form, 'description')).toEqual(['short\nmore']);
    expect(values(form, 'filetype')).toEqual(['sdist']);
    expect(values(form, 'pyversion')).toEqual(['source']);
  });

  it('omits fields the metadata does not have', () => {
    const names = computeUploadForm(metadata('2.1'), wheel).map((f) => f.name);
    expect(names).not.toContain('summary');
    expect(names).not.toContain('requires_python');
    expect(names).not.toContain('description');
  });
});

describe('compareMetadataVersions', () => {
  it.each([
    ['2.4', '2.4', 0],
    ['2.10', '2.4', 1],
    ['2.1', '2.4', -1],
    ['2', '2.0', 0],
  ])('%s vs %s', (a, b, sign) => {
    expect(Math.sign(compareMetadataVersions(a, b))).toBe(sign);
  });
});
