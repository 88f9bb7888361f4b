import { highestVersion } from './highest-version';

describe('highestVersion', () => {
  it('picks the highest PEP 440 version among wheels and sdists, pre-releases included', () => {
    const files = [
      'token_lib-0.1.0-py3-none-any.whl',
      'token_lib-0.1.0.tar.gz',
      'token_lib-0.10.0.tar.gz',
      'token_lib-0.9.0-py3-none-any.whl',
      'token_lib-0.10.1rc1-py3-none-any.whl',
    ];
    expect(highestVersion(files)).toBe('0.10.1rc1');
    expect(highestVersion(files.slice(0, 4))).toBe('0.10.0');
  });

  it('orders by PEP 440, not by text: dev < a < rc < final < post', () => {
    expect(highestVersion(['p-1.0.dev1.tar.gz', 'p-1.0a1.tar.gz', 'p-1.0rc1.tar.gz', 'p-1.0.tar.gz', 'p-1.0.post1.tar.gz'])).toBe('1.0.post1');
    expect(highestVersion(['p-1.0.dev1.tar.gz', 'p-1.0a1.tar.gz', 'p-1.0rc1.tar.gz'])).toBe('1.0rc1');
  });

  it('skips files that are not wheels or sdists, or whose version is not PEP 440', () => {
    expect(highestVersion(['p-9.0.win32.exe', 'p-8.0-py2.7.egg', 'p-7.0.tar.bz2', 'p-latest.tar.gz', 'p-0.3.zip'])).toBe('0.3');
    expect(highestVersion([])).toBeUndefined();
  });

  it('keeps only the named project when given (any spelling)', () => {
    expect(highestVersion(['token_lib-0.2.0.tar.gz', 'token_lib_extra-9.0.tar.gz'], 'Token.Lib')).toBe('0.2.0');
  });
});
