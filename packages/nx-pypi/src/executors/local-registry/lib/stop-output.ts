/**
 * Where the lines printed on stop go. A task's output reaches the terminal only through Nx, and
 * on SIGINT (Ctrl+C) Nx without its TUI replaces its own stdout/stderr writers with no-ops before
 * it stops the tasks (nx 24, tasks-runner/task-orchestrator.js `setupSignalHandlers`: "Silence
 * output"), so everything the executor printed while restoring files was lost. The file Nx's
 * stderr is open on (the terminal, or the CI log) is opened once at start through
 * `/proc/<nx pid>/fd/2` and the stop lines are written there, past Nx's writers: a terminal, a
 * file, or a pipe. Where that cannot be opened (not a task forked by Nx; no /proc, as on macOS or
 * Windows; a socket, which is what Node's 'pipe' stdio gives a program that spawned nx), the logger
 * is used, and after Ctrl+C its lines are lost as before.
 */
import { closeSync, openSync, writeSync } from 'node:fs';

export interface StopOutput {
  /** Where the lines go, for tests and --verbose. */
  target: string;
  write(line: string): void;
  close(): void;
}

export interface StopOutputInput {
  env: Readonly<NodeJS.ProcessEnv>;
  /** Nx's stderr as a path; default `/proc/<parent pid>/fd/2`. */
  parentStderr?: string;
  fallback: (line: string) => void;
}

export function openStopOutput(input: StopOutputInput): StopOutput {
  const viaLogger: StopOutput = { target: 'logger', write: input.fallback, close: () => undefined };
  // Set by Nx for a task it forks: the parent is then the nx process whose writers go silent.
  if (input.env.NX_FORKED_TASK_EXECUTOR !== 'true') return viaLogger;
  const path = input.parentStderr ?? `/proc/${process.ppid}/fd/2`;
  let fd: number;
  try {
    fd = openSync(path, 'a');
  } catch {
    return viaLogger;
  }
  return {
    target: path,
    write: (line) => {
      try {
        writeSync(fd, `${line}\n`);
      } catch {
        input.fallback(line);
      }
    },
    close: () => closeSync(fd),
  };
}
