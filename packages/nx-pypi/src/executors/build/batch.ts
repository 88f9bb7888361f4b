/**
 * `nx-pypi:build` in Nx batch mode: every build task of a run in one process, a few at a time.
 * A native build is milliseconds of work; starting a task process (Node, Nx, the plugin) costs far
 * more, so a workspace of many packages builds in one process instead of one per package. Each
 * task keeps its own output and its own result, and its own cache entry.
 */
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runBatch, type BatchTaskOutcome } from '../batch-runner';
import { buildProject } from './executor';
import type { BuildExecutorSchema } from './schema';

/** Builds overlap on I/O (reading sources, writing archives); more than this gains nothing on small machines. */
const CONCURRENCY = 4;

export default function buildBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, BuildExecutorSchema>,
  _overrides: BuildExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskOutcome> {
  return runBatch(taskGraph, CONCURRENCY, (id, write) => {
    const task = taskGraph.tasks[id];
    const log = { info: write, warn: write };
    return buildProject(inputs[id] ?? {}, { ...context, projectName: task.target.project, targetName: task.target.target }, log, write);
  });
}
