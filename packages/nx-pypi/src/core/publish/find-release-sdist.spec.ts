import { findOtherReleaseSdist } from './find-release-sdist';
import type { IndexFile } from './parse-simple-index';

const index = (...names: string[]) => new Map<string, IndexFile>(names.map((n) => [n, { filename: n, url: `https://h/p/${n}`, hashes: {} }]));

describe('findOtherReleaseSdist', () => {
  it('finds the sdist of the same version under another name, whatever its spelling of the version', () => {
    expect(findOtherReleaseSdist('token_lib-0.1.0.tar.gz', '0.1.0', index('token-lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl'))).toBe(
      'token-lib-0.1.0.tar.gz',
    );
    expect(findOtherReleaseSdist('token_lib-1.0.tar.gz', '1.0', index('token_lib-1.0.0.zip'))).toBe('token_lib-1.0.0.zip');
  });

  it('ignores the file itself, wheels, other versions and names that are not distributions', () => {
    expect(
      findOtherReleaseSdist(
        'token_lib-0.1.0.tar.gz',
        '0.1.0',
        index('Token_Lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl', 'token_lib-0.1.1.tar.gz', 'README'),
      ),
    ).toBeUndefined();
  });
});
