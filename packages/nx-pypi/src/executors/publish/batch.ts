/**
 * `nx-pypi:publish` in Nx batch mode: the publish tasks of a run in one process, dependencies
 * first and independent projects side by side. A dependent starts as soon as its dependencies are
 * on the hosted repository, and waits for the group to list them after its own upload, so the
 * group's lag is paid once for a whole chain. Per task it is the same publish (index check,
 * upload, confirmation, group wait); what goes away is a Node + Nx + plugin start per project,
 * which costs far more than uploading a small package. A project whose dependency failed to
 * publish is skipped, never published.
 */
import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { runBatch, type BatchTaskOutcome } from '../batch-runner';
import { runPublishTask } from './executor';
import { DispatcherPool } from './lib/dispatcher-pool';
import type { PublishExecutorSchema } from './schema';

/** Uploads are network-bound; a few at once fill a 2-core machine without flooding the server. */
const CONCURRENCY = 4;

export default async function* publishBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, PublishExecutorSchema>,
  _overrides: PublishExecutorSchema,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskOutcome> {
  // Every task of the batch shares the connections to the repository.
  const pool = new DispatcherPool();
  try {
    yield* runBatch(taskGraph, CONCURRENCY, (id, write, release) => {
      const task = taskGraph.tasks[id];
      return runPublishTask(inputs[id] ?? {}, { ...context, taskGraph, projectName: task.target.project, targetName: task.target.target }, write, write, {
        pool,
        release,
      });
    });
  } finally {
    await pool.close();
  }
}
