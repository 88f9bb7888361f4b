/**
 * Publishes built artifacts to a hosted repository, safe to re-run: the hosted index is read
 * first (listed and identical -> skipped; listed and different -> immutability error, and no file
 * of that project version is sent), each upload is confirmed in the index, and every retry reads
 * the index again before sending, so nothing is ever uploaded twice. Wheels go before sdists (uv).
 */
import { NxPypiError } from '../../errors';
import { normalizeName } from '../../core/names';
import type { IndexCheck } from '../../core/publish/classify-index-entry';
import type { PublishOutcome } from '../../core/publish/publish-outcome';
import { redactUrl } from '../../core/publish/redact-url';
import type { Artifact } from '../artifact/read-artifact';
import { checkIndex } from './check-index';
import { failedOutcome, resolvePublishContext, settleCheck, type PublishContext, type PublishOptions } from './publish-context';
import { uploadWithRetries } from './upload-with-retries';

/** One outcome per artifact, in upload order (wheels, then sdists, each by filename). Never throws an NxPypiError. */
export async function publishDistributions(artifacts: readonly Artifact[], options: PublishOptions): Promise<PublishOutcome[]> {
  const context = resolvePublishContext(options);
  const ordered = [...artifacts].sort(
    (a, b) => Number(a.filetype !== 'bdist_wheel') - Number(b.filetype !== 'bdist_wheel') || a.filename.localeCompare(b.filename),
  );
  const checks = new Map<Artifact, IndexCheck | PublishOutcome>();
  for (const artifact of ordered) {
    try {
      const { check } = await checkIndex(context.hostedIndexUrl, artifact, context);
      context.reporter.onIndexChecked?.(artifact.filename, check);
      checks.set(artifact, check);
    } catch (error) {
      checks.set(artifact, failedOutcome(artifact.filename, error));
    }
  }
  const outcomes: PublishOutcome[] = [];
  for (const artifact of ordered) {
    const outcome = await decide(artifact, checks, ordered, context);
    context.reporter.onOutcome?.(outcome);
    outcomes.push(outcome);
  }
  return outcomes;
}

async function decide(
  artifact: Artifact,
  checks: Map<Artifact, IndexCheck | PublishOutcome>,
  all: readonly Artifact[],
  context: PublishContext,
): Promise<PublishOutcome> {
  const checked = checks.get(artifact)!;
  if ('status' in checked) return checked;
  const settled = settleCheck(artifact, checked, context, 'before-upload');
  if (settled) return settled;
  // A sibling of the same project version that conflicts blocks this file too: a release is
  // either wholly the local build or wholly what the index already holds.
  const conflict = all.find((other) => {
    const check = checks.get(other);
    return other !== artifact && sameRelease(other, artifact) && check !== undefined && 'kind' in check && check.kind === 'different';
  });
  if (conflict) {
    const error = new NxPypiError(
      `${artifact.filename} was not sent: ${conflict.filename} of the same version is already on ${redactUrl(context.uploadUrl)} with different content`,
      { code: 'PUBLISH_BLOCKED', location: { file: artifact.filename }, hint: 'bump the version (nx release version) and publish again' },
    );
    return { status: 'failed', filename: artifact.filename, error };
  }
  try {
    return await uploadWithRetries(artifact, context);
  } catch (error) {
    return failedOutcome(artifact.filename, error);
  }
}

function sameRelease(a: Artifact, b: Artifact): boolean {
  return normalizeName(a.name) === normalizeName(b.name) && a.version === b.version;
}
