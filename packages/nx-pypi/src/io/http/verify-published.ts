/**
 * The last step of a publish run: read the hosted index once per project and check that every
 * file this run reported as uploaded or identical is still listed with its sha256. On a
 * repository that allows redeploys, a concurrent run can replace a file after this run's upload
 * was confirmed; without this check the run would end reporting a file that is no longer there.
 */
import { NxPypiError } from '../../errors';
import { classifyIndexEntry } from '../../core/publish/classify-index-entry';
import type { PublishOutcome } from '../../core/publish/publish-outcome';
import { redactUrl } from '../../core/publish/redact-url';
import { ensureDigests, type Artifact } from '../artifact/read-artifact';
import { fetchProjectIndex, type ProjectIndexResult } from './fetch-project-index';
import { settleCheck, type PublishContext } from './publish-context';
import type { StoredUpload } from './upload-with-retries';
import type { IndexCheck } from '../../core/publish/classify-index-entry';
import { UploadRejectedError } from '../../core/publish/errors';
import { retryTransient } from './retry-transient';
import { classifyLocalFile } from './check-index';

/**
 * `outcomes` with every reported file that the index no longer holds as built turned into a
 * failure, and every file the server said it stored confirmed (reported as uploaded) or failed.
 */
export async function verifyPublished(
  artifacts: readonly Artifact[],
  outcomes: ReadonlyArray<PublishOutcome | StoredUpload>,
  context: PublishContext,
): Promise<PublishOutcome[]> {
  const pages = new Map<string, Promise<ProjectIndexResult>>();
  const result: PublishOutcome[] = [];
  for (const outcome of outcomes) {
    if (outcome.status === 'failed') {
      result.push(outcome);
      continue;
    }
    const artifact = artifacts.find((a) => a.filename === outcome.filename);
    if (!artifact) throw new Error(`${outcome.filename} has an outcome but no artifact (this is a bug in nx-pypi)`);
    let page: ProjectIndexResult;
    try {
      if (!pages.has(artifact.name)) {
        pages.set(
          artifact.name,
          retryTransient(
            () =>
              fetchProjectIndex(context.hostedIndexUrl, artifact.name, {
                dispatcher: context.dispatcher,
                credentials: context.credentials,
                signal: context.signal,
                now: context.clock.now,
              }),
            context,
          ),
        );
      }
      page = await pages.get(artifact.name)!;
    } catch (error) {
      if (!(error instanceof NxPypiError)) throw error;
      result.push(
        report(context, {
          status: 'failed',
          filename: outcome.filename,
          error: new NxPypiError(
            `could not confirm ${outcome.filename} on the index after ${outcome.status === 'stored' ? 'uploading it' : 'publishing'}: ${error.message}`,
            {
              code: 'PUBLISH_NOT_VERIFIED',
              location: { file: outcome.filename },
              hint: error.hint,
              cause: error,
            },
          ),
        }),
      );
      continue;
    }
    // A file skipped as the same contents is held to the published digest that was compared, not this build's.
    const expected =
      outcome.status === 'skipped-identical' && outcome.sameContents
        ? { [outcome.sameContents.algorithm]: outcome.sameContents.digest }
        : { sha256: (await ensureDigests(artifact)).sha256 };
    const check = page.found ? classifyIndexEntry(artifact.filename, expected, page.files) : ({ kind: 'absent' } as const);
    if (outcome.status === 'stored') {
      // Every digest the check before it compared; one the index lists alone (md5) is computed now.
      const { sha256, blake2_256 } = await ensureDigests(artifact);
      const confirmed = page.found ? await classifyLocalFile(artifact, { sha256, blake2b_256: blake2_256 }, page.files, page.url) : check;
      result.push(await confirmStored(outcome, artifact, confirmed, page.url, context));
      continue;
    }
    if (check.kind === 'identical' || check.kind === 'needs-digest' || check.kind === 'unverifiable') {
      // needs-digest/unverifiable: the index lists no digest of the kind compared before; nothing new to compare.
      result.push(outcome);
      continue;
    }
    const how = outcome.status === 'uploaded' ? 'uploaded' : outcome.sameContents ? 'found with the same contents' : 'found identical';
    const error = overwrittenError(outcome.filename, how, check, context);
    result.push(report(context, { status: 'failed', filename: outcome.filename, error }));
  }
  return result;
}

/** A file the server said it stored: listed with this build's bytes, or an error saying what the index shows instead. */
async function confirmStored(stored: StoredUpload, artifact: Artifact, check: IndexCheck, pageUrl: string, context: PublishContext): Promise<PublishOutcome> {
  context.reporter.onIndexChecked?.(stored.filename, check);
  if (check.kind === 'identical') return report(context, { status: 'uploaded', filename: stored.filename, url: check.url, attempts: stored.attempts });
  // Stored, then listed with other bytes: a concurrent run replaced it (redeploys allowed).
  if (check.kind === 'different')
    return report(context, { status: 'failed', filename: stored.filename, error: overwrittenError(stored.filename, 'uploaded', check, context) });
  const settled = await settleCheck(artifact, check, context, 'after-refusal');
  if (settled) return report(context, settled);
  const shown = redactUrl(context.uploadUrl);
  const error = new UploadRejectedError(
    `${shown} accepted ${stored.filename} (${stored.httpStatus}), but ${redactUrl(pageUrl)} does not list it`,
    shown,
    stored.httpStatus,
    {
      code: 'UPLOAD_NOT_CONFIRMED',
      location: { file: stored.filename },
      hint: 'hostedIndexUrl must be the simple index of the hosted repository you upload to (…/repository/<hosted>/simple/)',
    },
  );
  return report(context, { status: 'failed', filename: stored.filename, error });
}

function overwrittenError(
  filename: string,
  how: 'uploaded' | 'found identical' | 'found with the same contents',
  check: Extract<IndexCheck, { kind: 'absent' | 'different' }>,
  context: PublishContext,
): NxPypiError {
  const shown = redactUrl(context.hostedIndexUrl);
  const compared = how === 'found with the same contents' ? 'the compared' : "this build's";
  const what = check.kind === 'absent' ? 'is no longer listed' : `now has ${check.algorithm}=${check.remote}, not ${compared} ${check.local}`;
  return new NxPypiError(`${filename} was ${how} by this run, but ${shown} ${what}: another run replaced or removed it`, {
    code: 'PUBLISH_OVERWRITTEN',
    location: { file: filename },
    hint: 'two runs published this version at once on a repository that allows redeploys; set the hosted repository\'s deployment policy to "Disable redeploy" (nx-pypi doctor tells which it is) and publish a new version',
  });
}

function report(context: PublishContext, outcome: PublishOutcome): PublishOutcome {
  context.reporter.onOutcome?.(outcome);
  return outcome;
}
