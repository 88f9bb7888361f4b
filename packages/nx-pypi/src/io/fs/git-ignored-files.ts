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
  // Both at once: each is a process start (~5 ms), and a batch of builds pays it per project.
  const [ignoredItself, listed] = await Promise.all([
    run('git', ['check-ignore', '-q', '.'], { cwd: dir }).then(
      () => true,
      () => false,
    ),
    run('git', ['ls-files', '--others', '-i', '--exclude-standard', '-z'], { cwd: dir, maxBuffer: 64 * 1024 * 1024 }).then(
      ({ stdout }) => stdout,
      () => undefined,
    ),
  ]);
  if (ignoredItself || listed === undefined) return new Set();
  return new Set(listed.split('\0').filter((p) => p !== ''));
}
