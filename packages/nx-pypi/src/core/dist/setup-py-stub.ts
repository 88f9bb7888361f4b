/**
 * Whether a setup.py does nothing but call setuptools' `setup()` with no arguments: the stub many
 * pyproject-configured projects keep for tools that still run `setup.py` (old pip editable installs,
 * IDEs). setuptools' build_meta runs the file with `__name__ == "__main__"`, so such a stub builds
 * exactly what pyproject.toml alone builds, plus the file itself in the sdist. Anything else in it
 * (arguments, other statements, imports) is code only Python can run, and the backend must build.
 *
 * Recognized, with any comments, blank lines and a leading module docstring around them:
 *   from setuptools import setup        import setuptools
 *   setup()                             setuptools.setup()
 * and either call under `if __name__ == "__main__":` (on the same line or the next, indented).
 */
export function isSetupPyStub(text: string): boolean {
  const statements = logicalLines(text);
  if (statements === undefined || statements.length === 0) return false;
  const [importLine, ...rest] = statements;
  const call =
    importLine.code === 'from setuptools import setup'
      ? /^setup\s*\(\s*\)$/
      : importLine.code === 'import setuptools'
        ? /^setuptools\s*\.\s*setup\s*\(\s*\)$/
        : undefined;
  if (call === undefined || importLine.indented) return false;
  if (rest.length === 1) return !rest[0].indented && call.test(rest[0].code);
  if (rest.length === 2) return !rest[0].indented && MAIN_GUARD.test(rest[0].code) && rest[1].indented && call.test(rest[1].code);
  return false;
}

/** `if __name__ == "__main__":` in either quote style (the call follows on the next line). */
const MAIN_GUARD = /^if\s+__name__\s*==\s*(['"])__main__\1\s*:$/;

interface Statement {
  code: string;
  /** Whether the line starts with whitespace: the body of the `if`, which must be and only it. */
  indented: boolean;
}

/**
 * The file's statements, one per line, comments and blank lines gone and whitespace trimmed; a
 * one-line `if ...: call` becomes the guard and an indented call. Undefined for anything a stub
 * cannot contain: a line that continues onto the next, several statements on one line, a string
 * other than the module docstring and `"__main__"`.
 */
function logicalLines(text: string): Statement[] | undefined {
  let source = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  // A module docstring: a triple-quoted string as the first statement.
  source = source.replace(/^(?:[ \t]*(?:#[^\n]*)?\n)*[ \t]*[rRuU]?("""|''')[\s\S]*?\1[ \t]*(?:#[^\n]*)?(?:\n|$)/, '');
  const lines: Statement[] = [];
  for (const raw of source.split('\n')) {
    const uncommented = stripComment(raw);
    if (uncommented === undefined) return undefined;
    const line = uncommented.trim();
    if (line === '') continue;
    if (line.endsWith('\\') || line.includes('"""') || line.includes("'''") || line.includes(';')) return undefined;
    const indented = /^\s/.test(uncommented);
    const guarded = /^(if\s+__name__\s*==\s*(['"])__main__\2\s*:)\s*(\S.*)$/.exec(line);
    if (guarded) lines.push({ code: guarded[1], indented }, { code: guarded[3], indented: true });
    else lines.push({ code: line, indented });
  }
  return lines;
}

/** The line without its `#` comment; undefined when a string on it is not closed there. */
function stripComment(line: string): string | undefined {
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '#') return line.slice(0, i);
  }
  return quote === undefined ? line : undefined;
}
