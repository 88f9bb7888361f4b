import { NxPypiError, type ErrorDetails } from '../../errors';

/** A certificate file or chain that cannot be used as a trust bundle. */
export class CertificateError extends NxPypiError {
  constructor(message: string, details: ErrorDetails) {
    super(message, details);
  }
}
