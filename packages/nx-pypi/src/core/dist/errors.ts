import { NxPypiError, type ErrorDetails } from '../../errors';

/** A project cannot be built as asked: missing files, unsafe links, unsupported configuration. */
export class DistBuildError extends NxPypiError {
  constructor(message: string, details: ErrorDetails) {
    super(message, details);
  }
}
