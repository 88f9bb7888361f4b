/**
 * Faults a test can switch on to reproduce what real registries and networks do to clients:
 * 5xx answers, connections dropped before or after a file is stored, slow answers, and a group
 * index that lags behind its hosted member (NEXUS-PYPI.md 2.4).
 */

/** Current fault settings. Counts go down by one each time the fault fires. */
export interface FaultState {
  /** Fail the next `count` uploads with `status` (500-599) after reading the body, storing nothing. */
  failUploads: { count: number; status: number };
  /** Read the body of the next N uploads, store nothing, close the connection without answering. */
  dropBeforeStore: number;
  /** Store the next N uploads, then close the connection without answering. */
  dropAfterStore: number;
  /** Delay every repository response by this many milliseconds. */
  delayMs: number;
  /** Keep a file out of group index pages for this many seconds after its upload. */
  groupLagSeconds: number;
}

/** A partial update, as sent to `POST /-/admin/faults` or given to `faults.set()`. */
export type FaultPatch = Partial<FaultState>;

export function noFaults(): FaultState {
  return { failUploads: { count: 0, status: 503 }, dropBeforeStore: 0, dropAfterStore: 0, delayMs: 0, groupLagSeconds: 0 };
}

/** Problems with a patch from JSON; empty when it can be applied. */
export function checkFaultPatch(value: unknown): string[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return ['body must be a JSON object'];
  const problems: string[] = [];
  const known = Object.keys(noFaults());
  for (const [key, item] of Object.entries(value)) {
    if (!known.includes(key)) {
      problems.push(`${key}: unknown fault (expected one of ${known.join(', ')})`);
    } else if (key === 'failUploads') {
      const fail = item as Record<string, unknown>;
      if (typeof item !== 'object' || item === null) problems.push('failUploads: must be an object {count, status}');
      else {
        if (!isCount(fail['count'])) problems.push('failUploads.count: must be a non-negative integer');
        if (!(Number.isInteger(fail['status']) && (fail['status'] as number) >= 500 && (fail['status'] as number) <= 599)) {
          problems.push('failUploads.status: must be an integer from 500 to 599');
        }
        for (const extra of Object.keys(fail).filter((k) => k !== 'count' && k !== 'status')) {
          problems.push(`failUploads.${extra}: unknown key (expected count, status)`);
        }
      }
    } else if (!isCount(item)) {
      problems.push(`${key}: must be a non-negative integer`);
    }
  }
  return problems;
}

function isCount(value: unknown): value is number {
  return Number.isInteger(value) && (value as number) >= 0;
}

export class FaultInjector {
  private state: FaultState = noFaults();

  /** Applies a patch; throws on an invalid one (programmatic use: a typo should fail the test). */
  set(patch: FaultPatch): FaultState {
    const problems = checkFaultPatch(patch);
    if (problems.length > 0) throw new Error(`invalid faults: ${problems.join('; ')}`);
    this.state = { ...this.state, ...patch, failUploads: { ...this.state.failUploads, ...patch.failUploads } };
    return this.get();
  }

  clear(): FaultState {
    this.state = noFaults();
    return this.get();
  }

  get(): FaultState {
    return { ...this.state, failUploads: { ...this.state.failUploads } };
  }

  /** The status to fail this upload with, consuming one count; undefined when not armed. */
  takeUploadFailure(): number | undefined {
    if (this.state.failUploads.count <= 0) return undefined;
    this.state.failUploads.count -= 1;
    return this.state.failUploads.status;
  }

  takeDropBeforeStore(): boolean {
    if (this.state.dropBeforeStore <= 0) return false;
    this.state.dropBeforeStore -= 1;
    return true;
  }

  takeDropAfterStore(): boolean {
    if (this.state.dropAfterStore <= 0) return false;
    this.state.dropAfterStore -= 1;
    return true;
  }

  get delayMs(): number {
    return this.state.delayMs;
  }

  get groupLagMs(): number {
    return this.state.groupLagSeconds * 1000;
  }
}
