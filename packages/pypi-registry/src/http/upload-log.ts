/** Every upload attempt in arrival order, for tests that assert order and outcome. Memory only. */

export type UploadOutcome =
  | 'stored'
  | 'refused' // write policy: redeploy or read-only
  | 'rejected' // bad digest, bad filename, bad content type, a name too long to store
  | 'malformed' // Nexus's 500 cases
  | 'unauthorized'
  | 'forbidden'
  | 'fault' // failUploads fired
  | 'dropped-before-store'
  | 'dropped-after-store';

export interface UploadLogEntry {
  /** The content part's filename; null when the request was turned away before the body was read. */
  filename: string | null;
  repository: string;
  /** ISO 8601 time the outcome was decided. */
  time: string;
  outcome: UploadOutcome;
  /** HTTP status sent; null when the connection was dropped. */
  status: number | null;
  user: string;
}

export class UploadLog {
  private readonly entries: UploadLogEntry[] = [];

  record(entry: Omit<UploadLogEntry, 'time'>): void {
    this.entries.push({ ...entry, time: new Date().toISOString() });
  }

  list(): UploadLogEntry[] {
    return this.entries.map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries.length = 0;
  }
}
