import type { Tree } from '@nx/devkit';
import { join } from 'node:path';
import { NxPypiError } from '../errors';

/** The project's files as the build sees them (build output, environments and VCS data left out). */
export function listTreeFiles(tree: Tree, root: string): string[] {
  const skipped = new Set(['dist', 'build', 'node_modules', '__pycache__', '.git', '.venv', '.tox', '.nox', '.nx']);
  const out: string[] = [];
  const visit = (dir: string, rel: string) => {
    for (const name of tree.children(dir)) {
      const path = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      if (tree.isFile(path)) out.push(relPath);
      else if (!skipped.has(name) && !name.endsWith('.egg-info')) visit(path, relPath);
    }
  };
  visit(root, '');
  return out;
}

/** The file's text; a missing manifest is an error naming it. */
export function readText(tree: Tree, path: string): string {
  const text = tree.read(path, 'utf-8');
  if (text === null) {
    throw new NxPypiError(`${path} does not exist`, {
      code: 'RELEASE_MANIFEST_MISSING',
      location: { file: path },
      hint: 'every Python project needs a pyproject.toml at its root',
    });
  }
  return text;
}
