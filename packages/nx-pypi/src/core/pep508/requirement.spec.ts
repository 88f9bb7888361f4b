import { RequirementError } from './errors';
import { parseRequirement } from './requirement';
import { NxPypiError } from '../../errors';

describe('parseRequirement', () => {
  it.each([
    ['requests', { name: 'requests', normalizedName: 'requests', extras: [], specifier: '' }],
    ['Token_Lib>=1.0', { name: 'Token_Lib', normalizedName: 'token-lib', extras: [], specifier: '>=1.0' }],
    ['requests[socks, security] >= 2.31 , <3', { name: 'requests', extras: ['socks', 'security'], specifier: '>=2.31,<3' }],
    ['idna (<4,>=2.5)', { name: 'idna', extras: [], specifier: '<4,>=2.5' }],
    ['idna(>=2.5)', { name: 'idna', specifier: '>=2.5' }],
    ['pkg[]', { name: 'pkg', extras: [] }],
    ['pkg==1.4.*', { specifier: '==1.4.*' }],
    ['pkg===weird.thing', { specifier: '===weird.thing' }],
    ['pkg ~= 1.4.2', { specifier: '~=1.4.2' }],
    ['  spaced  ', { name: 'spaced' }],
    [
      'pip @ https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686',
      { name: 'pip', specifier: '', url: 'https://github.com/pypa/pip/archive/1.3.1.zip#sha1=da9234ee9982d4bbb3c72346a6de940a148ea686' },
    ],
    [
      'local @ file:///tmp/local-1.0-py3-none-any.whl ; python_version >= "3.9"',
      { url: 'file:///tmp/local-1.0-py3-none-any.whl', marker: 'python_version >= "3.9"' },
    ],
    ['pkg>=1;python_version<"3.12"', { specifier: '>=1', marker: 'python_version<"3.12"' }],
    ['pkg;os_name=="nt"', { specifier: '', marker: 'os_name=="nt"' }],
    ['pkg[extra] (>=1.0) ; extra == "test"', { extras: ['extra'], specifier: '>=1.0', marker: 'extra == "test"' }],
  ])('parses %j', (text, expected) => {
    const req = parseRequirement(text);
    expect(req).toMatchObject({ ...expected, raw: text });
    if (!('marker' in expected)) expect(req).not.toHaveProperty('marker');
    if (!('url' in expected)) expect(req).not.toHaveProperty('url');
  });

  it.each([
    'python_version >= "3.9"',
    "python_full_version == '3.11.7'",
    'os_name == "posix" and sys_platform != "win32"',
    'platform_release >= "5" or platform_system == "Linux" and platform_version != ""',
    '(platform_machine == "x86_64" or platform_machine == "aarch64") and python_version < "4"',
    'platform_python_implementation == "CPython" and implementation_name == "cpython"',
    'implementation_version ~= "3.11"',
    'python_version === "3.11"',
    '"linux" in sys_platform',
    '"win" not in sys_platform',
    'sys_platform not  in "win32 cygwin"',
    '((extra == "a"))',
    '"a" == "a"',
    "extra=='dev'",
  ])('accepts the marker %j', (marker) => {
    expect(parseRequirement(`pkg ; ${marker}`).marker).toBe(marker);
  });

  it.each([
    ['', 0, 'the requirement is empty'],
    ['>=1.0', 0, 'expected a package name'],
    ['-pkg', 0, 'expected a package name'],
    ['pkg-', 3, 'found "-"'],
    ['pkg>=', 5, 'expected a version after ">="'],
    ['pkg>=1.0,', 9, 'expected a comparison operator'],
    ['pkg 1.0', 4, 'expected a version specifier, "[", "@", ";" or the end'],
    ['pkg>=1.0 <2', 9, 'expected "," , ";" or the end'],
    ['pkg (>=1.0', 10, 'expected "," or ")"'],
    ['pkg[a,', 6, 'expected an extra name'],
    ['pkg[a b]', 6, 'expected "," or "]"'],
    ['pkg @ ', 6, 'expected a URL after "@"'],
    ['pkg @ not-a-url', 6, 'is not an absolute URL'],
    ['pkg @ https://x/y.whl extra', 22, 'expected whitespace and ";" or the end after the URL'],
    ['pkg>=1.0-foo', 5, 'is not a valid PEP 440 version'],
    ['pkg ;', 5, 'expected a marker expression'],
    ['pkg ; python_version', 20, 'expected a marker operator'],
    ['pkg ; python_version >= ', 24, 'expected a marker variable'],
    ['pkg ; python_version >= "3.9', 24, 'unterminated string'],
    ['pkg ; pyton_version >= "3.9"', 6, 'unknown marker variable "pyton_version"'],
    ['pkg ; os.name == "nt"', 6, '"os.name" is a legacy marker variable; write os_name instead'],
    ['pkg ; python_implementation == "PyPy"', 6, 'write platform_python_implementation instead'],
    ['pkg()', 4, 'expected a comparison operator'],
    ['pkg ; python_version >= "3" and', 31, 'expected a marker variable'],
    ['pkg ; python_version >= "3" xor os_name == "nt"', 28, 'expected "and", "or" or the end'],
    ['pkg ; (python_version >= "3"', 28, 'expected ")" to close'],
    ['pkg ; python_version >= "3")', 27, 'unbalanced ")"'],
    ['pkg ; "a" not "b"', 14, 'expected "in" after "not"'],
    ['pkg ; python_version = "3"', 21, 'unexpected "="'],
    ['pkg ; python_version >= 3', 24, 'unexpected "3"'],
  ])('rejects %j at offset %d', (text, offset, reason) => {
    let caught: unknown;
    try {
      parseRequirement(text);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(RequirementError);
    expect(caught).toBeInstanceOf(NxPypiError);
    const err = caught as RequirementError;
    expect(err.offset).toBe(offset);
    expect(err.reason).toContain(reason);
    expect(err.code).toBe('PEP508_INVALID_REQUIREMENT');
    expect(err.message).toBe(`invalid requirement "${text}": ${err.reason} (at offset ${offset})`);
  });

  it('does not show credentials of a direct reference in the error', () => {
    const text = 'pkg @ https://user:s3cret@host/pkg.whl extra';
    let caught: RequirementError | undefined;
    try {
      parseRequirement(text);
    } catch (err) {
      caught = err as RequirementError;
    }
    expect(caught?.offset).toBe(39);
    expect(caught?.message).toBe(
      'invalid requirement "pkg @ https://***@host/pkg.whl extra": expected whitespace and ";" or the end after the URL, found "e" (at offset 39)',
    );
    expect(caught?.render()).not.toContain('s3cret');
  });
});
