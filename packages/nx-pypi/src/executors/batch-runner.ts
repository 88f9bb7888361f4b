/**
 * Runs the tasks of an Nx batch in one process, `concurrency` at a time, each once the tasks it
 * depends on inside the batch have succeeded. A task whose dependency failed is not run: it is
 * reported as skipped, as Nx does for tasks outside a batch. Results are yielded as tasks end.
 */
import type { TaskGraph } from '@nx/devkit';

export interface BatchTaskOutcome {
  task: string;
  result: { success: boolean; status: 'success' | 'failure' | 'skipped'; terminalOutput: string; startTime: number; endTime: number };
}

/** Runs one task; `write` collects its output. Resolves to success; must not throw. */
export type BatchTaskRunner = (taskId: string, write: (line: string) => void) => Promise<boolean>;

export async function* runBatch(taskGraph: TaskGraph, concurrency: number, runTask: BatchTaskRunner): AsyncGenerator<BatchTaskOutcome> {
  const pending = new Set(Object.keys(taskGraph.tasks));
  const succeeded = new Set<string>();
  const ended = new Set<string>();
  const running = new Map<string, Promise<BatchTaskOutcome>>();
  // Edges are `{ id }` objects in Nx 24 (plain ids before); only dependencies inside this batch count.
  const inBatchDeps = (id: string): string[] =>
    (taskGraph.dependencies[id] ?? [])
      .map((edge: unknown) => (typeof edge === 'string' ? edge : (edge as { id: string }).id))
      .filter((dep) => taskGraph.tasks[dep] !== undefined);

  while (pending.size > 0 || running.size > 0) {
    for (const id of [...pending]) {
      const deps = inBatchDeps(id);
      const failedDep = deps.find((dep) => ended.has(dep) && !succeeded.has(dep));
      if (failedDep !== undefined) {
        pending.delete(id);
        ended.add(id);
        const now = Date.now();
        yield { task: id, result: { success: false, status: 'skipped', terminalOutput: `not run: ${failedDep} failed\n`, startTime: now, endTime: now } };
        continue;
      }
      if (running.size >= concurrency || !deps.every((dep) => succeeded.has(dep))) continue;
      pending.delete(id);
      running.set(id, start(id, runTask));
    }
    if (running.size === 0) {
      // Nothing runs and nothing can start: the rest wait on each other (Nx rejects cycles, so
      // this is a guard, not a path).
      for (const id of pending) {
        const now = Date.now();
        yield {
          task: id,
          result: { success: false, status: 'failure', terminalOutput: 'not run: its dependencies never finished\n', startTime: now, endTime: now },
        };
      }
      return;
    }
    const outcome = await Promise.race(running.values());
    running.delete(outcome.task);
    ended.add(outcome.task);
    if (outcome.result.success) succeeded.add(outcome.task);
    yield outcome;
  }
}

async function start(id: string, runTask: BatchTaskRunner): Promise<BatchTaskOutcome> {
  const lines: string[] = [];
  const startTime = Date.now();
  let success: boolean;
  try {
    success = await runTask(id, (line) => lines.push(line));
  } catch (err) {
    lines.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
    success = false;
  }
  const terminalOutput = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  return { task: id, result: { success, status: success ? 'success' : 'failure', terminalOutput, startTime, endTime: Date.now() } };
}
