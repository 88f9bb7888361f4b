/**
 * One proxy repository as Nexus runs it (NEXUS-PYPI.md 2.4): index pages fetched from the upstream
 * and served from a cache while younger than the metadata max age; an upstream 404 remembered for
 * the negative-cache TTL; files fetched on first download, checked against the hash the page
 * listed, stored, and served from storage afterwards. An upstream that cannot be asked is a
 * `failed` result (the caller's 502), or, when a page was fetched before, that page, stale, as
 * Nexus's ProxyFacetSupport serves stale content when the remote fails.
 */
import { rm } from 'node:fs/promises';
import type { ProxyRepositoryConfig } from '../config/registry-config';
import { versionFromFilename } from '../core/filename-version';
import { parseProjectPage, parseRootPage, UpstreamPageError, type UpstreamFile } from '../core/upstream-page';
import type { PackageStore, StoredAsset } from '../store/package-store';
import { downloadFile, fetchPage, UpstreamError, DIGEST_ALGORITHMS, type UpstreamConnection } from './upstream-client';

/** A file on a proxied project page, with the path the proxy serves it at. */
export interface ProxiedFile extends UpstreamFile {
  /** Normalized project name, as requested. */
  name: string;
  /** The link's version segment (read from the filename). */
  version: string;
}

export type Lookup<T> = { kind: 'found'; value: T } | { kind: 'not-found' } | { kind: 'failed'; message: string };

/** pip's Accept: JSON when offered, HTML otherwise. */
const ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.1';
const MINUTE_MS = 60_000;

interface CachedPage<T> {
  fetchedAt: number;
  value: T;
}

export interface ProxyDependencies {
  store: PackageStore;
  /** Milliseconds since the epoch; injected so tests can age caches without waiting. */
  now: () => number;
  /** Warnings: an upstream failure answered from a stale page. */
  warn: (line: string) => void;
}

export class ProxyRepository {
  private readonly pages = new Map<string, CachedPage<ProxiedFile[]>>();
  private root: CachedPage<string[]> | undefined;
  /** Cache key -> time the remembered 404 expires. */
  private readonly notFound = new Map<string, number>();
  /** One upstream request per key at a time; concurrent readers share it. */
  private readonly inFlight = new Map<string, Promise<Lookup<unknown>>>();

  constructor(
    readonly config: ProxyRepositoryConfig,
    private readonly connection: UpstreamConnection,
    private readonly deps: ProxyDependencies,
  ) {}

  get name(): string {
    return this.config.name;
  }

  /** The files of `simple/<name>/`, the name passed to the upstream as requested. */
  projectFiles(name: string): Promise<Lookup<ProxiedFile[]>> {
    const cached = this.pages.get(name);
    return this.cachedOrFetched(`page:${name}`, cached, async () => {
      const page = await fetchPage(this.connection, `${this.config.remoteUrl}${encodeURIComponent(name)}/`, ACCEPT);
      if (page.status !== 200) return page.status;
      const files = parseProjectPage(page.body, page.contentType, page.url).map((file) => ({
        ...file,
        name,
        version: versionFromFilename(name, file.filename),
      }));
      this.pages.set(name, { fetchedAt: this.deps.now(), value: files });
      return files;
    });
  }

  /** The normalized project names of the upstream's root page. */
  projectNames(): Promise<Lookup<string[]>> {
    return this.cachedOrFetched('root', this.root, async () => {
      const page = await fetchPage(this.connection, this.config.remoteUrl, ACCEPT);
      if (page.status !== 200) return page.status;
      const names = parseRootPage(page.body, page.contentType);
      this.root = { fetchedAt: this.deps.now(), value: names };
      return names;
    });
  }

  /**
   * The stored file at `packages/<name>/<version>/<filename>`, downloaded first if this proxy has
   * not stored it yet. Only files the project page lists are fetched, from the URL it gives.
   */
  async file(name: string, version: string, filename: string): Promise<Lookup<StoredAsset>> {
    const path = `/packages/${name}/${version}/${filename}`;
    const stored = this.deps.store.get(this.name, name, path);
    if (stored) return { kind: 'found', value: stored };
    if (this.isRememberedNotFound(`file:${path}`)) return { kind: 'not-found' };
    const page = await this.projectFiles(name);
    if (page.kind !== 'found') return page;
    const listed = page.value.find((file) => file.filename === filename && file.version === version);
    if (!listed) return { kind: 'not-found' };
    return this.once(`file:${path}`, () => this.download(listed, path));
  }

