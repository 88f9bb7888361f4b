/**
 * Polls an index (typically the Nexus group users install from) until every uploaded file is
 * listed with its hash. A group containing the hosted repo shows an upload at once; proxy members'
 * metadata age and negative cache can hide it for hours (NEXUS-PYPI.md 2.4), hence a clear timeout.
 * A file listed with other bytes is compared by contents once: a release published earlier from
 * a rebuild on another zlib (skipped as the same contents) counts as listed.
 */
import type { Dispatcher } from 'undici';
import type { Credentials } from '../../core/publish/credentials';
import { IndexReadError, TransportError, VisibilityTimeoutError } from '../../core/publish/errors';
import { computeImmutableVersionError, type PublishReporter } from '../../core/publish/publish-outcome';
import { redactUrl } from '../../core/publish/redact-url';
import { DEFAULT_RETRY_POLICY } from '../../core/publish/retry-policy';
import { checkIndex, type LocalFile } from './check-index';
import { comparePublishedContents } from './compare-published';
import { systemClock, type Clock } from './clock';

export interface WaitFile extends LocalFile {
  version: string;
}

export interface WaitOptions {
  timeoutMs: number;
  pollMs: number;
  dispatcher: Dispatcher;
  credentials?: Credentials;
  clock?: Clock;
  reporter?: PublishReporter;
  signal?: AbortSignal;
}

/** Resolves once `indexUrl` lists every file with the same hash; throws VisibilityTimeoutError after `timeoutMs`. */
export async function waitUntilListed(indexUrl: string, files: readonly WaitFile[], options: WaitOptions): Promise<void> {
  const clock = options.clock ?? systemClock;
  const shown = redactUrl(indexUrl);
  const started = clock.now();
  // One read per file per poll; transient failures count as "not visible yet" until the deadline.
  const checkOptions = { ...options, clock, policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 1 } };
  let missing = [...files];
  for (;;) {
    const stillMissing: WaitFile[] = [];
    for (const file of missing) {
      let listed = false;
      try {
        const { check } = await checkIndex(indexUrl, file, checkOptions);
        if (check.kind === 'different') {
          // Compared once: the same contents leaves `missing`, a difference ends the wait.
          const comparison = await comparePublishedContents(file, check, { ...checkOptions, indexUrl });
          if (!comparison.same) throw computeImmutableVersionError(file.name, file.version, shown, file.filename, check, comparison.difference);
        }
        if (check.kind === 'unverifiable' || check.kind === 'needs-digest') {
          throw new IndexReadError(`${shown} lists ${file.filename} without a hash this client can compare`, shown, {
            code: 'INDEX_NO_HASH',
            location: { file: file.filename },
            hint: "cannot confirm the file; check the group's members",
          });
        }
        listed = check.kind === 'identical' || check.kind === 'different';
      } catch (error) {
        const transient = (error instanceof TransportError && error.kind === 'retryable') || (error instanceof IndexReadError && error.retryable);
        if (!transient) throw error;
      }
      if (!listed) stillMissing.push(file);
    }
    missing = stillMissing;
    if (missing.length === 0) return;
    const elapsed = clock.now() - started;
    if (elapsed + options.pollMs > options.timeoutMs) {
      const names = missing.map((f) => f.filename);
      throw new VisibilityTimeoutError(
        `${names.join(', ')} ${names.length === 1 ? 'is' : 'are'} not listed at ${shown} after ${Math.round(elapsed / 1000)} s`,
        shown,
        names,
        {
          code: 'PUBLISH_NOT_VISIBLE',
          hint: 'the upload succeeded on the hosted repository; a proxy member of this group may cache the old page (metadata max age, negative cache): invalidate its cache or wait, and check the group contains the hosted repository',
        },
      );
    }
    options.reporter?.onWaiting?.(
      shown,
      missing.map((f) => f.filename),
      elapsed,
    );
    await clock.sleep(options.pollMs, options.signal);
  }
}
