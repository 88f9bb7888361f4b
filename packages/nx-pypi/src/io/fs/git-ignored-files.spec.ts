import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { listGitIgnoredFiles } from './git-ignored-files';

describe('listGitIgnoredFiles (what poetry-core asks git)', () => {
  let root: string;
  const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'git-ignored-'));
    execFileSync('git', ['-c', 'init.defaultBranch=main', 'init', '-q'], { cwd: root, env });
    await mkdir(join(root, 'libs/token-lib/token_lib/__gen__'), { recursive: true });
    await mkdir(join(root, 'scratch/proj'), { recursive: true });
    await writeFile(join(root, '.gitignore'), '*.log\nscratch/\n');
    await writeFile(join(root, 'libs/token-lib/.gitignore'), '__gen__/\n');
    await writeFile(join(root, 'libs/token-lib/token_lib/__init__.py'), '');
    await writeFile(join(root, 'libs/token-lib/token_lib/run.log'), '');
    await writeFile(join(root, 'libs/token-lib/token_lib/__gen__/x.py'), '');
    await writeFile(join(root, 'scratch/proj/a.py'), '');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('lists untracked ignored files under the project, relative to it, from every .gitignore that applies', async () => {
    expect([...(await listGitIgnoredFiles(join(root, 'libs/token-lib')))].sort()).toEqual(['token_lib/__gen__/x.py', 'token_lib/run.log']);
  });

  it('ignores nothing in a folder git ignores as a whole, or outside a work tree', async () => {
    expect(await listGitIgnoredFiles(join(root, 'scratch/proj'))).toEqual(new Set());
    expect(await listGitIgnoredFiles(tmpdir())).toEqual(new Set());
  });
});
