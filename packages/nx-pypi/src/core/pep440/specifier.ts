/**
 * PEP 440 version specifier sets (`>=1.0, <2`, `~=3.9`, `==1.4.*`, `===weird`).
 *
 * The per-operator rules follow packaging's Specifier regex. @renovatebot/pep440 4.2.4's
 * `validRange` is not used because it accepts a wildcard after a pre/post-release
 * (`==1.0a1.*`), which PEP 440 and packaging reject, and it reports no position.
 */
import { parseVersion, renderVersion, type ParsedVersion } from './version';

export type SpecifierOperator = '~=' | '==' | '!=' | '<=' | '>=' | '<' | '>' | '===';

export interface SpecifierClause {
  operator: SpecifierOperator;
  /** The version as written (without the `.*`). */
  version: string;
  /** Parsed version; undefined only for `===` with a non-PEP 440 string. */
  parsed?: ParsedVersion;
  /** `==1.0.*` / `!=1.0.*` prefix match. */
  wildcard: boolean;
  /** 0-based offset of the clause in the specifier text. */
  offset: number;
}

export type SpecifierSetResult = { ok: true; clauses: SpecifierClause[] } | { ok: false; offset: number; message: string };

const OPERATOR_RE = /===|~=|==|!=|<=|>=|<|>/y;
// Version characters of PEP 508's `version` production; anything else ends the clause.
const VERSION_CHARS_RE = /[A-Za-z0-9\-_.*+!]+/y;
const ARBITRARY_RE = /[^\s,;)]+/y;

/**
 * Parses a comma-separated specifier set. Whitespace is allowed around operators and commas;
 * an empty (or all-blank) text is the empty set, as in packaging. Errors carry the 0-based offset.
 */
export function parseSpecifierSet(text: string): SpecifierSetResult {
  const clauses: SpecifierClause[] = [];
  let pos = skipSpace(text, 0);
  if (pos === text.length) return { ok: true, clauses };
  for (;;) {
    const clause = parseClause(text, pos);
    if ('message' in clause) return { ok: false, ...clause };
    clauses.push(clause.clause);
    pos = skipSpace(text, clause.end);
    if (pos === text.length) return { ok: true, clauses };
    if (text[pos] !== ',') {
      return { ok: false, offset: pos, message: `expected "," or the end of the specifier, found "${text[pos]}"` };
    }
    pos = skipSpace(text, pos + 1);
    if (pos === text.length) return { ok: false, offset: pos, message: 'expected a version specifier after ","' };
  }
}

/** Parses one clause at `start`; PEP 508 requirements use this to stop at `;` or `)`. */
export function parseClause(text: string, start: number): { clause: SpecifierClause; end: number } | { offset: number; message: string } {
  OPERATOR_RE.lastIndex = start;
  const op = OPERATOR_RE.exec(text)?.[0] as SpecifierOperator | undefined;
  if (!op) {
    return { offset: start, message: `expected a comparison operator (one of ~= == != <= >= < > ===), found ${describeAt(text, start)}` };
  }
  const vStart = skipSpace(text, start + op.length);
  const re = op === '===' ? ARBITRARY_RE : VERSION_CHARS_RE;
  re.lastIndex = vStart;
  const raw = re.exec(text)?.[0];
  if (!raw) return { offset: vStart, message: `expected a version after "${op}", found ${describeAt(text, vStart)}` };
  const end = vStart + raw.length;
  const clause = (rest: Omit<SpecifierClause, 'operator' | 'offset'>) => ({ clause: { operator: op, offset: start, ...rest }, end });
  if (op === '===') return clause({ version: raw, parsed: parseVersion(raw), wildcard: false });

  const wildcard = raw.endsWith('.*');
  const version = wildcard ? raw.slice(0, -2) : raw;
  const parsed = parseVersion(version);
  if (!parsed || version.includes('*')) return { offset: vStart, message: `"${raw}" is not a valid PEP 440 version` };
  const problem = checkOperatorRules(op, parsed, wildcard, raw);
  if (problem) return { offset: vStart, message: problem };
  return clause({ version, parsed, wildcard });
}

function checkOperatorRules(op: SpecifierOperator, v: ParsedVersion, wildcard: boolean, raw: string): string | undefined {
  if (wildcard) {
    if (op !== '==' && op !== '!=') return `a ".*" prefix match is only allowed with == and != (found "${op}${raw}")`;
    if (v.pre || v.post !== undefined || v.dev !== undefined || v.local) {
      return `a ".*" prefix match may only follow a release number such as 1.4 (found "${raw}")`;
    }
  }
  if (v.local && op !== '==' && op !== '!=') return `a local version label (+...) is only allowed with == and != (found "${op}${raw}")`;
  if (op === '~=' && v.release.length < 2) return `"~=" needs at least two release numbers, e.g. ~=${raw}.0`;
  return undefined;
}

/** True when `text` is a valid (possibly empty) PEP 440 specifier set. */
export function isValidSpecifierSet(text: string): boolean {
  return parseSpecifierSet(text).ok;
}

/**
 * A canonical spelling: no whitespace, clause order kept, each version in normal form
 * (`>= 1.0-alpha1 , <2` -> `>=1.0a1,<2`; `===` values are kept as written). Undefined when invalid.
 */
export function normalizeSpecifierSet(text: string): string | undefined {
  const result = parseSpecifierSet(text);
  if (!result.ok) return undefined;
  return result.clauses.map(renderClause).join(',');
}

export function renderClause(c: SpecifierClause): string {
  if (c.operator === '===' || !c.parsed) return `${c.operator}${c.version}`;
  return `${c.operator}${renderVersion(c.parsed)}${c.wildcard ? '.*' : ''}`;
}

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t')) pos++;
  return pos;
}

export function describeAt(text: string, pos: number): string {
  return pos >= text.length ? 'the end' : `"${text[pos]}"`;
}
