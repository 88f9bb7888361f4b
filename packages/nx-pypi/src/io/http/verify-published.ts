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
import type { Artifact } from '../artifact/read-artifact';
import { fetchProjectIndex, type ProjectIndexResult } from './fetch-project-index';
import type { PublishContext } from './publish-context';
import { retryTransient } from './retry-transient';

/** `outcomes` with every reported file that the index no longer holds as built turned into a failure. */
export async function verifyPublished(artifacts: readonly Artifact[], outcomes: readonly PublishOutcome[], context: PublishContext): Promise<PublishOutcome[]> {
  const pages = new Map<string, Promise<ProjectIndexResult>>();
  const result: PublishOutcome[] = [];
  for (const outcome of outcomes) {
    const artifact = artifacts.find((a) => a.filename === outcome.filename);
    if (outcome.status === 'failed' || !artifact) {
      result.push(outcome);
      continue;
    }
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
          error: new NxPypiError(`could not confirm ${outcome.filename} on the index after publishing: ${error.message}`, {
            code: 'PUBLISH_NOT_VERIFIED',
            location: { file: outcome.filename },
            hint: error.hint,
            cause: error,
          }),
        }),
      );
      continue;
    }
    const check = page.found ? classifyIndexEntry(artifact.filename, { sha256: artifact.digests.sha256 }, page.files) : ({ kind: 'absent' } as const);
    if (check.kind === 'identical' || check.kind === 'needs-digest' || check.kind === 'unverifiable') {
      // needs-digest/unverifiable: the index lists no sha256 now, as it did not before; nothing new to compare.
      result.push(outcome);
      continue;
    }
    const shown = redactUrl(context.hostedIndexUrl);
    const what = check.kind === 'absent' ? 'is no longer listed' : `now has sha256=${check.remote}, not this build's ${check.local}`;
    const error = new NxPypiError(
      `${outcome.filename} was ${outcome.status === 'uploaded' ? 'uploaded' : 'found identical'} by this run, but ${shown} ${what}: another run replaced or removed it`,
      {
        code: 'PUBLISH_OVERWRITTEN',
        location: { file: outcome.filename },
        hint: 'two runs published this version at once on a repository that allows redeploys; set the hosted repository\'s deployment policy to "Disable redeploy" (nx-pypi doctor tells which it is) and publish a new version',
      },
    );
    result.push(report(context, { status: 'failed', filename: outcome.filename, error }));
  }
  return result;
}

function report(context: PublishContext, outcome: PublishOutcome): PublishOutcome {
  context.reporter.onOutcome?.(outcome);
  return outcome;
}
