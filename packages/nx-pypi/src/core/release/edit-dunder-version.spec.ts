import { applyTextEdits } from '../pyproject/edit-text';
import { computeDunderVersionEdits, listInitFileCandidates } from './edit-dunder-version';

const apply = (source: string, version: string): string => applyTextEdits(source, computeDunderVersionEdits(source, version).edits);

describe('computeDunderVersionEdits', () => {
  it.each([
    ['__version__ = "0.1.0"\n', '__version__ = "0.2.0"\n'],
    ["__version__ = '0.1.0'  # keep in sync\n", "__version__ = '0.2.0'  # keep in sync\n"],
    ['__version__: str = "0.1.0"\r\n__all__ = ["x"]\r\n', '__version__: str = "0.2.0"\r\n__all__ = ["x"]\r\n'],
    ['"""Doc."""\n\n__version__="0.1.0"\n', '"""Doc."""\n\n__version__="0.2.0"\n'],
  ])('rewrites only the version characters in %j', (source, expected) => {
    expect(apply(source, '0.2.0')).toBe(expected);
  });

  it.each([
    ['__version__ = importlib.metadata.version("token-lib")\n'],
    ['if True:\n    __version__ = "0.1.0"\n'],
    ['version = "0.1.0"\n'],
    ['# __version__ = "0.1.0"\n'],
  ])('leaves %j alone', (source) => {
    expect(computeDunderVersionEdits(source, '0.2.0').edits).toEqual([]);
  });

  it('reports the previous value and no edit when it is already current', () => {
    expect(computeDunderVersionEdits('__version__ = "0.2.0"\n', '0.2.0')).toEqual({ previous: ['0.2.0'], edits: [] });
  });
});

describe('listInitFileCandidates', () => {
  it('looks in the flat layout, then the src layout', () => {
    expect(listInitFileCandidates('token_lib')).toEqual(['token_lib/__init__.py', 'src/token_lib/__init__.py']);
  });
});
