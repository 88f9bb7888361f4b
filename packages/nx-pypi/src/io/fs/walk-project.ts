import { lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { DistBuildError } from '../../core/dist/errors';

/**
 * Where build tools write their output, at the project root only: `dist/` and `build/`. Deeper
 * down they are code — a subpackage `mypkg/build/` ships with every backend (setuptools' flat-layout
 * discovery leaves out only a top-level `build` package, hatchling, flit and uv_build exclude
 * neither), and skipping it silently dropped modules from wheels.
 */
const ROOT_OUTPUT_DIRS = new Set(['dist', 'build']);

/** Folders never packaged at any depth: environments, caches, VCS data. */
const SKIPPED_DIRS = new Set([
  'node_modules',
  '__pycache__',
  '.git',
  '.hg',
  '.svn',
  '.venv',
  '.tox',
  '.nox',
  '.nx',
  '.mypy_cache',
  '.pytest_cache',
  '.ruff_cache',
]);

export interface WalkedFile {
  /** POSIX path relative to the project root. */
  path: string;
  size: number;
  /** Any execute bit set: such files keep 0755 in the archives, everything else gets 0644. */
  executable: boolean;
}

export interface ProjectWalk {
  files: WalkedFile[];
  /** Symlinks whose target lies outside the project: listed, never followed. */
  outsideLinks: string[];
}

export interface WalkOptions {
  /** Further project-relative folders to leave out (e.g. a custom output folder). */
  skip?: readonly string[];
}

/**
 * Lists the project's files sorted by path, skipping build output and caches (`dist/` and `build/`
 * at the root, `*.egg-info/`, `__pycache__/`, `*.pyc`, VCS folders, virtualenvs, node_modules). Symlinks that
 * resolve inside the project are read through; ones that leave it are reported, not followed, so
 * an archive never picks up files from elsewhere on the machine.
 *
 * Synchronous on purpose: a walk is hundreds of tiny metadata calls, and a thread-pool round trip
 * per call (the promise API) costs more than the call itself; nothing else runs in a build meanwhile.
 */
export function walkProject(root: string, options: WalkOptions = {}): ProjectWalk {
  const realRoot = realpathSync(root);
  const skip = new Set(options.skip ?? []);
  const files: WalkedFile[] = [];
  const outsideLinks: string[] = [];
  // `ancestors` holds the real paths of the folders being visited: a link back to one of them
  // would otherwise loop forever.
  const visit = (dir: string, rel: string, ancestors: ReadonlySet<string>): void => {
    const real = realpathSync(dir);
    if (ancestors.has(real)) return;
    const inside = new Set(ancestors).add(real);
    const names = readdirSync(dir, { encoding: 'buffer' })
      .map((raw) => decodeName(raw, rel))
      .sort();
    for (const name of names) {
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if (skip.has(relPath)) continue;
      let info = lstatSync(path);
      if (info.isSymbolicLink()) {
        const target = realTarget(path);
        if (target === undefined || !isInside(realRoot, target)) {
          outsideLinks.push(relPath);
          continue;
        }
        info = statSync(path);
      }
      if (info.isDirectory()) {
        if (SKIPPED_DIRS.has(name) || name.endsWith('.egg-info') || (rel === '' && ROOT_OUTPUT_DIRS.has(name))) continue;
        visit(path, relPath, inside);
      } else if (info.isFile()) {
        if (name.endsWith('.pyc') || name.endsWith('.pyo')) continue;
        files.push({ path: relPath, size: info.size, executable: (info.mode & 0o111) !== 0 });
      }
    }
  };
  visit(root, '', new Set());
  return { files, outsideLinks };
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * A file name as text. Wheel RECORDs, sdist tar headers and Python's import system all name files
 * in UTF-8; Node would turn other bytes into U+FFFD, and the file could then not even be opened.
 */
function decodeName(raw: Buffer, rel: string): string {
  try {
    return UTF8.decode(raw);
  } catch {
    // Python's surrogateescape spelling of the undecodable bytes, as `ls --quoting-style=escape` would.
    const shown = [...raw].map((b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`)).join('');
    const where = rel ? `${rel}/${shown}` : shown;
    throw new DistBuildError(`the file name "${where}" is not UTF-8, so it cannot be put into a wheel or an sdist`, {
      code: 'DIST_FILE_NAME_NOT_UTF8',
      location: { file: where },
      hint: 'rename it to a UTF-8 name (e.g. `convmv -f latin1 -t utf8 --notest <file>`), or move it out of the project folder',
    });
  }
}

/** Where a symlink leads, or undefined when it is dangling or loops. */
function realTarget(path: string): string | undefined {
  try {
    return realpathSync(path);
  } catch {
    return undefined;
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !rel.startsWith(sep) && !/^[a-zA-Z]:/.test(rel));
}
