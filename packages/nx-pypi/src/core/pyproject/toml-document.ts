/**
 * Reading pyproject.toml text as TOML, and turning a Checker's problems into one located error:
 * the one place every pyproject reader (the full validation, the graph's identity, Poetry, the
 * PEP 517 build-system, the text-preserving edits) goes through.
 */
import type * as SmolToml from 'smol-toml' with { 'resolution-mode': 'import' };
import type { Checker, Table } from './checker';
import { PyProjectError, PyProjectProblem } from './errors';
import { formatKeyPath } from './key-path';
import { indexTomlPositions } from './locate';

// smol-toml ships CommonJS (dist/index.cjs) but ESM-only typings, which TypeScript (node16 + CommonJS)
// refuses as a value import; require() gets the CJS build, the type import keeps it typed.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse, TomlError } = require('smol-toml') as typeof SmolToml;

/** The TOML document; throws smol-toml's TomlError on bad syntax. */
export function parseTomlTable(text: string): Table {
  return parse(text) as Table;
}

/** The TOML document; bad syntax is a PyProjectError with the file, line:col and the offending lines. */
export function readTomlDocument(text: string, filePath: string): Table {
  try {
    return parseTomlTable(text);
  } catch (err) {
    if (!(err instanceof TomlError)) throw err;
    const reason = err.message.split('\n')[0].replace(/^Invalid TOML document: /, '');
    const problem = new PyProjectProblem(`invalid TOML: ${reason}`, {
      code: 'PYPROJECT_TOML_SYNTAX',
      hint: `fix the TOML syntax (https://toml.io/en/v1.0.0):\n${err.codeblock.trimEnd()}`,
      location: { file: filePath, line: err.line, column: err.column },
    });
    throw new PyProjectError(filePath, [problem]);
  }
}

/** The Checker's problems as one PyProjectError, in file order, each with file, key path and line:col. */
export function locateProblems(c: Checker, text: string, filePath: string): PyProjectError {
  const positions = text.trim() === '' ? undefined : indexTomlPositions(text);
  const located = c.problems.map((problem) => ({ problem, pos: positions?.locate(problem.path, problem.at) ?? { line: 1, column: 1 } }));
  located.sort((a, b) => a.pos.line - b.pos.line || a.pos.column - b.pos.column);
  return new PyProjectError(
    filePath,
    located.map(
      ({ problem, pos }) =>
        new PyProjectProblem(problem.message, {
          code: problem.code,
          hint: problem.hint,
          location: { file: filePath, keyPath: problem.path.length > 0 ? formatKeyPath(problem.path) : undefined, line: pos.line, column: pos.column },
        }),
    ),
  );
}
