/**
 * One keep-alive connection pool per trust set, client certificate and timeout for a whole Nx batch: fifty projects
 * published by one worker reuse a few TLS connections instead of opening one (and a handshake) per
 * project, as a single `twine upload` of many files reuses its session.
 */
import type { Dispatcher } from 'undici';
import type { ClientCertificate } from '../../../core/tls/client-certificate';
import { computeCaList, type TrustSettings } from '../../../core/tls/trust';
import { createDispatcher } from '../../../io/tls/dispatcher';

export class DispatcherPool {
  private readonly dispatchers = new Map<string, ReturnType<typeof createDispatcher>>();

  /**
   * The shared dispatcher for exactly this trust (the certificates themselves, not file names),
   * client certificate and timeout. The client certificate is told apart by its fingerprint: its
   * key is checked to belong to it, so the key needs no place in the map's keys.
   */
  dispatcherFor(trust: TrustSettings, timeoutMs: number, clientCertificate?: ClientCertificate): Dispatcher {
    const key = JSON.stringify([computeCaList(trust, []), trust.publicRoots, timeoutMs, clientCertificate?.leaf.fingerprint256 ?? null]);
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = createDispatcher(trust, { timeoutMs, clientCertificate });
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  async close(): Promise<void> {
    await Promise.all([...this.dispatchers.values()].map((d) => d.close()));
    this.dispatchers.clear();
  }
}
