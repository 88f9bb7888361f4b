import { AggregateNxPypiError, NxPypiError, type SourceLocation } from '../../errors';

/** One problem in a pyproject.toml: what is wrong, where (file, key path, line:col), and what to do. */
export class PyProjectProblem extends NxPypiError {
  constructor(message: string, details: { code: string; hint?: string; location: SourceLocation }) {
    super(message, details);
  }
}

/** Every problem found in one pyproject.toml, reported together. */
export class PyProjectError extends AggregateNxPypiError {
  readonly filePath: string;

  constructor(filePath: string, problems: readonly PyProjectProblem[]) {
    super(`${filePath} is not a valid pyproject.toml`, problems, 'PYPROJECT_INVALID');
    this.filePath = filePath;
  }
}

/** `version` is dynamic (or missing) where nx-pypi needs a literal one. */
export class DynamicVersionError extends NxPypiError {}
