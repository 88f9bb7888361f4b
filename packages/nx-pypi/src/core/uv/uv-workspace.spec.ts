import { PyProjectError } from '../pyproject/errors';
import { findUvLockRoot, isWorkspaceMember, readUvWorkspace } from './uv-workspace';

function finder(files: Record<string, string>) {
  return (projectRoot: string) => findUvLockRoot(projectRoot, (path) => files[path]);
}

const MEMBER = '[project]\nname = "m"\nversion = "0.1.0"\n';

describe('findUvLockRoot', () => {
  it('is the workspace root whose members glob matches the project, walking up past folders without a pyproject.toml', () => {
    const find = finder({ 'py/pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\n', 'py/packages/lib/pyproject.toml': MEMBER });
    expect(find('py/packages/lib')).toBe('py');
  });

  it('is the project itself when the workspace excludes it or no glob matches it', () => {
    const find = finder({ 'pyproject.toml': '[tool.uv.workspace]\nmembers = ["packages/*"]\nexclude = ["packages/scratch"]\n' });
    expect(find('packages/scratch')).toBe('packages/scratch');
    expect(find('apps/tool')).toBe('apps/tool');
    // `*` stays inside one folder name, as uv expands member globs.
    expect(find('packages/a/b')).toBe('packages/a/b');
    expect(find('packages/a')).toBe('.');
  });

  it('stops at the first pyproject.toml above, as uv does: another project or settings-only file makes the project stand alone', () => {
    const find = finder({
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["apps/**"]\n',
      'apps/host/pyproject.toml': '[project]\nname = "host"\n',
    });
    expect(find('apps/host/examples/demo')).toBe('apps/host/examples/demo');
    expect(find('apps/other')).toBe('.');
  });

  it('is the project when its own pyproject.toml declares the workspace, and the root for the root project', () => {
    const find = finder({
      'svc/pyproject.toml': '[project]\nname = "svc"\n[tool.uv.workspace]\nmembers = []\n',
      'pyproject.toml': '[tool.uv.workspace]\nmembers = ["svc"]\n',
    });
    expect(find('svc')).toBe('svc');
    expect(find('.')).toBe('.');
    expect(find('')).toBe('.');
  });
});

describe('isWorkspaceMember', () => {
  it('normalizes ./ and trailing slashes in globs and folders', () => {
    expect(isWorkspaceMember('packages/lib/', { members: ['./packages/*/'], exclude: [] })).toBe(true);
    expect(isWorkspaceMember('packages/lib', { members: ['packages/*'], exclude: ['./packages/lib'] })).toBe(false);
  });
});

describe('readUvWorkspace', () => {
  it('is undefined without [tool.uv.workspace], and the globs with it', () => {
    expect(readUvWorkspace('[tool.uv]\npackage = false\n', 'pyproject.toml')).toBeUndefined();
    expect(readUvWorkspace('[tool.uv.workspace]\nmembers = ["a"]\n', 'pyproject.toml')).toEqual({ members: ['a'], exclude: [] });
  });

  it('locates a bad members list', () => {
    let error: unknown;
    try {
      readUvWorkspace('[tool.uv.workspace]\nmembers = "packages/*"\n', 'py/pyproject.toml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PyProjectError);
    expect((error as PyProjectError).render()).toMatch(
      /^py\/pyproject\.toml:2:11 \[tool\.uv\.workspace\.members\] must be an array, got a string\n {2}list folder globs/,
    );
  });
});
