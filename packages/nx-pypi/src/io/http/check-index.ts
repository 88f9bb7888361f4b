/**
 * Asks an index about one local artifact: is it listed, and with the same bytes? Reads are
 * retried on transient failures; a hash algorithm the first pass did not compute is computed here.
 */
import type { Dispatcher } from 'undici';
import { classifyIndexEntry, type IndexCheck } from '../../core/publish/classify-index-entry';
import type { Credentials } from '../../core/publish/credentials';
import type { ProjectIndex } from '../../core/publish/parse-simple-index';
import type { ArtifactDigests } from '../../core/publish/upload-form';
import { hashFileWith } from '../artifact/hash-file';
import { ensureDigests } from '../artifact/read-artifact';
import { fetchProjectIndex, type ProjectIndexResult } from './fetch-project-index';
import { retryTransient, type RetryContext } from './retry-transient';

/** What the check needs to know about a local file. */
export interface LocalFile {
  path: string;
  filename: string;
  /** The project name as in its metadata (normalized for the URL). */
  name: string;
  /** Computed when first needed (a listed file is compared by them), then kept. */
  digests?: ArtifactDigests;
}

export interface IndexCheckOptions extends RetryContext {
  dispatcher: Dispatcher;
  credentials?: Credentials;
  /** Told before an index read is retried, with the file it was for. */
  reportRetry?(filename: string, attempt: number, delayMs: number, reason: string): void;
}

export interface IndexCheckResult {
  check: IndexCheck;
  /** The project page that was read (redirects followed). */
  pageUrl: string;
  /** Every file the page lists; empty when the project is not on the index. */
  listed: ProjectIndex;
}

/** Reads the project page of `file` (retried on transient failures), for checkIndex or to share among a release's files. */
export function readIndexPage(indexUrl: string, file: LocalFile, options: IndexCheckOptions): Promise<ProjectIndexResult> {
  return retryTransient(
    () =>
      fetchProjectIndex(indexUrl, file.name, {
        dispatcher: options.dispatcher,
        credentials: options.credentials,
        signal: options.signal,
        now: options.clock.now,
      }),
    { ...options, onRetry: (attempt, delayMs, reason) => options.reportRetry?.(file.filename, attempt, delayMs, reason) },
  );
}

/** `page`: the project page already read for another file of the same project (one read per project, not per file). */
export async function checkIndex(indexUrl: string, file: LocalFile, options: IndexCheckOptions, page?: Promise<ProjectIndexResult>): Promise<IndexCheckResult> {
  return classifyAgainstPage(file, await (page ?? readIndexPage(indexUrl, file, options)));
}

async function classifyAgainstPage(file: LocalFile, page: ProjectIndexResult): Promise<IndexCheckResult> {
  if (!page.found) return { check: { kind: 'absent' }, pageUrl: page.url, listed: new Map() };
  // Not listed: nothing to compare, and the upload computes the digests as it streams the file.
  if (classifyIndexEntry(file.filename, {}, page.files).kind === 'absent') return { check: { kind: 'absent' }, pageUrl: page.url, listed: page.files };
  const digests = await ensureDigests(file);
  const check = await classifyLocalFile(file, { sha256: digests.sha256, blake2b_256: digests.blake2_256 }, page.files, page.url);
  return { check, pageUrl: page.url, listed: page.files };
}

/**
 * classifyIndexEntry, computing the one digest the index lists that `digests` lacks (md5 on a
 * Nexus <= 3.40, sha512 on a PEP 691 server) from the file first; `unverifiable` when this Node
 * cannot compute it.
 */
export async function classifyLocalFile(
  file: Pick<LocalFile, 'path' | 'filename'>,
  digests: Readonly<Record<string, string>>,
  listed: ProjectIndex,
  pageUrl: string,
): Promise<IndexCheck> {
  const check = classifyIndexEntry(file.filename, digests, listed);
  if (check.kind !== 'needs-digest') return check;
  const digest = await hashFileWith(file.path, check.algorithm);
  const entry = [...listed.values()].find((f) => f.filename.toLowerCase() === file.filename.toLowerCase());
  return digest === undefined
    ? { kind: 'unverifiable', url: entry?.url ?? pageUrl, algorithms: [check.algorithm] }
    : classifyIndexEntry(file.filename, { ...digests, [check.algorithm]: digest }, listed);
}
