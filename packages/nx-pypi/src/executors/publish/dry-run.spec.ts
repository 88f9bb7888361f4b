import type { TaskGraph } from '@nx/devkit';
import { isDryRunAnywhere } from './executor';

const graph = (...overrides: Array<Record<string, unknown>>): TaskGraph =>
  ({
    roots: [],
    dependencies: {},
    tasks: Object.fromEntries(
      overrides.map((o, i) => [`p${i}:publish`, { id: `p${i}:publish`, target: { project: `p${i}`, target: 'publish' }, overrides: o }]),
    ),
  }) as unknown as TaskGraph;

describe('a dry run holds for every publish of the run', () => {
  it('is a dry run for a dependency when only the named task got --dry-run (a hand-written ^publish does not forward flags)', () => {
    expect(isDryRunAnywhere(graph({}, { dryRun: true }))).toBe(true);
    expect(isDryRunAnywhere(graph({}, { 'dry-run': 'true' }))).toBe(true);
  });

  it('is a real run when no task asked for a dry run', () => {
    expect(isDryRunAnywhere(graph({}, { dryRun: false }, { __overrides_unparsed__: [] }))).toBe(false);
    expect(isDryRunAnywhere(undefined)).toBe(false);
  });
});
