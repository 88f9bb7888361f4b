import { NxPypiError } from '../../errors';

/** A string that had to be a PEP 440 version and is not. */
export class InvalidVersionError extends NxPypiError {
  readonly version: string;

  constructor(version: string) {
    super(`"${version}" is not a valid PEP 440 version`, {
      code: 'PEP440_INVALID_VERSION',
      hint: 'use a version such as 1.2.3, 1.2.3a1, 1.2.3.post1, 1.2.3.dev0 or 1!1.2.3+local.1 (https://peps.python.org/pep-0440/)',
    });
    this.version = version;
  }
}
