import { readdir, rm, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isStaleArtifact } from '../../../core/dist/filenames';
import type { BuiltArtifact } from './output-dir';

/** `dist/token_lib-0.1.0.tar.gz (1.2 kB)`: one line per artifact, path relative to the workspace. */
export function formatArtifactLine(artifact: BuiltArtifact, workspaceRoot: string): string {
  return `${relative(workspaceRoot, artifact.path)} (${formatSize(artifact.size)})`;
}

export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['kB', 'MB', 'GB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export async function describeArtifacts(outputDir: string, filenames: readonly string[]): Promise<BuiltArtifact[]> {
  const out: BuiltArtifact[] = [];
  for (const filename of filenames) {
    const path = join(outputDir, filename);
    out.push({ filename, path, size: (await stat(path)).size });
  }
  return out;
}

/**
 * Removes this distribution's other wheels and sdists (older versions) so the output folder holds
 * exactly the current build, as Nx's cached outputs should. `distName` is the normalized
 * underscore form; other projects' artifacts in a shared folder are left alone.
 */
export async function removeStaleArtifacts(outputDir: string, distName: string, keep: readonly string[]): Promise<void> {
  for (const name of await readdir(outputDir)) if (isStaleArtifact(name, distName, keep)) await rm(join(outputDir, name), { force: true });
}
