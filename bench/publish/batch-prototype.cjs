// A measuring prototype, not the product: an Nx batch implementation for `publish` that runs the
// shipped executor for each task of the batch in one process, dependencies first, `concurrency`
// at a time. bench/publish installs it into its temp workspace only (patching the installed
// plugin's executors.json), to show what Nx batch mode would gain over one process per task.
const { join } = require('node:path');

const concurrency = Number(process.env.BENCH_BATCH_CONCURRENCY ?? 4);

module.exports = async function* publishBatch(taskGraph, inputs, _overrides, context) {
  const executor = require(join(__dirname, 'dist', 'executors', 'publish', 'executor.js')).default;
  const done = new Set();
  const pending = new Set(Object.keys(taskGraph.tasks));
  const running = new Map();
  while (pending.size > 0 || running.size > 0) {
    for (const id of [...pending]) {
      if (running.size >= concurrency) break;
      if (!(taskGraph.dependencies[id] ?? []).every((dep) => done.has(dep) || !taskGraph.tasks[dep])) continue;
      pending.delete(id);
      const task = taskGraph.tasks[id];
      const run = executor(inputs[id], { ...context, projectName: task.target.project, targetName: task.target.target, configurationName: task.target.configuration })
        .then((result) => ({ id, result: { success: result.success, terminalOutput: '' } }))
        .catch((error) => ({ id, result: { success: false, terminalOutput: String(error && error.stack) } }));
      running.set(id, run);
    }
    const { id, result } = await Promise.race(running.values());
    running.delete(id);
    done.add(id);
    yield { task: id, result };
  }
};
