import { NxPypiError, type ErrorDetails } from '../../errors';

/** Repository configuration that cannot be used: unknown repository, secret in a committed file, bad .pypirc. */
export class RepositoryConfigError extends NxPypiError {
  constructor(message: string, details: ErrorDetails) {
    super(message, details);
  }
}
