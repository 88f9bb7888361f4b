/**
 * A `markers = "..."` string as poetry-core writes it back: double quotes, one space around
 * operators, parentheses only where `or` sits inside `and` (`sys_platform=='win32'` ->
 * `sys_platform == "win32"`). poetry-core also simplifies marker algebra (merging bounds on the
 * same variable); that is not done here, so such markers are equivalent but may be spelled apart.
 */
import { findMarkerProblem } from '../pep508';

type Node = { kind: 'atom'; text: string } | { kind: 'and' | 'or'; items: Node[] };

const TOKEN_RE = /\s*(?:(?<str>'[^']*'|"[^"]*")|(?<op>===|==|!=|<=|>=|~=|<|>|not\s+in\b|in\b)|(?<paren>[()])|(?<word>[A-Za-z_][A-Za-z0-9_.]*))/y;

export type MarkerResult = { ok: true; marker: string; hasOr: boolean; mentionsExtra: boolean } | { ok: false; message: string };

/** Validates (PEP 508 grammar) and re-spells a marker; `hasOr` says whether it needs parentheses under `and`. */
export function normalizeMarker(text: string): MarkerResult {
  const problem = findMarkerProblem(text);
  if (problem) return { ok: false, message: `${problem.message} (at offset ${problem.offset})` };
  const tokens: string[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    const g = m.groups ?? {};
    if (g.str) tokens.push(`"${g.str.slice(1, -1)}"`);
    else if (g.op) tokens.push(g.op.replace(/\s+/, ' '));
    else tokens.push(g.paren ?? g.word);
  }
  let pos = 0;
  const parseOr = (): Node => {
    const items = [parseAnd()];
    while (tokens[pos] === 'or') (pos++, items.push(parseAnd()));
    return items.length === 1 ? items[0] : { kind: 'or', items };
  };
  const parseAnd = (): Node => {
    const items = [parseAtom()];
    while (tokens[pos] === 'and') (pos++, items.push(parseAtom()));
    return items.length === 1 ? items[0] : { kind: 'and', items };
  };
  const parseAtom = (): Node => {
    if (tokens[pos] === '(') {
      pos++;
      const inner = parseOr();
      pos++;
      return inner;
    }
    const atom = `${tokens[pos]} ${tokens[pos + 1]} ${tokens[pos + 2]}`;
    pos += 3;
    return { kind: 'atom', text: atom };
  };
  const tree = parseOr();
  return { ok: true, marker: render(tree), hasOr: tree.kind === 'or', mentionsExtra: tokens.includes('extra') };
}

function render(node: Node): string {
  if (node.kind === 'atom') return node.text;
  if (node.kind === 'or') return node.items.map(render).join(' or ');
  return node.items.map((n) => (n.kind === 'or' ? `(${render(n)})` : render(n))).join(' and ');
}
