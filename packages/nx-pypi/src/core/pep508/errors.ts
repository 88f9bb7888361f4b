import { NxPypiError } from '../../errors';

/** Hides `user:password@` in URLs (`https://***@host/...`): direct references may carry tokens. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/\/\/[^/@\s]+@/g, '//***@');
}

/** A PEP 508 requirement (or marker) string that does not parse. */
export class RequirementError extends NxPypiError {
  /** The requirement text as given. */
  readonly requirement: string;
  /** 0-based offset of the problem in `requirement`, for the caller to turn into a line:col. */
  readonly offset: number;
  /** The problem alone, without the quoted requirement (for callers that quote it themselves). */
  readonly reason: string;

  constructor(requirement: string, offset: number, reason: string) {
    // Offsets refer to the requirement as written; only the displayed copy is redacted.
    super(`invalid requirement "${redactUrlCredentials(requirement)}": ${redactUrlCredentials(reason)} (at offset ${offset})`, {
      code: 'PEP508_INVALID_REQUIREMENT',
      hint:
        'write it as PEP 508 describes: name[extra,...] specifier ; marker, ' +
        'e.g. requests[socks]>=2.31,<3 ; python_version >= "3.9" (https://peps.python.org/pep-0508/)',
    });
    this.requirement = requirement;
    this.offset = offset;
    this.reason = reason;
  }
}
