import { computeDynamicVersionEdit } from './edit-dynamic-version';

describe('computeDynamicVersionEdit', () => {
  it('rewrites the first module-level assignment, keeping quotes, annotation and comments', () => {
    const text = '"""Doc."""\r\n__version__: str = \'1.0\'  # release\r\n__version__ = "ignored"\r\n';
    expect(computeDynamicVersionEdit(text, { file: 'm.py', kind: 'assignment', name: '__version__' }, '1.1')).toBe(
      '"""Doc."""\r\n__version__: str = \'1.1\'  # release\r\n__version__ = "ignored"\r\n',
    );
    expect(computeDynamicVersionEdit('def f():\n    VERSION = "x"\n', { file: 'm.py', kind: 'assignment', name: 'VERSION' }, '2')).toBeUndefined();
  });

  it('replaces the content of a VERSION file, keeping its surrounding whitespace', () => {
    expect(computeDynamicVersionEdit('3.1.0\n', { file: 'VERSION', kind: 'whole-file' }, '3.2.0')).toBe('3.2.0\n');
  });

  it('replaces the span of the pattern group, as hatchling does (a leading v stays)', () => {
    const pattern = /^(__version__|VERSION) *= *(['"])v?(?<version>.+?)\2/im;
    expect(computeDynamicVersionEdit('# x\r\nVERSION = "v0.4.2"\r\n', { file: 'a.py', kind: 'pattern', pattern, group: 'version' }, '0.5.0')).toBe(
      '# x\r\nVERSION = "v0.5.0"\r\n',
    );
    expect(
      computeDynamicVersionEdit(
        "__version__ = '3.3'  # managed\n",
        { file: 'a.py', kind: 'pattern', pattern: /^__version__\s*=\s*["'](.+?)["']\s*(?:#.*)?$/m, group: 1 },
        '3.4',
      ),
    ).toBe("__version__ = '3.4'  # managed\n");
  });

  it('refuses to half-edit a version it does not write as one literal', () => {
    const at = { file: 'm.py', kind: 'assignment' as const, name: '__version__' };
    expect(computeDynamicVersionEdit('__version__ = "1." "0"\n', at, '2.0')).toBeUndefined();
    expect(computeDynamicVersionEdit('__version__ = ("1.0")\n', at, '2.0')).toBeUndefined();
  });
});
