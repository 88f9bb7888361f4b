import { NxPypiError, type ErrorDetails } from '../../errors';
import type { TransportFailureKind } from './classify-transport-error';

/**
 * Errors of the publish layer. Every URL in a message is redacted (no userinfo) before it gets
 * here, and no message ever carries a password: the 401 text names the user and where the
 * password came from, not the password.
 */

/** An artifact's core metadata (METADATA / PKG-INFO) or filename is unusable for an upload. */
export class ArtifactMetadataError extends NxPypiError {
  constructor(message: string, details: ErrorDetails) {
    super(message, details);
  }
}

/** The index already holds this filename with other bytes: a published version is immutable. */
export class ImmutableVersionError extends NxPypiError {
  readonly filename: string;
  constructor(message: string, filename: string, details: ErrorDetails) {
    super(message, details);
    this.filename = filename;
  }
}

/** The repository answered the upload with a status that ends this file's publish. */
export class UploadRejectedError extends NxPypiError {
  /** The redacted upload URL. */
  readonly url: string;
  readonly status: number;
  constructor(message: string, url: string, status: number, details: ErrorDetails) {
    super(message, details);
    this.url = url;
    this.status = status;
  }
}

/** Reading a simple index page (other than 404, which means "project not there") or a file it lists failed. */
export class IndexReadError extends NxPypiError {
  /** The redacted page URL. */
  readonly url: string;
  /** Set for 429 and 5xx answers: trying again later may succeed. */
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  constructor(message: string, url: string, details: ErrorDetails & { retryable?: boolean; retryAfterMs?: number }) {
    super(message, details);
    this.url = url;
    this.retryable = details.retryable ?? false;
    this.retryAfterMs = details.retryAfterMs;
  }
}

/** A connection-level failure: refused, reset, timed out, or a TLS certificate the client rejects. */
export class TransportError extends NxPypiError {
  /** The redacted URL. */
  readonly url: string;
  readonly kind: TransportFailureKind;
  constructor(message: string, url: string, kind: TransportFailureKind, details: ErrorDetails) {
    super(message, details);
    this.url = url;
    this.kind = kind;
  }
}

/** Uploaded files did not all appear in an index within the wait. */
export class VisibilityTimeoutError extends NxPypiError {
  readonly url: string;
  readonly missing: readonly string[];
  constructor(message: string, url: string, missing: readonly string[], details: ErrorDetails) {
    super(message, details);
    this.url = url;
    this.missing = missing;
  }
}

/** The project's dist/ folder, its configuration or its metadata do not allow a publish to start. */
export class PublishInputError extends NxPypiError {}
