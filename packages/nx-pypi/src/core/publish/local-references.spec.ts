import { parseCoreMetadata } from './parse-core-metadata';
import { findLocalRequirements } from './local-references';

describe('findLocalRequirements', () => {
  it('finds path dependencies written as file: direct references, and nothing else', () => {
    const metadata = parseCoreMetadata(
      [
        'Metadata-Version: 2.1',
        'Name: token-cli',
        'Version: 0.1.0',
        'Requires-Dist: token-lib @ file:///home/ci/ws/libs/token-lib',
        'Requires-Dist: click (>=8.1,<9.0)',
        'Requires-Dist: pkg @ https://example.com/pkg-1.0.tar.gz ; extra == "x"',
        'Requires-Dist: other @ FILE:///tmp/other ; python_version >= "3.9"',
        '',
      ].join('\n'),
      'METADATA',
    );
    expect(findLocalRequirements(metadata)).toEqual(['token-lib @ file:///home/ci/ws/libs/token-lib', 'other @ FILE:///tmp/other ; python_version >= "3.9"']);
  });
});
