/**
 * What publishing one file came to, as data (changesets' `published | failed | already-published`),
 * and the reporter through which the library tells the caller what it is doing: the library
 * itself prints nothing (uv-publish's Reporter).
 */
import type { NxPypiError } from '../../errors';
import { ImmutableVersionError } from './errors';
import type { IndexCheck } from './classify-index-entry';
import { describeDifference, type MemberDifference } from './compare-archive-contents';

export type PublishOutcome =
  | {
      status: 'uploaded';
      filename: string;
      /** The file's URL in the index. */
      url: string;
      /** POSTs sent. The last one may have lost its answer: the index then confirmed the file instead. */
      attempts: number;
    }
  | {
      status: 'skipped-identical';
      filename: string;
      url: string;
      /** When the index showed it: before any upload, or after the server refused it as existing. */
      found: 'before-upload' | 'after-refusal';
      /**
       * Set when the index lists other archive bytes whose members are this build's (a rebuild on
       * another zlib): the digest that was compared, which the end-of-run check holds the index to.
       */
      sameContents?: { algorithm: string; digest: string };
    }
  | { status: 'failed'; filename: string; error: NxPypiError };

/** Progress events. Every method is optional; none of them may throw. */
export interface PublishReporter {
  /** The index was read for `filename`: absent, identical, different… */
  onIndexChecked?(filename: string, check: IndexCheck): void;
  /** An upload attempt starts. `attempt` is 1-based. */
  onUploadStart?(filename: string, bytes: number, attempt: number): void;
  /**
   * File bytes read into the request body of the current attempt (starts again from 0 on a
   * retry). Called once per chunk read (256 KiB), so a caller that draws should throttle.
   */
  onUploadProgress?(filename: string, sentBytes: number, totalBytes: number): void;
  /** An attempt failed and another follows after `delayMs`. `reason` is safe to print. */
  onRetry?(filename: string, attempt: number, delayMs: number, reason: string): void;
  /** The index lists other bytes under the file's name: the listed file (`url`, redacted) is downloaded to compare contents. */
  onComparingContents?(filename: string, url: string): void;
  /** The file's publish ended. */
  onOutcome?(outcome: PublishOutcome): void;
  /** waitUntilListed polled the index; `missing` are the files not visible yet. */
  onWaiting?(indexUrl: string, missing: readonly string[], elapsedMs: number): void;
}

/**
 * The error for a filename the index lists with other bytes. `repository` is a redacted URL;
 * `difference`, when the contents were compared, names the first member that differs.
 */
export function computeImmutableVersionError(
  project: string,
  version: string,
  repository: string,
  filename: string,
  check: Extract<IndexCheck, { kind: 'different' }>,
  difference?: MemberDifference,
): ImmutableVersionError {
  const what = difference ? `different content (${describeDifference(difference)})` : 'different content';
  return new ImmutableVersionError(`${project} ${version} is already on ${repository} with ${what}; bump the version (nx release version)`, filename, {
    code: 'PUBLISH_IMMUTABLE_VERSION',
    location: { file: filename },
    hint: `local ${check.algorithm}=${check.local}, ${check.url} has ${check.algorithm}=${check.remote}; a published file never changes`,
  });
}
