/**
 * Publishes built artifacts to a hosted repository, safe to re-run: the hosted index is read
 * first (listed and identical -> skipped; listed with other bytes -> the listed file is downloaded
 * and compared member by member: the same contents, as a rebuild on another zlib gives, is
 * skipped, different contents or a second sdist of the version are refused, and no file of that
 * project version is sent), each upload is confirmed in the
 * index, and every retry reads the index again before sending, so nothing is ever uploaded twice.
 * A release's page is read once before its uploads and once after them, whatever its file count.
 * Wheels go before the sdist (as uv does) and the first permanent failure stops the rest of that
 * release, so a failed wheel never leaves its sdist published alone. At the end the index is read
 * once more: a file this run reported that another run has since replaced (on a repository that
 * allows redeploys) is reported as failed, naming the file.
 */
import { NxPypiError } from '../../errors';
import { normalizeName } from '../../core/names';
import type { IndexCheck } from '../../core/publish/classify-index-entry';
import { findOtherReleaseSdist } from '../../core/publish/find-release-sdist';
import type { PublishOutcome } from '../../core/publish/publish-outcome';
import { redactUrl } from '../../core/publish/redact-url';
import type { Artifact } from '../artifact/read-artifact';
import { checkIndex, readIndexPage } from './check-index';
import type { ProjectIndexResult } from './fetch-project-index';
import { failedOutcome, resolvePublishContext, settleCheck, settleDifferent, type PublishContext, type PublishOptions } from './publish-context';
import { uploadWithRetries, type StoredUpload } from './upload-with-retries';
import { verifyPublished } from './verify-published';

/** One outcome per artifact, in upload order (wheels, then sdists, each by filename). Never throws an NxPypiError. */
export async function publishDistributions(artifacts: readonly Artifact[], options: PublishOptions): Promise<PublishOutcome[]> {
  const context = resolvePublishContext(options);
  const ordered = [...artifacts].sort(
    (a, b) => Number(a.filetype !== 'bdist_wheel') - Number(b.filetype !== 'bdist_wheel') || a.filename.localeCompare(b.filename),
  );
  const checks = new Map<Artifact, IndexCheck | PublishOutcome>();
  // One read of a project's page serves all its files (a wheel and an sdist: half the reads).
  const pages = new Map<string, Promise<ProjectIndexResult>>();
  for (const artifact of ordered) {
    try {
      const key = normalizeName(artifact.name);
      if (!pages.has(key)) pages.set(key, readIndexPage(context.hostedIndexUrl, artifact, context));
      const { check, listed } = await checkIndex(context.hostedIndexUrl, artifact, context, pages.get(key));
      context.reporter.onIndexChecked?.(artifact.filename, check);
      const otherSdist =
        artifact.filetype === 'sdist' && check.kind === 'absent' ? findOtherReleaseSdist(artifact.filename, artifact.version, listed) : undefined;
      // Other bytes are compared now, before any upload: a difference must stop the whole release.
      if (otherSdist) checks.set(artifact, secondSdistOutcome(artifact, otherSdist, context));
      else if (check.kind === 'different') checks.set(artifact, await settleDifferent(artifact, check, context, 'before-upload'));
      else checks.set(artifact, check);
    } catch (error) {
      checks.set(artifact, failedOutcome(artifact.filename, error));
    }
  }
  const outcomes: Array<PublishOutcome | StoredUpload> = [];
  for (const artifact of ordered) {
    const outcome = await decide(artifact, checks, ordered, outcomes, context);
    // A stored file is reported once the index confirms it.
    if (outcome.status !== 'stored') context.reporter.onOutcome?.(outcome);
    outcomes.push(outcome);
  }
  return verifyPublished(ordered, outcomes, context);
}

async function decide(
  artifact: Artifact,
  checks: Map<Artifact, IndexCheck | PublishOutcome>,
  all: readonly Artifact[],
  done: ReadonlyArray<PublishOutcome | StoredUpload>,
  context: PublishContext,
): Promise<PublishOutcome | StoredUpload> {
  const checked = checks.get(artifact)!;
  if ('status' in checked) return checked;
  const settled = await settleCheck(artifact, checked, context, 'before-upload');
  if (settled) return settled;
  // A release is either wholly the local build or wholly what the index already holds: a sibling
  // that conflicts with the index, could not be checked, or failed to upload blocks this file.
  const sibling = all.find((other) => {
    if (other === artifact || !sameRelease(other, artifact)) return false;
    const check = checks.get(other);
    const failedBefore = done.some((o) => o.filename === other.filename && o.status === 'failed');
    // Other bytes were settled into an outcome (skipped or failed) when the index was read.
    return failedBefore || (check !== undefined && 'status' in check && check.status === 'failed');
  });
  if (sibling) {
    const error = new NxPypiError(
      `${artifact.filename} was not sent: ${sibling.filename} of the same release failed, and sending the rest would leave ${artifact.name} ${artifact.version} half-published`,
      {
        code: 'PUBLISH_BLOCKED',
        location: { file: artifact.filename },
        hint: `fix what stopped ${sibling.filename} (see its line) and publish again; if its version is taken with other content, bump the version (nx release version)`,
      },
    );
    return { status: 'failed', filename: artifact.filename, error };
  }
  try {
    return await uploadWithRetries(artifact, context);
  } catch (error) {
    return failedOutcome(artifact.filename, error);
  }
}

function secondSdistOutcome(artifact: Artifact, listed: string, context: PublishContext): PublishOutcome {
  const error = new NxPypiError(
    `${artifact.name} ${artifact.version} already has a source distribution on ${redactUrl(context.uploadUrl)}: ${listed}; a release has one sdist, so ${artifact.filename} is refused`,
    {
      code: 'PUBLISH_SECOND_SDIST',
      location: { file: artifact.filename },
      hint: `${listed} was published by another build (a different sdist file name); bump the version (nx release version) to publish this build`,
    },
  );
  return { status: 'failed', filename: artifact.filename, error };
}

function sameRelease(a: Artifact, b: Artifact): boolean {
  return normalizeName(a.name) === normalizeName(b.name) && a.version === b.version;
}
