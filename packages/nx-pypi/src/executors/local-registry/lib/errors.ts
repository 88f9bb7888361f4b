import { NxPypiError, type ErrorDetails } from '../../../errors';

/** The local registry cannot start, or the workspace files it manages are in a state it will not touch. */
export class LocalRegistryError extends NxPypiError {
  constructor(message: string, details: ErrorDetails) {
    super(message, details);
  }
}