  private async download(file: ProxiedFile, path: string): Promise<Lookup<StoredAsset>> {
    const store = this.deps.store;
    const already = store.get(this.name, file.name, path);
    if (already) return { kind: 'found', value: already };
    const tooLong = store.checkNames({ name: file.name, version: file.version, filename: file.filename });
    if (tooLong) return { kind: 'failed', message: `${this.name}: cannot store ${file.filename}: ${tooLong}` };
    const temp = store.newTempPath();
    let got;
    try {
      got = await downloadFile(this.connection, file.url, temp);
    } catch (error) {
      if (error instanceof UpstreamError) return this.failed(error.message);
      throw error;
    }
    if (got.status === 404) {
      this.remember(`file:${path}`);
      return { kind: 'not-found' };
    }
    if (got.status !== 200) return this.failed(`${got.url} answered ${got.status}`);
    const problem = this.checkDownload(file, got.size, got.digests);
    if (problem) {
      await rm(temp, { force: true });
      return this.failed(`${file.filename} from ${got.url}: ${problem}; not stored`);
    }
    const source = new URL(got.url);
    const asset: StoredAsset = {
      repository: this.name,
      path,
      name: file.name,
      version: file.version,
      filename: file.filename,
      size: got.size,
      sha256: got.digests['sha256']!,
      md5: got.digests['md5']!,
      sha1: got.digests['sha1']!,
      ...(file.requiresPython && { requiresPython: file.requiresPython }),
      uploadedAt: new Date(this.deps.now()).toISOString(),
      uploader: 'proxy',
      // Where it came from, without a query string (signed download URLs carry tokens there).
      attributes: { upstream_url: `${source.origin}${source.pathname}` },
    };
    // Two downloads of one file race only inside this process and are coalesced above; a file found
    // stored at this point is kept, so a served file never changes under a reader.
    const put = await store.put(asset, temp, (exists) => (exists ? { allowed: false, message: 'already stored' } : { allowed: true, overwrite: false }));
    return { kind: 'found', value: put.stored ? put.asset : store.get(this.name, file.name, path)! };
  }

  /** Why the bytes are not the file the page listed, or undefined. Every hash the page gave that node computes must match. */
  private checkDownload(file: ProxiedFile, size: number, digests: Record<string, string>): string | undefined {
    if (file.size !== undefined && file.size !== size) return `${size} bytes, the index says ${file.size}`;
    for (const algorithm of DIGEST_ALGORITHMS) {
      const expected = file.hashes[algorithm];
      if (expected !== undefined && expected !== digests[algorithm]) {
        return `${algorithm} ${digests[algorithm]} does not match the index's ${expected}`;
      }
    }
    return undefined;
  }

  /**
   * Serves `cached` while fresh; otherwise asks the upstream (`fetch` gives the value, or the status
   * of a non-200 answer). A 404 is remembered; any other failure falls back to `cached` if there is one.
   */
  private async cachedOrFetched<T>(key: string, cached: CachedPage<T> | undefined, fetch: () => Promise<T | number>): Promise<Lookup<T>> {
    if (cached && this.isFresh(cached.fetchedAt)) return { kind: 'found', value: cached.value };
    if (this.isRememberedNotFound(key)) return { kind: 'not-found' };
    return this.once(key, async (): Promise<Lookup<T>> => {
      let outcome: T | number;
      try {
        outcome = await fetch();
      } catch (error) {
        if (!(error instanceof UpstreamError || error instanceof UpstreamPageError)) throw error;
        return this.staleOrFailed(
          cached,
          error instanceof UpstreamPageError ? `unusable index page from ${this.config.remoteUrl}: ${error.message}` : error.message,
        );
      }
      if (typeof outcome !== 'number') {
        this.notFound.delete(key);
        return { kind: 'found', value: outcome };
      }
      if (outcome === 404) {
        this.remember(key);
        return { kind: 'not-found' };
      }
      return this.staleOrFailed(cached, `${this.config.remoteUrl} answered ${outcome} for ${key === 'root' ? 'the root page' : key.slice('page:'.length)}`);
    });
  }

  private staleOrFailed<T>(cached: CachedPage<T> | undefined, message: string): Lookup<T> {
    if (!cached) return this.failed(message);
    this.deps.warn(`proxy ${this.name}: ${message}; serving the page fetched at ${new Date(cached.fetchedAt).toISOString()}`);
    return { kind: 'found', value: cached.value };
  }

  private failed(message: string): { kind: 'failed'; message: string } {
    return { kind: 'failed', message: `Proxy ${this.name}: upstream failed: ${message}` };
  }

  /** Nexus: -1 never re-checks, 0 always does. */
  private isFresh(fetchedAt: number): boolean {
    const minutes = this.config.metadataMaxAgeMinutes;
    return minutes < 0 || this.deps.now() - fetchedAt < minutes * MINUTE_MS;
  }

  private remember(key: string): void {
    if (this.config.negativeCacheMinutes > 0) this.notFound.set(key, this.deps.now() + this.config.negativeCacheMinutes * MINUTE_MS);
  }

  private isRememberedNotFound(key: string): boolean {
    const until = this.notFound.get(key);
    if (until === undefined) return false;
    if (this.deps.now() < until) return true;
    this.notFound.delete(key);
    return false;
  }

  private once<T>(key: string, task: () => Promise<Lookup<T>>): Promise<Lookup<T>> {
    const running = this.inFlight.get(key) as Promise<Lookup<T>> | undefined;
    if (running) return running;
    const started = task().finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }
}
