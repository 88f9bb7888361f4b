/** Everything a request handler needs, built once at start. */
import type { RepositoryConfig } from '../config/registry-config';
import type { LinkHash } from '../core/simple-html';
import type { StorageFlavour } from '../core/write-policy';
import type { ProxyRepository } from '../proxy/proxy-repository';
import type { PackageStore } from '../store/package-store';
import type { Authenticator } from './authenticator';
import type { FaultInjector } from './fault-injector';
import type { UploadLog } from './upload-log';

export interface RegistryContext {
  repositories: ReadonlyMap<string, RepositoryConfig>;
  storageFlavour: StorageFlavour;
  store: PackageStore;
  /** The proxy repositories by name, with their caches. */
  proxies: ReadonlyMap<string, ProxyRepository>;
  authenticator: Authenticator;
  faults: FaultInjector;
  uploads: UploadLog;
  /** Extra upload checks real Nexus does not make (digests, filename, content type). */
  strict: boolean;
  /** Serve PEP 691 JSON to clients that ask for it. */
  simpleJson: boolean;
  /** Hash in index link fragments: `sha256` (Nexus ≥ 3.41) or `md5` (≤ 3.40). */
  linkHash: LinkHash;
  /** Standard reason phrases instead of Nexus's messages (HTTP/2 or proxy emulation). */
  genericReason: boolean;
  adminToken: string;
}
