import { parseRequirement } from '../pep508/requirement';
import { eggInfoName, renderPackagingMarker, renderPackagingRequirement } from './setuptools-egg-info';

describe('requirements and markers as packaging prints them (setuptools requires.txt)', () => {
  it.each([
    ['requests[socks,security] >= 2.31 , <3', 'requests[security,socks]<3,>=2.31'],
    ['attrs', 'attrs'],
    ['local-dep @ https://example.com/local_dep-1.0-py3-none-any.whl', 'local-dep @ https://example.com/local_dep-1.0-py3-none-any.whl'],
    ['tomli>=1; python_version < "3.11"', 'tomli>=1'],
  ])('%s -> %s (the marker goes into the section name)', (text, expected) => {
    expect(renderPackagingRequirement(parseRequirement(text))).toBe(expected);
  });

  it.each([
    ["python_version<'3.11'", 'python_version < "3.11"'],
    ["sys_platform == 'win32' or (os_name == 'nt' and python_version >= '3.10')", 'sys_platform == "win32" or (os_name == "nt" and python_version >= "3.10")'],
    // packaging drops the parentheses around a whole marker and around a single item, and keeps the rest.
    ["(python_version >= '3.9' and os_name == 'nt')", 'python_version >= "3.9" and os_name == "nt"'],
    ["(python_version >= '3.9') and os_name == 'nt'", 'python_version >= "3.9" and os_name == "nt"'],
    ["'linux' not   in sys_platform", '"linux" not in sys_platform'],
  ])('%s -> %s', (marker, expected) => {
    expect(renderPackagingMarker(marker)).toBe(expected);
  });

  it("names the egg-info as egg_info's safer_name does: case and dots kept, other runs become _", () => {
    expect(eggInfoName('St.Src')).toBe('St.Src');
    expect(eggInfoName('token-lib')).toBe('token_lib');
    expect(eggInfoName('a -b')).toBe('a_b');
  });
});
