import { randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
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
 *
 * Synchronous system calls behind an async API, as in io/archive/output-file: a handful of
 * metadata calls cost less than their thread-pool round trips.
 */
export class OutputStaging {
  private readonly temps = new Map<string, string>();

  constructor(readonly outputDir: string) {}

  async prepare(): Promise<void> {
    mkdirSync(this.outputDir, { recursive: true });
  }

  /** A fresh temporary path for `filename`; hidden and suffixed so no glob picks it up as an artifact. */
  tempPathFor(filename: string): string {
    const temp = join(this.outputDir, `.${filename}.${process.pid}-${randomBytes(4).toString('hex')}.partial`);
    this.temps.set(filename, temp);
    return temp;
  }

  /** Renames every staged file into place, then removes this distribution's other artifacts. */
  async commit(isStale: (filename: string) => boolean): Promise<void> {
    for (const [filename, temp] of this.temps) renameSync(temp, join(this.outputDir, filename));
    this.temps.clear();
    for (const name of readdirSync(this.outputDir)) if (isStale(name)) rmSync(join(this.outputDir, name), { force: true });
  }

  /** Removes whatever was staged; safe to call after a partial failure. */
  async discard(): Promise<void> {
    for (const temp of this.temps.values()) rmSync(temp, { force: true, recursive: true });
    this.temps.clear();
  }
}
