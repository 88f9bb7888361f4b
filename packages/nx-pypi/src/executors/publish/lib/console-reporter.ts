/**
 * The publish executor's voice: one line per file (uploaded / skipped identical / failed, size,
 * time), retries and waits as they happen. The library only emits events; this decides the words.
 */
import type { PublishOutcome, PublishReporter } from '../../../core/publish/publish-outcome';

export interface ConsoleReporter extends PublishReporter {
  readonly outcomes: PublishOutcome[];
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

export function createConsoleReporter(write: (line: string) => void, sizes: ReadonlyMap<string, number>, now = () => Date.now()): ConsoleReporter {
  const started = new Map<string, number>();
  const outcomes: PublishOutcome[] = [];
  return {
    outcomes,
    onUploadStart(filename, _bytes, attempt) {
      if (attempt === 1) started.set(filename, now());
    },
    onRetry(filename, attempt, delayMs, reason) {
      write(`  retry   ${filename}: attempt ${attempt} failed (${reason}); next in ${(delayMs / 1000).toFixed(1)} s`);
    },
    onWaiting(indexUrl, missing, elapsedMs) {
      write(`  waiting ${(elapsedMs / 1000).toFixed(0)} s for ${indexUrl} to list ${missing.join(', ')}`);
    },
    onOutcome(outcome) {
      outcomes.push(outcome);
      const size = formatBytes(sizes.get(outcome.filename) ?? 0);
      if (outcome.status === 'uploaded') {
        const t = started.has(outcome.filename) ? ` in ${((now() - started.get(outcome.filename)!) / 1000).toFixed(2)} s` : '';
        write(`  uploaded ${outcome.filename} (${size})${t}${outcome.attempts > 1 ? `, ${outcome.attempts} attempts` : ''}`);
      } else if (outcome.status === 'skipped-identical') {
        write(`  skipped  ${outcome.filename} (${size}): already published, identical`);
      } else {
        write(`  failed   ${outcome.filename} (${size}): ${outcome.error.render().replace(/\n/g, '\n           ')}`);
      }
    },
  };
}

export function summarize(project: string, version: string, outcomes: readonly PublishOutcome[]): string {
  const count = (status: PublishOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return `${project} ${version}: ${count('uploaded')} uploaded, ${count('skipped-identical')} already published, ${count('failed')} failed`;
}
