/**
 * Compares a local artifact's contents with the file an index lists under its name with other
 * bytes: the listed file is downloaded into a temporary directory (capped at the size any archive
 * of this build's members could take, and checked against the digest the index lists), both
 * archives are read member by member, and the copy is deleted. A rebuild whose archive bytes
 * differ only by compression or timestamps (another Node version's zlib) is then the same release.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { IndexCheck } from '../../core/publish/classify-index-entry';
import { compareArchiveContents, computeArchiveSizeCap, type ArchiveListing, type ContentComparison } from '../../core/publish/compare-archive-contents';
import { ArtifactMetadataError, IndexReadError } from '../../core/publish/errors';
import { redactUrl } from '../../core/publish/redact-url';
import { NxPypiError } from '../../errors';
import { listArchiveMembers } from '../artifact/list-archive-members';
import type { IndexCheckOptions, LocalFile } from './check-index';
import { downloadListedFile } from './download-listed-file';
import { retryTransient } from './retry-transient';

export interface ContentCompareOptions extends IndexCheckOptions {
  /** The index whose page listed the file: credentials go only to its origin. */
  indexUrl: string;
}

/** `check`: the index entry that lists `file`'s name with other bytes. Throws NxPypiError when either archive cannot be read. */
export async function comparePublishedContents(
  file: LocalFile,
  check: Extract<IndexCheck, { kind: 'different' }>,
  options: ContentCompareOptions,
): Promise<ContentComparison> {
  // This build first: a damaged local artifact fails as such, and its members bound the download.
  const local = await listArchiveMembers(file.path, file.filename);
  const maxBytes = computeArchiveSizeCap(local);
  const shown = redactUrl(check.url);
  const dir = await mkdtemp(join(tmpdir(), 'nx-pypi-compare-')).catch((error: unknown) => {
    throw new NxPypiError(`could not create a temporary directory to compare ${file.filename}: ${(error as Error).message}`, {
      code: 'DOWNLOAD_WRITE_FAILED',
      location: { file: tmpdir() },
      hint: 'the temporary directory (TMPDIR) must be writable, with room for the published file',
      cause: error,
    });
  });
  try {
    const copy = join(dir, 'published');
    try {
      await retryTransient(
        () =>
          downloadListedFile(check.url, copy, {
            dispatcher: options.dispatcher,
            credentials: options.credentials,
            credentialsOrigin: new URL(options.indexUrl).origin,
            maxBytes,
            expected: { algorithm: check.algorithm, digest: check.remote },
            signal: options.signal,
            now: options.clock.now,
          }),
        { ...options, onRetry: (attempt, delayMs, reason) => options.reportRetry?.(file.filename, attempt, delayMs, reason) },
      );
    } catch (error) {
      if (!(error instanceof IndexReadError) || error.code !== 'DOWNLOAD_TOO_LARGE') throw error;
      throw new NxPypiError(
        `the published ${file.filename} (${shown}) is larger than ${maxBytes} bytes, more than any archive of this build's ${local.members.length} members could take`,
        {
          code: 'PUBLISH_COMPARE_TOO_LARGE',
          location: { file: file.filename },
          hint: 'it holds other contents than this build; bump the version (nx release version)',
          cause: error,
        },
      );
    }
    let published: ArchiveListing;
    try {
      published = await listArchiveMembers(copy, file.filename);
    } catch (error) {
      if (!(error instanceof ArtifactMetadataError)) throw error;
      // The reader names the temporary copy, which is gone once this returns: name the URL instead.
      throw new NxPypiError(`the published ${file.filename} cannot be read to compare it with this build: ${error.message.split(copy).join(shown)}`, {
        code: 'PUBLISH_COMPARE_UNREADABLE',
        location: { file: file.filename },
        hint: "the file on the index is damaged or not a valid archive, so it is not this build: bump the version (nx release version), or have the repository's administrator delete it",
        cause: error,
      });
    }
    return compareArchiveContents(local, published);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
