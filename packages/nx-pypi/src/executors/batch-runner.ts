/**
 * Runs the tasks of an Nx batch in one process, `concurrency` at a time, each once the tasks it
 * depends on inside the batch have succeeded — or have released their dependents: a publish task
 * releases them once its files are on the hosted repository, and then only waits (for the group
 * index to list what it depends on), which takes no place among the `concurrency` running tasks.
 * A task whose dependency failed before releasing is not run: it is reported as skipped, as Nx
 * does for tasks outside a batch. Results are yielded as tasks end.
 */
import type { TaskGraph } from '@nx/devkit';

export interface BatchTaskOutcome {
  task: string;
  result: { success: boolean; status: 'success' | 'failure' | 'skipped'; terminalOutput: string; startTime: number; endTime: number };
}

/**
 * Runs one task; `write` collects its output; `release()` lets its dependents start before it
 * ends (optional to call). Resolves to success; must not throw.
 */
export type BatchTaskRunner = (taskId: string, write: (line: string) => void, release: () => void) => Promise<boolean>;

export async function* runBatch(taskGraph: TaskGraph, concurrency: number, runTask: BatchTaskRunner): AsyncGenerator<BatchTaskOutcome> {
  const pending = new Set(Object.keys(taskGraph.tasks));
  const succeeded = new Set<string>();
  const released = new Set<string>();
  const ended = new Set<string>();
  const running = new Map<string, Promise<BatchTaskOutcome>>();
  // Wakes the loop when a running task releases its dependents, as an ending task does.
  let wake: () => void = () => undefined;
  const release = (id: string) => {
    if (released.has(id)) return;
    released.add(id);
    wake();
  };
  const active = () => [...running.keys()].filter((id) => !released.has(id)).length;
  // Edges are `{ id }` objects in Nx 24 (plain ids before); only dependencies inside this batch count.
  const inBatchDeps = (id: string): string[] =>
    (taskGraph.dependencies[id] ?? [])
      .map((edge: unknown) => (typeof edge === 'string' ? edge : (edge as { id: string }).id))
      .filter((dep) => taskGraph.tasks[dep] !== undefined);

  while (pending.size > 0 || running.size > 0) {
    const releasesSeen = released.size;
    for (const id of [...pending]) {
      const deps = inBatchDeps(id);
      const failedDep = deps.find((dep) => ended.has(dep) && !succeeded.has(dep) && !released.has(dep));
      if (failedDep !== undefined) {
        pending.delete(id);
        ended.add(id);
        const now = Date.now();
        yield { task: id, result: { success: false, status: 'skipped', terminalOutput: `not run: ${failedDep} failed\n`, startTime: now, endTime: now } };
        continue;
      }
      if (active() >= concurrency || !deps.every((dep) => succeeded.has(dep) || released.has(dep))) continue;
      pending.delete(id);
      running.set(
        id,
        start(id, runTask, () => release(id)),
      );
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
    // A task released its dependents while this loop was suspended in a yield: schedule again.
    if (released.size !== releasesSeen) continue;
    const woken = new Promise<undefined>((resolve) => (wake = () => resolve(undefined)));
    const outcome = await Promise.race([...running.values(), woken]);
    wake = () => undefined;
    if (outcome === undefined) continue;
    running.delete(outcome.task);
    ended.add(outcome.task);
    if (outcome.result.success) succeeded.add(outcome.task);
    yield outcome;
  }
}

async function start(id: string, runTask: BatchTaskRunner, release: () => void): Promise<BatchTaskOutcome> {
  const lines: string[] = [];
  const startTime = Date.now();
  let success: boolean;
  try {
    success = await runTask(id, (line) => lines.push(line), release);
  } catch (err) {
    lines.push(err instanceof Error ? (err.stack ?? err.message) : String(err));
    success = false;
  }
  const terminalOutput = lines.length > 0 ? `${lines.join('\n')}\n` : '';
  return { task: id, result: { success, status: success ? 'success' : 'failure', terminalOutput, startTime, endTime: Date.now() } };
}
