/**
 * Uploads one artifact that the index does not list yet. Retries connection failures, 429 and
 * 5xx (not 501) with backoff; a TLS certificate error is never retried. Before every retry the
 * hosted index is read again: a dropped connection or a gateway timeout may come after the
 * server stored the file, and sending it again would then be refused (or worse, overwrite it).
 */
import { classifyUploadResponse, describeUploadFailure, type UploadContext } from '../../core/publish/classify-upload-response';
import { computeBasicAuthorization } from '../../core/publish/credentials';
import { TransportError, UploadRejectedError } from '../../core/publish/errors';
import type { PublishOutcome } from '../../core/publish/publish-outcome';
import { redactUrl } from '../../core/publish/redact-url';
import { computeRetryDecision } from '../../core/publish/retry-policy';
import { computeUploadForm, DIGEST_FIELD_LENGTHS, digestFields } from '../../core/publish/upload-form';
import { createBlake2b256 } from '../../core/publish/blake2b-256';
import { createHash } from 'node:crypto';
import type { Artifact } from '../artifact/read-artifact';
import { checkIndex } from './check-index';
import { createMultipartBody, type TrailingFields } from './multipart-body';
import { settleCheck, type PublishContext } from './publish-context';
import { sendRequest, type HttpAnswer } from './send-request';

// Error pages are small; a body past this is not worth keeping for a message.
const MAX_ERROR_BODY = 64 * 1024;

/**
 * The server answered that it stored the file. The index confirms it afterwards, in the one read
 * per project that also checks no other run replaced it (verify-published.ts): a read per file
 * here, and again there, doubled a release's requests.
 */
export interface StoredUpload {
  status: 'stored';
  filename: string;
  attempts: number;
  /** The 2xx the server answered. */
  httpStatus: number;
}

/** sha256 and BLAKE2b-256 of the bytes one pass sends, kept on the artifact once the whole file went out. */
function digestsWhileStreaming(artifact: Artifact): TrailingFields {
  return {
    layout: DIGEST_FIELD_LENGTHS,
    start: async () => {
      const sha256 = createHash('sha256');
      const blake2 = await createBlake2b256();
      return {
        update: (chunk) => {
          sha256.update(chunk);
          blake2.update(chunk);
        },
        finish: () => {
          artifact.digests = { sha256: sha256.digest('hex'), blake2_256: blake2.digest() };
          return digestFields(artifact.digests);
        },
      };
    },
  };
}

export async function uploadWithRetries(artifact: Artifact, context: PublishContext): Promise<PublishOutcome | StoredUpload> {
  const { filename } = artifact;
  const shown = redactUrl(context.uploadUrl);
  const uploadContext: UploadContext = {
    filename,
    url: shown,
    username: context.credentials?.username,
    passwordSource: context.credentials?.source,
  };
  // Digests known (a comparison needed them): sent before the file, as twine does. Unknown: computed
  // from the bytes as they stream and sent after them, so a new file is read once.
  const body = createMultipartBody(
    computeUploadForm(artifact.metadata, {
      filetype: artifact.filetype,
      pyversion: artifact.pyversion,
      ...(artifact.digests ? { digests: artifact.digests } : {}),
    }),
    { path: artifact.path, filename, size: artifact.size },
    undefined,
    artifact.digests ? undefined : digestsWhileStreaming(artifact),
  );
  const headers: Record<string, string> = { 'content-type': body.contentType, 'content-length': String(body.contentLength) };
  if (context.credentials) headers.authorization = computeBasicAuthorization(context.credentials);

  for (let attempt = 1; ; attempt++) {
    if (attempt > 1) {
      const { check } = await checkIndex(context.hostedIndexUrl, artifact, context);
      context.reporter.onIndexChecked?.(filename, check);
      // Listed now but not before our first POST: an earlier attempt stored it and lost its answer.
      if (check.kind === 'identical') return { status: 'uploaded', filename, url: check.url, attempts: attempt - 1 };
      const settled = await settleCheck(artifact, check, context, 'after-refusal');
      if (settled) return settled;
    }
    context.reporter.onUploadStart?.(filename, artifact.size, attempt);
    let answer: HttpAnswer;
    try {
      answer = await sendRequest(context.uploadUrl, {
        method: 'POST',
        headers,
        body: body.stream((sent) => context.reporter.onUploadProgress?.(filename, sent, artifact.size)),
        dispatcher: context.dispatcher,
        maxBodyBytes: MAX_ERROR_BODY,
        signal: context.signal,
      });
    } catch (error) {
      if (!(error instanceof TransportError) || error.kind !== 'retryable') throw error;
      const decision = computeRetryDecision(attempt, context.policy, context.clock.random());
      if (!decision.retry) {
        throw new TransportError(`${error.message}; ${decision.why}`, error.url, error.kind, { code: error.code, hint: error.hint, cause: error });
      }
      context.reporter.onRetry?.(filename, attempt, decision.delayMs, error.message);
      await context.clock.sleep(decision.delayMs, context.signal);
      continue;
    }

    const response = {
      status: answer.status,
      reason: answer.reason,
      body: answer.body,
      location: answer.headers.location,
      retryAfter: answer.headers['retry-after'],
    };
    const verdict = classifyUploadResponse(response, uploadContext, context.clock.now());
    if (verdict.kind === 'rejected') throw verdict.error;
    if (verdict.kind === 'retry') {
      const decision = computeRetryDecision(attempt, context.policy, context.clock.random(), verdict.retryAfterMs);
      if (!decision.retry) throw describeUploadFailure(response, uploadContext, attempt, decision.stoppedBy === 'retry-after' ? decision.why : undefined);
      context.reporter.onRetry?.(filename, attempt, decision.delayMs, `${shown} answered ${verdict.detail}`);
      await context.clock.sleep(decision.delayMs, context.signal);
      continue;
    }

    if (verdict.kind === 'stored') return { status: 'stored', filename, attempts: attempt, httpStatus: answer.status };
    // Refused as existing: the index decides what happened.
    const { check, pageUrl } = await checkIndex(context.hostedIndexUrl, artifact, context);
    context.reporter.onIndexChecked?.(filename, check);
    const settled = await settleCheck(artifact, check, context, 'after-refusal');
    if (settled) return settled;
    const shownIndex = redactUrl(pageUrl);
    throw new UploadRejectedError(
      `${shown} refused ${filename} as already present (${verdict.detail}), but ${shownIndex} does not list it`,
      shown,
      answer.status,
      {
        code: 'UPLOAD_REFUSED_NOT_LISTED',
        location: { file: filename },
        hint: 'another version spelling or a stale index may hold this file; check hostedIndexUrl points at the hosted repository you upload to',
      },
    );
  }
}
