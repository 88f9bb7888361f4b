import type { TaskGraph } from '@nx/devkit';
import { runBatch, type BatchTaskOutcome } from './batch-runner';

/** a <- b <- c, and d alone; `build:x` is outside the batch (already done). */
function graph(): TaskGraph {
  const task = (id: string) => ({ id, target: { project: id.split(':')[0], target: 'publish' }, overrides: {} });
  return {
    roots: ['a:publish', 'd:publish'],
    tasks: { 'a:publish': task('a:publish'), 'b:publish': task('b:publish'), 'c:publish': task('c:publish'), 'd:publish': task('d:publish') },
    dependencies: {
      'a:publish': [{ id: 'a:build' }],
      'b:publish': [{ id: 'a:publish' }, { id: 'b:build' }],
      'c:publish': [{ id: 'b:publish' }],
      'd:publish': [],
    },
    continuousDependencies: {},
  } as unknown as TaskGraph;
}

async function collect(gen: AsyncGenerator<BatchTaskOutcome>): Promise<BatchTaskOutcome[]> {
  const out: BatchTaskOutcome[] = [];
  for await (const o of gen) out.push(o);
  return out;
}

describe('runBatch', () => {
  it('starts a task only after its dependencies in the batch succeeded, and runs independent ones alongside', async () => {
    const events: string[] = [];
    // d ends only after c: were b or c held back by d, the batch would never end.
    let cEnded: () => void = () => undefined;
    const cEnd = new Promise<void>((r) => (cEnded = r));
    const outcomes = await collect(
      runBatch(graph(), 4, async (id, write) => {
        events.push(`start ${id}`);
        await (id === 'd:publish' ? cEnd : new Promise((r) => setTimeout(r, 5)));
        if (id === 'c:publish') cEnded();
        write(`published ${id}`);
        events.push(`end ${id}`);
        return true;
      }),
    );
    expect(events.slice(0, 2).sort()).toEqual(['start a:publish', 'start d:publish']);
    expect(events.indexOf('start b:publish')).toBeGreaterThan(events.indexOf('end a:publish'));
    expect(events.indexOf('start c:publish')).toBeGreaterThan(events.indexOf('end b:publish'));
    // d is slow and independent: b and c do not wait for it.
    expect(events.indexOf('end c:publish')).toBeLessThan(events.indexOf('end d:publish'));
    expect(outcomes.map((o) => [o.task, o.result.status, o.result.terminalOutput])).toContainEqual(['c:publish', 'success', 'published c:publish\n']);
  });

  it('skips the dependents of a failed task and reports the failure', async () => {
    const ran: string[] = [];
    const outcomes = await collect(
      runBatch(graph(), 4, async (id) => {
        ran.push(id);
        return id !== 'b:publish';
      }),
    );
    expect(ran.sort()).toEqual(['a:publish', 'b:publish', 'd:publish']);
    const byTask = Object.fromEntries(outcomes.map((o) => [o.task, o.result]));
    expect(byTask['b:publish']).toMatchObject({ success: false, status: 'failure' });
    expect(byTask['c:publish']).toMatchObject({ success: false, status: 'skipped', terminalOutput: 'not run: b:publish failed\n' });
  });

  it('never runs more than `concurrency` tasks at once', async () => {
    let now = 0;
    let peak = 0;
    await collect(
      runBatch(graph(), 1, async () => {
        peak = Math.max(peak, ++now);
        await new Promise((r) => setTimeout(r, 2));
        now -= 1;
        return true;
      }),
    );
    expect(peak).toBe(1);
  });

  it('turns a thrown error into a failed task with its message', async () => {
    const outcomes = await collect(
      runBatch(graph(), 2, async (id) => {
        if (id === 'd:publish') throw new Error('boom');
        return true;
      }),
    );
    expect(outcomes.find((o) => o.task === 'd:publish')?.result).toMatchObject({
      success: false,
      status: 'failure',
      terminalOutput: expect.stringContaining('boom'),
    });
  });
});

describe('runBatch with tasks that release their dependents early', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('starts a dependent once its dependency released it, and the waiting part of a chain overlaps', async () => {
    const events: string[] = [];
    const started = Date.now();
    const outcomes = await collect(
      runBatch(graph(), 1, async (id, _write, release) => {
        events.push(`start ${id}`);
        await sleep(5); // the upload
        release();
        events.push(`released ${id}`);
        await sleep(100); // waiting for the group, which takes no slot
        events.push(`end ${id}`);
        return true;
      }),
    );
    expect(outcomes.every((o) => o.result.success)).toBe(true);
    expect(events.indexOf('start b:publish')).toBeGreaterThan(events.indexOf('released a:publish'));
    expect(events.indexOf('start b:publish')).toBeLessThan(events.indexOf('end a:publish'));
    expect(events.indexOf('start c:publish')).toBeLessThan(events.indexOf('end b:publish'));
    // Four tasks' 100 ms waits overlap even with one slot: far less than 4 x 100 ms.
    expect(Date.now() - started).toBeLessThan(300);
  });

  it('runs the dependents of a task that released them even when it fails later, and skips those of one that failed before', async () => {
    const ran: string[] = [];
    const outcomes = await collect(
      runBatch(graph(), 2, async (id, _write, release) => {
        ran.push(id);
        if (id === 'a:publish') {
          release();
          await sleep(20);
          return false; // e.g. the group never listed its dependency
        }
        return id !== 'b:publish';
      }),
    );
    const status = Object.fromEntries(outcomes.map((o) => [o.task, o.result.status]));
    expect(status).toEqual({ 'a:publish': 'failure', 'b:publish': 'failure', 'c:publish': 'skipped', 'd:publish': 'success' });
    expect(ran.sort()).toEqual(['a:publish', 'b:publish', 'd:publish']);
  });
});
