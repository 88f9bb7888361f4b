/**
 * Errors raised by the registry itself (bad config, bad CLI input, unusable data directory).
 * Deliberately not shared with packages/nx-pypi: this package is a test double and must not
 * agree with the client's code by construction (see STYLE.md).
 */
export class RegistryError extends Error {
  /** Stable machine-readable code, e.g. `REGISTRY_CONFIG_INVALID`. */
  readonly code: string;
  /** What to do next. */
  readonly hint?: string;
  /** Where the problem is: a file, optionally with a key path. */
  readonly location?: string;

  constructor(code: string, message: string, options: { hint?: string; location?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'RegistryError';
    this.code = code;
    this.hint = options.hint;
    this.location = options.location;
  }
}

/** Renders an error for a terminal: location, message, hint. Unknown errors keep their stack. */
export function renderRegistryError(error: unknown): string {
  if (error instanceof RegistryError) {
    const where = error.location ? `${error.location}: ` : '';
    const hint = error.hint ? `\n  hint: ${error.hint}` : '';
    return `error ${error.code}: ${where}${error.message}${hint}`;
  }
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return `unexpected error (this is a bug in pypi-registry, please report it):\n${stack}`;
}
