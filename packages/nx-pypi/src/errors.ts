/**
 * One base error for everything a user can cause. It carries where the problem is and what to do,
 * and renders itself once, at the executor/generator/CLI boundary. Anything that is not an
 * NxPypiError reaching a boundary is a bug and is printed with its stack.
 */

/** Where in a file a problem sits. `keyPath` is the TOML/JSON key path, e.g. `project.version`. */
export interface SourceLocation {
  file: string;
  keyPath?: string;
  /** 1-based. */
  line?: number;
  /** 1-based. */
  column?: number;
}

export interface ErrorDetails {
  /** Stable machine-readable code, e.g. `PYPROJECT_INVALID_VERSION`. */
  code: string;
  /** What the user should do next. */
  hint?: string;
  location?: SourceLocation;
  cause?: unknown;
}

export class NxPypiError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly location?: SourceLocation;

  constructor(message: string, details: ErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code;
    this.hint = details.hint;
    this.location = details.location;
  }

  /** `file:line:col [key.path] message\n  hint` — the one form users read. */
  render(): string {
    const where = this.location ? `${formatLocation(this.location)} ` : '';
    const hint = this.hint ? `\n  ${this.hint}` : '';
    return `${where}${this.message}${hint}`;
  }
}

/** Several problems found in one input, reported together (collect all, then fail once). */
export class AggregateNxPypiError extends NxPypiError {
  readonly problems: readonly NxPypiError[];

  constructor(summary: string, problems: readonly NxPypiError[], code = 'MULTIPLE_PROBLEMS') {
    super(summary, { code, location: problems[0]?.location });
    this.problems = problems;
  }

  override render(): string {
    if (this.problems.length === 1) return this.problems[0].render();
    return [`${this.message} (${this.problems.length} problems):`, ...this.problems.map((p) => `- ${p.render().replace(/\n/g, '\n  ')}`)].join('\n');
  }
}

export function formatLocation(loc: SourceLocation): string {
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.line !== undefined && loc.column !== undefined) s += `:${loc.column}`;
  if (loc.keyPath) s += ` [${loc.keyPath}]`;
  return s;
}

/** Renders any thrown value for a user: our errors as written, anything else as a bug with its stack. */
export function renderError(err: unknown): string {
  if (err instanceof NxPypiError) return err.render();
  const stack = err instanceof Error ? (err.stack ?? err.message) : String(err);
  return `Unexpected error (this is a bug in nx-pypi, please report it):\n${stack}`;
}
