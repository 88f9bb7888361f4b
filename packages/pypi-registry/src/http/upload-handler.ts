/**
 * `POST /repository/<hosted>/`: the legacy upload as Nexus's PyPiHostedHandlers and
 * PyPiHostedFacet process it (NEXUS-PYPI.md 1.2-1.5), with optional strict checks and faults.
 * The caller has already authenticated and authorized the request.
 */
import type { IncomingMessage } from 'node:http';
import { rm } from 'node:fs/promises';
import type { HostedRepositoryConfig } from '../config/registry-config';
import { checkContentType } from '../core/content-type';
import { checkDistFilename } from '../core/dist-filename';
import { normalizeProjectName } from '../core/normalize-name';
import { decideWrite } from '../core/write-policy';
import type { StoredAsset } from '../store/package-store';
import { receiveUpload, type ReceivedContent } from './receive-upload';
import type { Reply } from './reply';
import { drain } from './request-body';
import type { RegistryContext } from './registry-context';
import type { UploadOutcome } from './upload-log';

export async function handleUpload(context: RegistryContext, request: IncomingMessage, repository: HostedRepositoryConfig, username: string): Promise<Reply> {
  const log = (filename: string | null, outcome: UploadOutcome, status: number | null): void =>
    context.uploads.record({ filename, repository: repository.name, outcome, status, user: username });

  const failure = context.faults.takeUploadFailure();
  if (failure !== undefined) {
    await drain(request);
    log(null, 'fault', failure);
    return { kind: 'error', status: failure };
  }

  const received = await receiveUpload(request, { newTempPath: () => context.store.newTempPath(), blake2: context.strict });
  const content = received.content;
  const filename = content?.filename ?? null;
  try {
    if (context.faults.takeDropBeforeStore()) {
      log(filename, 'dropped-before-store', null);
      return { kind: 'drop' };
    }
    const fields = received.fields;
    // Nexus answers all of these with an unmapped exception, i.e. a bare 500 page.
    const malformed =
      received.malformed ??
      (fields[':action'] !== 'file_upload' ? `Unsupported :action, found: ${fields[':action'] ?? '(none)'}` : undefined) ??
      (!fields['name'] ? 'name is required' : undefined) ??
      (!fields['version'] ? 'version is required' : undefined) ??
      (!content?.filename ? 'content part with a filename is required' : undefined);
    if (malformed || !content) {
      log(filename, 'malformed', 500);
      return { kind: 'error', status: 500 };
    }

    const name = normalizeProjectName(fields['name']!);
    const version = fields['version']!;
    const assetPath = `/packages/${name}/${version}/${content.filename}`;
    const rejection = checkUpload(context, fields, content, assetPath) ?? checkStorable(context, name, version, content.filename);
    if (rejection) {
      log(filename, 'rejected', rejection.status);
      return { kind: 'error', status: rejection.status, message: rejection.message };
    }

    const requiresPython = fields['requires_python']?.trim();
    const asset: StoredAsset = {
      repository: repository.name,
      path: assetPath,
      name,
      version,
      filename: content.filename,
      size: content.size,
      sha256: content.sha256,
      md5: content.md5,
      sha1: content.sha1,
      ...(requiresPython ? { requiresPython: fields['requires_python'] } : {}),
      uploadedAt: new Date().toISOString(),
      uploader: username,
      attributes: fields,
    };
    const result = await context.store.put(asset, content.tempFile, (exists) =>
      decideWrite(repository.writePolicy, context.storageFlavour, repository.name, assetPath, exists),
    );
    if (!result.stored) {
      log(filename, 'refused', 400);
      return { kind: 'error', status: 400, message: result.message };
    }
    if (context.faults.takeDropAfterStore()) {
      log(filename, 'dropped-after-store', null);
      return { kind: 'drop' };
    }
    log(filename, 'stored', 200);
    return { kind: 'body', status: 200, headers: {}, body: '' };
  } finally {
    // put() moved the file if it stored it; in every other case the temp file is garbage.
    if (content) await rm(content.tempFile, { force: true });
  }
}

/** md5 as Nexus checks it; in strict mode also the other digests, the filename and the content type. */
function checkUpload(
  context: RegistryContext,
  fields: Record<string, string>,
  content: ReceivedContent,
  assetPath: string,
): { status: number; message: string } | undefined {
  const md5 = fields['md5_digest'];
  if (md5 !== undefined && md5.toLowerCase() !== content.md5) {
    return { status: 400, message: `Digests do not match, found: ${content.md5}, expected: ${md5}` };
  }
  if (!context.strict) return undefined;
  const digests: Array<[string, string | undefined]> = [
    ['sha256_digest', content.sha256],
    ['blake2_256_digest', content.blake2b256],
  ];
  for (const [field, actual] of digests) {
    const sent = fields[field];
    if (sent !== undefined && sent.toLowerCase() !== actual) {
      return { status: 400, message: `Digests do not match, found: ${actual}, expected: ${sent} (${field})` };
    }
  }
  const problems = checkDistFilename(content.filename, fields['name']!, fields['version']!, fields['filetype']);
  if (problems.length > 0) return { status: 400, message: problems.join('; ') };
  const contentType = checkContentType(content.filename, content.head, assetPath);
  if (contentType) return { status: 404, message: contentType };
  return undefined;
}

/** Names the data directory cannot hold: this registry's own limit, which Nexus's blob store lacks. */
function checkStorable(context: RegistryContext, name: string, version: string, filename: string): { status: number; message: string } | undefined {
  const message = context.store.checkNames({ name, version, filename });
  return message === undefined ? undefined : { status: 400, message };
}
