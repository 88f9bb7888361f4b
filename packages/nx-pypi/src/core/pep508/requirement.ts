/**
 * PEP 508 dependency specifiers: `name[extras] specifier ; marker` and `name[extras] @ url ; marker`,
 * including the old parenthesized form `name (>=1.0)` that setuptools still writes into METADATA.
 */
import type { Requirement } from '../pyproject/model';
import { normalizeName } from '../names';
import { describeAt, parseClause } from '../pep440/specifier';
import { RequirementError } from './errors';
import { findMarkerProblem } from './marker';

// PEP 508 identifier: letters/digits, with `-_.` allowed inside.
const NAME_RE = /[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/y;
// packaging reads a URL as everything up to whitespace.
const URL_RE = /[^ \t]+/y;
const ABSOLUTE_URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:\S/;

class Cursor {
  pos = 0;
  constructor(readonly text: string) {}

  skipSpace(): this {
    while (this.pos < this.text.length && (this.text[this.pos] === ' ' || this.text[this.pos] === '\t')) this.pos++;
    return this;
  }

  peek(): string | undefined {
    return this.text[this.pos];
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  match(re: RegExp): string | undefined {
    re.lastIndex = this.pos;
    const m = re.exec(this.text)?.[0];
    if (m) this.pos += m.length;
    return m;
  }

  fail(reason: string, at = this.pos): never {
    throw new RequirementError(this.text, at, reason);
  }
}

/** Parses one PEP 508 requirement; throws RequirementError (with the 0-based offset) when invalid. */
export function parseRequirement(text: string): Requirement {
  const c = new Cursor(text).skipSpace();
  if (c.atEnd()) c.fail('the requirement is empty');
  const name = c.match(NAME_RE);
  if (!name) return c.fail(`expected a package name (letters, digits, "-", "_", "."), found ${describeAt(text, c.pos)}`);
  c.skipSpace();

  const extras = c.peek() === '[' ? parseExtras(c) : [];
  c.skipSpace();

  let specifier = '';
  let url: string | undefined;
  if (c.peek() === '@') {
    c.pos++;
    c.skipSpace();
    const urlStart = c.pos;
    url = c.match(URL_RE);
    if (!url) return c.fail('expected a URL after "@"');
    if (!ABSOLUTE_URL_RE.test(url)) {
      c.fail(`"${url}" is not an absolute URL (a direct reference needs one, e.g. https://host/pkg-1.0-py3-none-any.whl or file:///path/to/pkg)`, urlStart);
    }
    const afterUrl = c.pos;
    c.skipSpace();
    // PEP 508: a marker after a URL must be separated from it by whitespace.
    if (!c.atEnd() && (c.peek() !== ';' || c.pos === afterUrl))
      c.fail(`expected whitespace and ";" or the end after the URL, found ${describeAt(text, c.pos)}`);
  } else if (c.peek() === '(') {
    c.pos++;
    c.skipSpace();
    specifier = parseSpecifierList(c);
    c.skipSpace();
    if (c.peek() !== ')') c.fail(`expected "," or ")" to close the version specifier, found ${describeAt(text, c.pos)}`);
    c.pos++;
  } else if (c.peek() !== undefined && '<>=!~'.includes(c.peek()!)) {
    specifier = parseSpecifierList(c);
  }

  c.skipSpace();
  let marker: string | undefined;
  if (c.peek() === ';') {
    const markerStart = c.pos + 1;
    const problem = findMarkerProblem(text.slice(markerStart), markerStart);
    if (problem) c.fail(problem.message, problem.offset);
    marker = text.slice(markerStart).trim();
  } else if (!c.atEnd()) {
    const expected = url !== undefined ? '";" or the end' : specifier ? '"," , ";" or the end' : 'a version specifier, "[", "@", ";" or the end';
    c.fail(`expected ${expected}, found ${describeAt(text, c.pos)}`);
  }

  const req: Requirement = { name, normalizedName: normalizeName(name), extras, specifier, raw: text };
  if (url !== undefined) req.url = url;
  if (marker !== undefined) req.marker = marker;
  return req;
}

function parseExtras(c: Cursor): string[] {
  const open = c.pos;
  c.pos++;
  const extras: string[] = [];
  c.skipSpace();
  if (c.peek() === ']') {
    c.pos++;
    return extras;
  }
  for (;;) {
    c.skipSpace();
    const extra = c.match(NAME_RE);
    if (!extra) return c.fail(`expected an extra name, found ${describeAt(c.text, c.pos)}`);
    extras.push(extra);
    c.skipSpace();
    if (c.peek() === ']') {
      c.pos++;
      return extras;
    }
    if (c.peek() !== ',') c.fail(`expected "," or "]" in the extras opened at offset ${open}, found ${describeAt(c.text, c.pos)}`);
    c.pos++;
  }
}

/** Reads `op version (, op version)*` and returns it without whitespace. */
function parseSpecifierList(c: Cursor): string {
  const parts: string[] = [];
  for (;;) {
    const result = parseClause(c.text, c.pos);
    if ('message' in result) c.fail(result.message, result.offset);
    parts.push(c.text.slice(c.pos, result.end).replace(/[ \t]+/g, ''));
    c.pos = result.end;
    c.skipSpace();
    if (c.peek() !== ',') return parts.join(',');
    c.pos++;
    c.skipSpace();
  }
}
