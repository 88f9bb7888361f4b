/**
 * PEP 508 environment markers: a validating recursive-descent parser over the full grammar
 * (variables, comparison operators incl. `===`/`~=`, `in`/`not in`, `and`/`or`, parentheses, quoted
 * strings). It checks syntax only; evaluation against an environment is not needed to build or publish.
 */

/** The marker variables of PEP 508. */
export const MARKER_VARIABLES: ReadonlySet<string> = new Set([
  'python_version',
  'python_full_version',
  'os_name',
  'sys_platform',
  'platform_release',
  'platform_system',
  'platform_version',
  'platform_machine',
  'platform_python_implementation',
  'implementation_name',
  'implementation_version',
  'extra',
]);

// Pre-PEP 508 spellings that packaging still rewrites; named in the error so the fix is obvious.
const LEGACY_VARIABLES: Record<string, string> = {
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
};

export interface MarkerProblem {
  /** 0-based offset into the text given to `findMarkerProblem`. */
  offset: number;
  message: string;
}

type Token = { kind: 'string' | 'word' | 'op' | '(' | ')'; text: string; offset: number } | { kind: 'end'; text: ''; offset: number };

class MarkerSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

// Longest operators first so `===` is not read as `==` `=`.
const TOKEN_RE = /(?:(?<string>'[^']*'|"[^"]*")|(?<word>[A-Za-z_][A-Za-z0-9_.]*)|(?<op>===|==|!=|<=|>=|~=|<|>)|(?<paren>[()]))/y;

function tokenize(text: string, base: number): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  for (;;) {
    while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
    if (pos === text.length) break;
    TOKEN_RE.lastIndex = pos;
    const m = TOKEN_RE.exec(text);
    if (!m?.groups) {
      const c = text[pos];
      const what = c === '"' || c === "'" ? `an unterminated string (add the closing ${c})` : `"${c}"`;
      throw new MarkerSyntaxError(base + pos, `unexpected ${what} in the marker`);
    }
    const g = m.groups;
    const value = g.string ?? g.word ?? g.op ?? g.paren;
    const kind = g.string ? 'string' : g.word ? 'word' : g.op ? 'op' : (g.paren as '(' | ')');
    tokens.push({ kind, text: value, offset: base + pos });
    pos = TOKEN_RE.lastIndex;
  }
  tokens.push({ kind: 'end', text: '', offset: base + text.length });
  return tokens;
}

class MarkerParser {
  private i = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): void {
    this.orExpr();
    const t = this.peek();
    if (t.kind !== 'end') this.fail(t, t.kind === ')' ? 'unbalanced ")"' : `expected "and", "or" or the end of the marker, found ${show(t)}`);
  }

  private orExpr(): void {
    this.andExpr();
    while (this.isWord('or')) {
      this.i++;
      this.andExpr();
    }
  }

  private andExpr(): void {
    this.atom();
    while (this.isWord('and')) {
      this.i++;
      this.atom();
    }
  }

  private atom(): void {
    const t = this.peek();
    if (t.kind === '(') {
      this.i++;
      this.orExpr();
      const close = this.peek();
      if (close.kind !== ')') this.fail(close, `expected ")" to close the "(" at offset ${t.offset}, found ${show(close)}`);
      this.i++;
      return;
    }
    this.value();
    this.operator();
    this.value();
  }

  private value(): void {
    const t = this.peek();
    if (t.kind === 'string') {
      this.i++;
      return;
    }
    if (t.kind === 'word' && !['and', 'or', 'in', 'not'].includes(t.text)) {
      const modern = LEGACY_VARIABLES[t.text];
      if (modern) this.fail(t, `"${t.text}" is a legacy marker variable; write ${modern} instead`);
      if (!MARKER_VARIABLES.has(t.text)) {
        this.fail(t, `unknown marker variable "${t.text}" (known: ${[...MARKER_VARIABLES].join(', ')})`);
      }
      this.i++;
      return;
    }
    this.fail(t, `expected a marker variable such as python_version or a quoted string, found ${show(t)}`);
  }

  private operator(): void {
    const t = this.peek();
    if (t.kind === 'op' || this.isWord('in')) {
      this.i++;
      return;
    }
    if (this.isWord('not')) {
      this.i++;
      if (!this.isWord('in')) this.fail(this.peek(), `expected "in" after "not", found ${show(this.peek())}`);
      this.i++;
      return;
    }
    this.fail(t, `expected a marker operator (one of == != < <= > >= ~= === in, not in), found ${show(t)}`);
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private isWord(word: string): boolean {
    const t = this.peek();
    return t.kind === 'word' && t.text === word;
  }

  private fail(t: Token, message: string): never {
    throw new MarkerSyntaxError(t.offset, message);
  }
}

function show(t: Token): string {
  return t.kind === 'end' ? 'the end' : `"${t.text}"`;
}

/**
 * Validates a marker expression. `base` is added to reported offsets so a requirement parser can
 * report positions in the whole requirement string. Returns undefined when the marker is valid.
 */
export function findMarkerProblem(text: string, base = 0): MarkerProblem | undefined {
  try {
    const tokens = tokenize(text, base);
    if (tokens.length === 1) return { offset: base + text.length, message: 'expected a marker expression after ";"' };
    new MarkerParser(tokens).parse();
    return undefined;
  } catch (err) {
    if (err instanceof MarkerSyntaxError) return { offset: err.offset, message: err.message };
    throw err;
  }
}
