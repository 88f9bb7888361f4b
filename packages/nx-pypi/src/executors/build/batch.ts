/**
 * `nx-pypi:build` in Nx batch mode: every build task of a run in one process, a few at a time.
 * A native build is milliseconds of work; starting a task process (Node, Nx, the plugin) costs far
 * more, so a workspace of many packages builds in one process instead of one per package. Each
 * task keeps its own output and its own result, and its own cache entry.
 */
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { buildProject } from './executor';
import type { BuildExecutorSchema } from './schema';

/** Builds overlap on I/O (reading sources, writing archives); more than this gains nothing on small machines. */
const CONCURRENCY = 4;

interface BatchTaskResult {
  task: string;
  result: { success: boolean; terminalOutput: string; startTime: number; endTime: number };
}

export default async function* buildBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, BuildExecutorSchema>,
  _overrides: BuildExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const pending = Object.values(taskGraph.tasks).map((task) => () => runTask(task.id, task.target.project, task.target.target, inputs[task.id] ?? {}, context));
  const running = new Map<number, Promise<[number, BatchTaskResult]>>();
  let next = 0;
  const start = () => {
    const id = next++;
    running.set(id, pending[id]().then((r) => [id, r]));
  };
  while (next < pending.length && running.size < CONCURRENCY) start();
  while (running.size > 0) {
    const [id, result] = await Promise.race(running.values());
    running.delete(id);
    if (next < pending.length) start();
    yield result;
  }
}

async function runTask(taskId: string, project: string, target: string, options: BuildExecutorSchema, context: ExecutorContext): Promise<BatchTaskResult> {
  const lines: string[] = [];
  const startTime = Date.now();
  const success = await buildProject(
    options,
    { ...context, projectName: project, targetName: target },
    { info: (l) => lines.push(l), warn: (l) => lines.push(l) },
    (l) => lines.push(l),
  );
  return { task: taskId, result: { success, terminalOutput: lines.length ? `${lines.join('\n')}\n` : '', startTime, endTime: Date.now() } };
}
