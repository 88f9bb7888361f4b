/**
 * Syntax of PEP 639 license expressions (SPDX 2.x, annex D): identifiers, `LicenseRef-...`,
 * `AND`/`OR`/`WITH`, parentheses, a trailing `+`. Operators are matched case-insensitively, as
 * packaging's `canonicalize_license_expression` does. Identifiers are not checked against the
 * SPDX license list (not bundled here); only their spelling is.
 */

const ID_RE = /^[A-Za-z0-9.-]+\+?$/;
const OPERATORS = new Set(['AND', 'OR', 'WITH']);

type Tok = { text: string; upper: string };

/** Returns what is wrong with `expression`, or undefined when it is a well-formed SPDX expression. */
export function findLicenseExpressionProblem(expression: string): string | undefined {
  const tokens: Tok[] = expression
    .replace(/[()]/g, ' $& ')
    .split(/\s+/)
    .filter(Boolean)
    .map((text) => ({ text, upper: text.toUpperCase() }));
  if (tokens.length === 0) return 'the license expression is empty';
  let i = 0;
  const peek = (): Tok | undefined => tokens[i];
  const show = (t: Tok | undefined) => (t ? `"${t.text}"` : 'the end');

  const primary = (): string | undefined => {
    const t = peek();
    if (t?.text === '(') {
      i++;
      const problem = orExpr();
      if (problem) return problem;
      if (peek()?.text !== ')') return `expected ")" to close a "(", found ${show(peek())}`;
      i++;
      return undefined;
    }
    if (!t || t.text === ')' || OPERATORS.has(t.upper)) return `expected a license identifier such as MIT, found ${show(t)}`;
    if (!ID_RE.test(t.text) || (t.upper.startsWith('LICENSEREF-') && t.text.length === 'LicenseRef-'.length)) {
      return `"${t.text}" is not a license identifier (letters, digits, "." and "-", or LicenseRef-<name>)`;
    }
    i++;
    return undefined;
  };
  const withExpr = (): string | undefined => {
    const problem = primary();
    if (problem || peek()?.upper !== 'WITH') return problem;
    i++;
    const exc = peek();
    if (!exc || OPERATORS.has(exc.upper) || !/^[A-Za-z0-9.-]+$/.test(exc.text)) {
      return `expected an exception identifier such as Classpath-exception-2.0 after "WITH", found ${show(exc)}`;
    }
    i++;
    return undefined;
  };
  const chain = (next: () => string | undefined, op: string) => (): string | undefined => {
    let problem = next();
    while (!problem && peek()?.upper === op) {
      i++;
      problem = next();
    }
    return problem;
  };
  const andExpr = chain(withExpr, 'AND');
  const orExpr = chain(andExpr, 'OR');

  const problem = orExpr();
  if (problem) return problem;
  if (i < tokens.length) return `expected AND, OR or WITH between license identifiers, found ${show(peek())}`;
  return undefined;
}
