/**
 * The fixture projects of the recorded-backend conformance specs (test-support/<backend>/<case>/), prepared
 * as tools/record-backend.mjs prepares them before it runs the real backend.
 */
import { execFileSync } from 'node:child_process';
import { cp, mkdir, rename, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** `<case>/case.json`: what the case exercises and what is done to the copy before it is built. */
export interface RecordedCaseConfig {
  description?: string;
  /** `git init` + `git add -A` in the project (or at the parent folder when `parent.git` is set). */
  git?: boolean;
  /** Files written into the copy only (ones this repository must not hold, such as `*.pyc`). */
  createFiles?: Record<string, string>;
  /** A repository around the project: the project lives at `repo/project`, these files are written into `repo/`. */
  parent?: { files?: Record<string, string>; git?: boolean };
}

export interface PreparedCase {
  /** The root of the copy's repository: `repo/` for a `parent` case, else the project itself. */
  workspaceRoot: string;
  projectRoot: string;
}

/** The cases of a fixtures folder that have a recording. */
export function listRecordedCases(fixtures: string): string[] {
  return readdirSync(fixtures)
    .filter((name) => existsSync(join(fixtures, name, 'expected.json')))
    .sort();
}

export function readRecording<T>(fixtures: string, name: string): T {
  return JSON.parse(readFileSync(join(fixtures, name, 'expected.json'), 'utf8')) as T;
}

async function writeFilesUnder(root: string, files: Record<string, string> | undefined): Promise<void> {
  for (const [relative, content] of Object.entries(files ?? {})) {
    await mkdir(dirname(join(root, relative)), { recursive: true });
    await writeFile(join(root, relative), content);
  }
}

/**
 * Copies `<fixtures>/<name>/project` into `<base>/<name>/` as the recording script did: `gitignore` renamed
 * to `.gitignore`, `createFiles` written, the `parent` folder around it, and a git work tree.
 */
export async function prepareRecordedCase(fixtures: string, name: string, base: string): Promise<PreparedCase> {
  const config = JSON.parse(readFileSync(join(fixtures, name, 'case.json'), 'utf8')) as RecordedCaseConfig;
  const copyParent = join(base, name);
  const repo = config.parent ? join(copyParent, 'repo') : undefined;
  const project = repo ? join(repo, 'project') : join(copyParent, 'project');
  await cp(join(fixtures, name, 'project'), project, { recursive: true });
  if (existsSync(join(project, 'gitignore'))) await rename(join(project, 'gitignore'), join(project, '.gitignore'));
  await writeFilesUnder(project, config.createFiles);
  if (repo) await writeFilesUnder(repo, config.parent?.files);
  const gitRoot = repo && config.parent?.git ? repo : config.git ? project : undefined;
  if (gitRoot) {
    const env = { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', GIT_CEILING_DIRECTORIES: copyParent };
    execFileSync('git', ['-c', 'init.defaultBranch=main', 'init', '-q'], { cwd: gitRoot, env });
    execFileSync('git', ['add', '-A'], { cwd: gitRoot, env });
  }
  return { workspaceRoot: repo ?? project, projectRoot: project };
}
