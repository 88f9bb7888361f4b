import { mkdir, mkdtemp, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkProject } from './walk-project';

describe('walkProject', () => {
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'nx-pypi-walk-'));
    root = join(base, 'proj');
    const files = [
      'pyproject.toml',
      'src/pkg/__init__.py',
      'src/pkg/__pycache__/x.cpython-311.pyc',
      'src/pkg/old.pyc',
      'dist/pkg-1.0.tar.gz',
      'build/lib/x.py',
      'src/pkg.egg-info/PKG-INFO',
      '.venv/bin/python',
      '.git/HEAD',
      'node_modules/a/index.js',
      'out/artifact.whl',
      '.gitignore',
      'src/pkg/build/__init__.py',
      'src/pkg/dist/names.py',
    ];
    for (const f of files) {
      await mkdir(join(root, f, '..'), { recursive: true });
      await writeFile(join(root, f), 'x');
    }
    await writeFile(join(base, 'secret.txt'), 'outside');
    await symlink(join(base, 'secret.txt'), join(root, 'src/pkg/secret.txt'));
    await symlink('__init__.py', join(root, 'src/pkg/alias.py'));
    await symlink(root, join(root, 'src/loop'));
    await chmod(join(root, 'src/pkg/__init__.py'), 0o755);
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  it('lists project files sorted, skipping the root build output, caches, VCS and environments at any depth', () => {
    const walk = walkProject(root, { skip: ['out'] });
    expect(walk.files.map((f) => f.path)).toEqual([
      '.gitignore',
      'pyproject.toml',
      'src/pkg/__init__.py',
      'src/pkg/alias.py',
      // Subpackages named like tool output folders are code: only the root's build/ and dist/ are output.
      'src/pkg/build/__init__.py',
      'src/pkg/dist/names.py',
    ]);
    expect(walk.files.find((f) => f.path === 'src/pkg/__init__.py')).toEqual({ path: 'src/pkg/__init__.py', size: 1, executable: true });
  });

  it('reports links leaving the project instead of following them, and does not loop on links to ancestors', () => {
    const walk = walkProject(root);
    expect(walk.outsideLinks).toEqual(['src/pkg/secret.txt']);
    expect(walk.files.some((f) => f.path.startsWith('src/loop'))).toBe(false);
  });

  it('refuses a file name that is not UTF-8, naming it with its bytes escaped, instead of failing to open it', async () => {
    const odd = join(base, 'odd');
    await mkdir(join(odd, 'pkg'), { recursive: true });
    await writeFile(join(odd, 'pyproject.toml'), 'x');
    await writeFile(Buffer.concat([Buffer.from(join(odd, 'pkg') + '/caf'), Buffer.from([0xe9]), Buffer.from('.py')]), 'x');
    expect(() => walkProject(odd)).toThrow(
      expect.objectContaining({ code: 'DIST_FILE_NAME_NOT_UTF8', message: expect.stringContaining('"pkg/caf\\xe9.py" is not UTF-8') }),
    );
  });
});
