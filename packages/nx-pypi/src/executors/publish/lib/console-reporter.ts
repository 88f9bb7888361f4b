/**
 * The publish executor's voice: one line per file (uploaded / skipped identical / failed, size,
 * time), retries and waits as they happen, and, on an interactive terminal only, a progress line
 * for large files redrawn in place. The library only emits events; this decides the words.
 */
import type { NxPypiError } from '../../../errors';
import type { PublishOutcome, PublishReporter } from '../../../core/publish/publish-outcome';

export interface ConsoleReporter extends PublishReporter {
  readonly outcomes: PublishOutcome[];
}

/** Where the in-place progress line goes: raw text, no newline added. */
export interface ProgressTerminal {
  write(raw: string): void;
  /** Width in characters; the line is cut to fit, since a wrapped line cannot be redrawn with \r. */
  columns?: number;
}

export interface ConsoleReporterOptions {
  now?: () => number;
  /**
   * The terminal to draw progress on; `null` for none. Default: stdout when it is a TTY outside CI
   * (see selectProgressTerminal). Nx gives a task a pseudo-terminal only when it streams one task's
   * output (`nx run p:publish` in a terminal); under `run-many` or `--output-style=static` stdout is
   * a pipe, so those logs stay one line per file.
   */
  progress?: ProgressTerminal | null;
}

/** Files at or under this size finish too fast for a progress line to say anything. */
export const PROGRESS_MIN_BYTES = 1024 * 1024;
/** At most ~10 redraws a second: more only costs terminal time. */
export const PROGRESS_INTERVAL_MS = 100;
const CLEAR_LINE = '\r\x1b[K';

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The progress terminal for `stream` under `env`: the stream itself when it is a TTY and CI is
 * not set (CI log viewers show every \r redraw as a line of its own), else null.
 */
export function selectProgressTerminal(
  stream: { isTTY?: boolean; columns?: number; write(raw: string): unknown },
  env: NodeJS.ProcessEnv,
): ProgressTerminal | null {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  if (stream.isTTY !== true || ci) return null;
  return {
    write: (raw) => void stream.write(raw),
    get columns() {
      return stream.columns;
    },
  };
}

/** The progress line's text: `  uploading <file>  <sent> / <total>  <pct>%  <rate>/s`. */
export function renderProgressLine(filename: string, sent: number, total: number, elapsedMs: number): string {
  const pct = total > 0 ? Math.floor((sent / total) * 100) : 100;
  const rate = elapsedMs > 0 ? `${formatBytes(Math.round((sent * 1000) / elapsedMs))}/s` : '';
  return `  uploading ${filename}  ${formatBytes(sent)} / ${formatBytes(total)}  ${pct}%  ${rate}`.trimEnd();
}

export function createConsoleReporter(
  write: (line: string) => void,
  sizes: ReadonlyMap<string, number>,
  options: ConsoleReporterOptions = {},
): ConsoleReporter {
  const now = options.now ?? (() => Date.now());
  const terminal = options.progress === undefined ? selectProgressTerminal(process.stdout, process.env) : options.progress;
  const started = new Map<string, number>();
  const attemptStarted = new Map<string, number>();
  const outcomes: PublishOutcome[] = [];
  let drawn = false;
  let lastDraw = -Infinity;

  // Every full line first wipes the progress line, so it never mixes into the log.
  const say = (line: string) => {
    if (drawn && terminal) {
      terminal.write(CLEAR_LINE);
      drawn = false;
    }
    write(line);
  };

  return {
    outcomes,
    onUploadStart(filename, _bytes, attempt) {
      const t = now();
      if (attempt === 1) started.set(filename, t);
      attemptStarted.set(filename, t);
      lastDraw = -Infinity;
    },
    onUploadProgress(filename, sent, total) {
      if (!terminal || total <= PROGRESS_MIN_BYTES) return;
      const t = now();
      if (t - lastDraw < PROGRESS_INTERVAL_MS) return;
      lastDraw = t;
      const line = renderProgressLine(filename, sent, total, t - (attemptStarted.get(filename) ?? t));
      const width = terminal.columns && terminal.columns > 1 ? terminal.columns - 1 : undefined;
      terminal.write(`${CLEAR_LINE}${width ? line.slice(0, width) : line}`);
      drawn = true;
    },
    onRetry(filename, attempt, delayMs, reason) {
      say(`  retry   ${filename}: attempt ${attempt} failed (${reason}); next in ${(delayMs / 1000).toFixed(1)} s`);
    },
    onComparingContents(filename, url) {
      say(`  comparing ${filename} with ${url}: other archive bytes under its name; downloading it to compare contents`);
    },
    onWaiting(indexUrl, missing, elapsedMs) {
      say(`  waiting ${(elapsedMs / 1000).toFixed(0)} s for ${indexUrl} to list ${missing.join(', ')}`);
    },
    onOutcome(outcome) {
      outcomes.push(outcome);
      const size = formatBytes(sizes.get(outcome.filename) ?? 0);
      if (outcome.status === 'uploaded') {
        const t = started.has(outcome.filename) ? ` in ${((now() - started.get(outcome.filename)!) / 1000).toFixed(2)} s` : '';
        say(`  uploaded ${outcome.filename} (${size})${t}${outcome.attempts > 1 ? `, ${outcome.attempts} attempts` : ''}`);
      } else if (outcome.status === 'skipped-identical') {
        // Same members, other archive bytes: a rebuild compressed by another zlib, say.
        const how = outcome.sameContents ? 'same contents (archive bytes differ)' : 'identical';
        say(`  skipped  ${outcome.filename} (${size}): already published, ${how}`);
      } else {
        say(`  failed   ${outcome.filename} (${size}): ${renderForFile(outcome.error, outcome.filename).replace(/\n/g, '\n           ')}`);
      }
    },
  };
}

export function summarize(project: string, version: string, outcomes: readonly PublishOutcome[]): string {
  const count = (status: PublishOutcome['status']) => outcomes.filter((o) => o.status === status).length;
  return `${project} ${version}: ${count('uploaded')} uploaded, ${count('skipped-identical')} already published, ${count('failed')} failed`;
}

/** The error as rendered, without a location that only repeats the file name the line starts with. */
function renderForFile(error: NxPypiError, filename: string): string {
  const location = error.location;
  const onlyTheFile = location?.file === filename && location.keyPath === undefined && location.line === undefined;
  return onlyTheFile ? `${error.message}${error.hint ? `\n  ${error.hint}` : ''}` : error.render();
}
