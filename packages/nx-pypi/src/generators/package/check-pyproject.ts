/**
 * The package generator writes only a pyproject.toml that the graph accepts: the rendered text is
 * checked with the same validator the plugin runs on every pyproject.toml (`parsePyProject`), and
 * each problem is turned back into the option that caused it.
 */
import { NxPypiError } from '../../errors';
import { parsePyProject, PyProjectError } from '../../core/pyproject';
import type { PackageGeneratorSchema } from './schema';

export class PackageGeneratorError extends NxPypiError {}

type OptionName = keyof PackageGeneratorSchema;

interface OptionRule {
  key: RegExp;
  option: OptionName;
  /** Completes "--option=<value> ..." from the validator's message. */
  describe: (message: string) => string;
  hint: string;
}

const RULES: OptionRule[] = [
  {
    key: /^project\.requires-python$/,
    option: 'requiresPython',
    describe: (m) => (m === 'is empty' ? 'is empty' : `is not a valid PEP 440 specifier set: ${m.replace(/^".*" is not a valid version specifier: /s, '')}`),
    hint: 'Pass a specifier set such as --requiresPython=">=3.9" or --requiresPython=">=3.9,<4" (https://peps.python.org/pep-0440/#version-specifiers).',
  },
  {
    key: /^project\.description$/,
    option: 'description',
    describe: () => 'is not a single line',
    hint: 'Pass one line (it becomes the Summary in the package metadata); put longer text in the generated README.md.',
  },
  {
    key: /^project\.authors\[\d+\]\.email$/,
    option: 'authorEmail',
    describe: () => 'is not a valid email address',
    hint: 'Pass one address, e.g. --authorEmail=ada@example.com, or leave the option out.',
  },
  {
    key: /^project\.authors\[\d+\]\.name$/,
    option: 'author',
    describe: (m) => (m.includes('comma') ? 'contains a comma' : `is not a valid author name: ${m}`),
    hint: 'Pass one person\'s name without commas (the metadata separates people with commas), e.g. --author="Ada Lovelace".',
  },
];

/** A validator problem traced back to an option: which option, and the error a user reads. */
export interface OptionProblem {
  option: OptionName | undefined;
  error: PackageGeneratorError;
}

/**
 * The problems `parsePyProject` finds in `text`, each naming the option and value that caused it.
 * Problems of `skipKeys` (already reported by the generator's own checks) are left out.
 */
export function checkRenderedPyProject(text: string, values: Partial<Record<OptionName, unknown>>, skipKeys: RegExp[]): OptionProblem[] {
  try {
    parsePyProject(text, 'pyproject.toml');
    return [];
  } catch (err) {
    if (!(err instanceof PyProjectError)) throw err;
    return err.problems.filter((p) => !skipKeys.some((k) => k.test(p.location?.keyPath ?? ''))).map((p) => toOptionProblem(p, values));
  }
}

function toOptionProblem(problem: NxPypiError, values: Partial<Record<OptionName, unknown>>): OptionProblem {
  const keyPath = problem.location?.keyPath ?? '';
  const rule = RULES.find((r) => r.key.test(keyPath));
  if (!rule) {
    // Every option the generator writes has a rule above; reaching here means a rule is missing.
    return {
      option: undefined,
      error: new PackageGeneratorError(`the pyproject.toml these options give is invalid at ${keyPath}: ${problem.message}`, {
        code: 'PACKAGE_INVALID_PYPROJECT',
        hint: "This is a bug in nx-pypi's package generator: please report it with the command you ran.",
      }),
    };
  }
  const value = JSON.stringify(String(values[rule.option] ?? ''));
  return {
    option: rule.option,
    error: new PackageGeneratorError(`--${rule.option}=${value} ${rule.describe(problem.message)}.`, { code: problem.code, hint: rule.hint }),
  };
}
