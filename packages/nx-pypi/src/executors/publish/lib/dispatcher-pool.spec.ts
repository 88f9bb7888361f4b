import { DispatcherPool } from './dispatcher-pool';
import type { TrustSettings } from '../../../core/tls/trust';

const trust = (pems: string[], publicRoots = false): TrustSettings => ({
  certificates: pems.map((pem) => ({ pem }) as TrustSettings['certificates'][number]),
  files: ['chain.pem'],
  publicRoots,
});

describe('DispatcherPool', () => {
  it('gives every project of a batch with the same trust and timeout the same connections, and others their own', async () => {
    const pool = new DispatcherPool();
    const shared = pool.dispatcherFor(trust(['A']), 30_000);
    expect(pool.dispatcherFor(trust(['A']), 30_000)).toBe(shared);
    expect(pool.dispatcherFor(trust(['B']), 30_000)).not.toBe(shared);
    expect(pool.dispatcherFor(trust(['A'], true), 30_000)).not.toBe(shared);
    expect(pool.dispatcherFor(trust(['A']), 5_000)).not.toBe(shared);
    await pool.close();
    expect((shared as unknown as { closed: boolean }).closed).toBe(true);
  });
});
