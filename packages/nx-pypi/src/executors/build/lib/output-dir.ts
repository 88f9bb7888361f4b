import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/** An artifact that reached the output folder. */
export interface BuiltArtifact {
  filename: string;
  path: string;
  size: number;
}

/**
 * Artifacts are written to temporary names inside the output folder (same file system, so the
 * final rename is atomic) and only renamed into place once every one of them is complete: a
 * failed build leaves neither a partial file nor a half-updated pair.
 */
export class OutputStaging {
  private readonly temps = new Map<string, string>();

  constructor(readonly outputDir: string) {}

  async prepare(): Promise<void> {
    await mkdir(this.outputDir, { recursive: true });
  }

  /** A fresh temporary path for `filename`; hidden and suffixed so no glob picks it up as an artifact. */
  tempPathFor(filename: string): string {
    const temp = join(this.outputDir, `.${filename}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
    this.temps.set(filename, temp);
    return temp;
  }

  /** Renames every staged file into place, then removes this distribution's other artifacts. */
  async commit(isStale: (filename: string) => boolean): Promise<void> {
    for (const [filename, temp] of this.temps) await rename(temp, join(this.outputDir, filename));
    this.temps.clear();
    for (const name of await readdir(this.outputDir)) if (isStale(name)) await rm(join(this.outputDir, name), { force: true });
  }

  /** Removes whatever was staged; safe to call after a partial failure. */
  async discard(): Promise<void> {
    for (const temp of this.temps.values()) await rm(temp, { force: true, recursive: true });
    this.temps.clear();
  }
}
