import { isObjectReference } from './fields-entry-points';

describe('isObjectReference', () => {
  it.each([
    ['my_pkg', true],
    ['my_pkg.cli:main', true],
    ['my_pkg.cli : App.run', true],
    ['hatchling.build', true],
    ['_private.mod2:obj_3', true],
    ['paquet_été.cli:démarrer', true],
    ['模块.子模块:函数', true],
    ['my_pkg\u00a0:main', true],
  ])('accepts the Python identifier path %j', (ref, expected) => {
    expect(isObjectReference(ref)).toBe(expected);
  });

  it.each(['', '1pkg', 'my-pkg.cli:main', 'my_pkg.:main', 'my_pkg:', 'my_pkg:main:extra', 'my pkg', 'été-bad', 'pkg.²nd'])(
    'rejects %j, in ASCII or not',
    (ref) => {
      expect(isObjectReference(ref)).toBe(false);
    },
  );

  it('asks for an attribute when a script needs a function', () => {
    expect(isObjectReference('my_pkg.cli', true)).toBe(false);
    expect(isObjectReference('my_pkg.cli:main', true)).toBe(true);
    expect(isObjectReference('paquet_été:démarrer', true)).toBe(true);
  });
});
