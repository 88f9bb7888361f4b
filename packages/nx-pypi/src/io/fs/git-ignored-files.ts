import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

/**
 * The untracked files git ignores under `dir`, relative to it, as poetry-core asks git for them
 * (`git ls-files --others -i --exclude-standard`: every .gitignore, .git/info/exclude and the user's
 * excludes file). Empty outside a git work tree, without git, or when `dir` itself is ignored —
 * poetry-core then ignores nothing either.
 */
export async function listGitIgnoredFiles(dir: string): Promise<Set<string>> {
  try {
    const ignoredItself = await run('git', ['check-ignore', '-q', '.'], { cwd: dir }).then(
      () => true,
      () => false,
    );
    if (ignoredItself) return new Set();
    const { stdout } = await run('git', ['ls-files', '--others', '-i', '--exclude-standard', '-z'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 });
    return new Set(stdout.split('\0').filter((p) => p !== ''));
  } catch {
    return new Set();
  }
}
