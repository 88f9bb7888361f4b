/**
 * The settings one publish run shares across files, resolved once from the caller's options, and
 * the decisions an index check settles.
 */
import type { Dispatcher } from 'undici';
import { NxPypiError } from '../../errors';
import { Secret } from '../../core/config/credentials';
import type { IndexCheck } from '../../core/publish/classify-index-entry';
import type { ContentComparison } from '../../core/publish/compare-archive-contents';
import type { Credentials } from '../../core/publish/credentials';
import { IndexReadError } from '../../core/publish/errors';
import { computeImmutableVersionError, type PublishOutcome, type PublishReporter } from '../../core/publish/publish-outcome';
import { redactUrl, splitUrlCredentials } from '../../core/publish/redact-url';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../../core/publish/retry-policy';
import type { Artifact } from '../artifact/read-artifact';
import type { IndexCheckOptions } from './check-index';
import { comparePublishedContents } from './compare-published';
import { systemClock, type Clock } from './clock';

export interface PublishOptions {
  /** The hosted repository's upload URL, ending in `/`. Userinfo in it is used when `credentials` is absent. */
  uploadUrl: string;
  /** The hosted repository's own simple index; default `<uploadUrl>simple/`. */
  hostedIndexUrl?: string;
  credentials?: Credentials;
  /** Owns TLS trust and the connection pool (io/tls createDispatcher). */
  dispatcher: Dispatcher;
  retry?: Partial<RetryPolicy>;
  clock?: Clock;
  reporter?: PublishReporter;
  signal?: AbortSignal;
}

export interface PublishContext extends IndexCheckOptions {
  /** Without userinfo. */
  uploadUrl: string;
  hostedIndexUrl: string;
  reporter: PublishReporter;
}

export function resolvePublishContext(options: PublishOptions): PublishContext {
  const split = splitUrlCredentials(options.uploadUrl);
  const credentials =
    options.credentials ??
    (split.username !== undefined ? { username: split.username, password: new Secret(split.password ?? ''), source: 'the upload URL' } : undefined);
  return {
    uploadUrl: split.url,
    // A missing slash is the upload's error to report (twine and Nexus do not add it); the
    // default index still belongs under the repository, not beside it.
    hostedIndexUrl: options.hostedIndexUrl
      ? splitUrlCredentials(options.hostedIndexUrl).url
      : new URL('simple/', split.url.endsWith('/') ? split.url : `${split.url}/`).toString(),
    credentials,
    dispatcher: options.dispatcher,
    policy: { ...DEFAULT_RETRY_POLICY, ...options.retry },
    clock: options.clock ?? systemClock,
    reporter: options.reporter ?? {},
    reportRetry: (filename, attempt, delayMs, reason) => options.reporter?.onRetry?.(filename, attempt, delayMs, reason),
    signal: options.signal,
  };
}

/**
 * The outcome an index check settles (identical; other bytes, compared by contents; no comparable
 * hash), or undefined when the file is absent and should be sent.
 */
export async function settleCheck(
  artifact: Artifact,
  check: IndexCheck,
  context: PublishContext,
  found: 'before-upload' | 'after-refusal',
): Promise<PublishOutcome | undefined> {
  const filename = artifact.filename;
  if (check.kind === 'identical') return { status: 'skipped-identical', filename, url: check.url, found };
  if (check.kind === 'different') return settleDifferent(artifact, check, context, found);
  if (check.kind === 'unverifiable' || check.kind === 'needs-digest') {
    const shown = redactUrl(context.hostedIndexUrl);
    const error = new IndexReadError(`${shown} lists ${filename} without a hash this client can compare`, shown, {
      code: 'INDEX_NO_HASH',
      location: { file: filename },
      hint: "cannot tell whether the listed file is this build; point hostedIndexUrl at the hosted repository's own /simple/ index",
    });
    return { status: 'failed', filename, error };
  }
  return undefined;
}

/**
 * The index lists the file's name with other bytes. The same members (a rebuild whose
 * compression or timestamps differ) are the same release: skipped. Anything else is the
 * immutability refusal, naming the first member that differs.
 */
export async function settleDifferent(
  artifact: Artifact,
  check: Extract<IndexCheck, { kind: 'different' }>,
  context: PublishContext,
  found: 'before-upload' | 'after-refusal',
): Promise<PublishOutcome> {
  const filename = artifact.filename;
  context.reporter.onComparingContents?.(filename, redactUrl(check.url));
  let comparison: ContentComparison;
  try {
    comparison = await comparePublishedContents(artifact, check, { ...context, indexUrl: context.hostedIndexUrl });
  } catch (error) {
    return failedOutcome(filename, error);
  }
  if (comparison.same) {
    return { status: 'skipped-identical', filename, url: check.url, found, sameContents: { algorithm: check.algorithm, digest: check.remote } };
  }
  const error = computeImmutableVersionError(artifact.name, artifact.version, redactUrl(context.uploadUrl), filename, check, comparison.difference);
  return { status: 'failed', filename, error };
}

/** Thrown NxPypiErrors become a failed outcome; anything else is a bug and propagates. */
export function failedOutcome(filename: string, error: unknown): PublishOutcome {
  if (error instanceof NxPypiError) return { status: 'failed', filename, error };
  throw error;
}
