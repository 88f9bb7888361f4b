import { NxPypiError, type ErrorDetails } from '../../errors';
import { parseKeyPath } from '../pyproject/key-path';
import { indexTomlPositions } from '../pyproject/locate';

/** A project cannot be built as asked: missing files, unsafe links, unsupported configuration. */
export class DistBuildError extends NxPypiError {
  constructor(message: string, details: ErrorDetails) {
    super(message, details);
  }
}

/**
 * `err` with the line and column of its key in `text` (the pyproject.toml at `filePath`), when it
 * names a key of that file but no line: the build's checks know which field is wrong, and only the
 * file's text knows where the field is written. Any other error is returned as it is.
 */
export function locateBuildError(err: unknown, text: string, filePath: string): unknown {
  if (!(err instanceof DistBuildError)) return err;
  const location = err.location;
  if (!location || location.file !== filePath || location.keyPath === undefined || location.line !== undefined) return err;
  const path = parseKeyPath(location.keyPath);
  if (!path) return err;
  let position;
  try {
    const positions = indexTomlPositions(text);
    // Only a key whose table the file writes: a default (a readme nobody named) has no line to point at.
    if (positions.keyOffset(path.slice(0, Math.max(1, path.length - 1))) === undefined) return err;
    position = positions.locate(path);
  } catch {
    return err; // text the scanner does not take (it was parsed before the error): keep the error as it is
  }
  return new DistBuildError(err.message, {
    code: err.code,
    ...(err.hint === undefined ? {} : { hint: err.hint }),
    location: { ...location, line: position.line, column: position.column },
    ...(err.cause === undefined ? {} : { cause: err.cause }),
  });
}
