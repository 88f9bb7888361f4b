import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNearestGitignore } from './read-nearest-gitignore';

describe('readNearestGitignore finds the .gitignore hatchling reads', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nearest-gitignore-'));
    mkdirSync(join(root, 'outer/repo/libs/pkg'), { recursive: true });
    writeFileSync(join(root, 'outer/.gitignore'), 'outside-the-repository\n');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("takes the project's own, else the nearest one above", () => {
    writeFileSync(join(root, 'outer/repo/.gitignore'), '*.log\n');
    const found = readNearestGitignore(join(root, 'outer/repo/libs/pkg'));
    expect(found && { path: found.path, text: found.text }).toEqual({ path: join(root, 'outer/repo/.gitignore'), text: '*.log\n' });
    writeFileSync(join(root, 'outer/repo/libs/pkg/.gitignore'), 'build/\n');
    expect(readNearestGitignore(join(root, 'outer/repo/libs/pkg'))?.text).toBe('build/\n');
  });

  it("stops at the repository's top, whether .git is a folder or a worktree's file", () => {
    mkdirSync(join(root, 'outer/repo/.git'));
    expect(readNearestGitignore(join(root, 'outer/repo/libs/pkg'))).toBeUndefined();
    rmSync(join(root, 'outer/repo/.git'), { recursive: true });
    writeFileSync(join(root, 'outer/repo/.git'), 'gitdir: /elsewhere\n');
    expect(readNearestGitignore(join(root, 'outer/repo/libs/pkg'))).toBeUndefined();
    rmSync(join(root, 'outer/repo/.git'));
    expect(readNearestGitignore(join(root, 'outer/repo/libs/pkg'))?.text).toBe('outside-the-repository\n');
  });
});
