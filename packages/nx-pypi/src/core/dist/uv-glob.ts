/**
 * uv_build's glob patterns, matched as uv-globfilter matches them (crates/uv-globfilter, uv 0.9.26 to
 * 0.10.x): PEP 639's portable syntax, checked by `PortableGlobParser::check`, then compiled by the
 * globset crate with `literal_separator(true)`, so `*`, `?` and `[...]` stay inside one path segment
 * and only a whole-segment `**` spans folders (`a/**` is everything below `a`; a leading or inner `**`, as in
 * `**\/b` and `a/**\/b`, also matches zero folders). globset matches bytes, so `?` is one UTF-8 byte, not one character.
 *
 * Includes go through `GlobDirFilter`, whose `match_path` is true for a full match *or* for a path
 * that some longer path below it could still match (its DFA is not dead after `path/`): a file
 * `a.py` passes the include `**\/*.md`. `canMatchBelow` reports that second case so the selector
 * can refuse it instead of guessing which way uv treats such a file.
 *
 * Patterns this module does not model exactly (non-ASCII, `**` inside a segment, two `**` in a row)
 * are `unsupported`; patterns uv refuses are `invalid`, with uv's reason.
 */

export type UvGlobSyntax = 'pep639' | 'uv';

export interface UvGlob {
  readonly pattern: string;
  /** globset's `is_match`: the whole path matches. */
  matches(path: string): boolean;
  /** GlobDirFilter's directory test: a path `path/...` could still match. */
  canMatchBelow(path: string): boolean;
}

export type UvGlobOutcome = { kind: 'glob'; glob: UvGlob } | { kind: 'invalid'; reason: string } | { kind: 'unsupported'; reason: string };

/** One segment of a pattern: `**`, or a matcher for one path segment. */
type Segment = { recursive: true } | { recursive: false; test: (segment: string) => boolean; matchesEmpty: boolean };

/** Compiles a pattern as uv does for the given field (`pep639`: license-files; `uv`: the build-backend settings). */
export function compileUvGlob(pattern: string, syntax: UvGlobSyntax): UvGlobOutcome {
  const problem = checkPortableGlob(pattern, syntax);
  if (problem !== undefined) return { kind: 'invalid', reason: problem };
  if (/[\u0080-\uffff]/.test(pattern)) return { kind: 'unsupported', reason: `glob "${pattern}" has non-ASCII characters` };
  // uv refuses an escaped separator, so every `/` separates segments.
  const parts = pattern.split('/');
  const segments: Segment[] = [];
  for (const part of parts) {
    if (part === '**') {
      if (segments.at(-1)?.recursive) return { kind: 'unsupported', reason: `glob "${pattern}" has two "**" in a row` };
      segments.push({ recursive: true });
    } else if (part.includes('**')) {
      return { kind: 'unsupported', reason: `glob "${pattern}" has "**" inside a path segment` };
    } else {
      const re = compileSegment(part);
      segments.push({ recursive: false, test: (s) => re.test(utf8Bytes(s)), matchesEmpty: re.test('') });
    }
  }
  return { kind: 'glob', glob: new SegmentGlob(pattern, segments) };
}

/** `globset::escape(path)`, plus `/**` when `recursive`: the literal path (or everything below it). */
export function literalUvGlob(path: string, recursive: boolean): UvGlob {
  const segments: Segment[] = path.split('/').map((part) => ({ recursive: false, test: (s: string) => s === part, matchesEmpty: part === '' }));
  if (recursive) segments.push({ recursive: true });
  return new SegmentGlob(recursive ? `${path}/**` : path, segments);
}

/**
 * Why uv refuses the glob it makes of a folder path (`globset::escape(path)` + `/**`, checked as a
 * portable glob): escaping turns `*?[]{}` into `[*]` and the like, which the check refuses like any
 * character other than letters, digits, `_`, `-`, `.` and `/`. Undefined when uv accepts it.
 */
export function uvLiteralPathProblem(path: string): string | undefined {
  const bad = [...path].find((c) => !(isAlphanumeric(c) || c === '_' || c === '-' || c === '.' || c === '/'));
  if (bad !== undefined) return `"${path}" has the character "${bad}", which uv_build's globs cannot hold`;
  if (path.split('/').some((part) => part.startsWith('..'))) return `"${path}" has a path segment starting with ".."`;
  return undefined;
}

/** True when the first segment of a compiled pattern can match an empty segment (so also the root of an absolute path). */
export function firstSegmentMatchesEmpty(glob: UvGlob): boolean {
  return glob instanceof SegmentGlob && glob.firstMatchesEmpty();
}

/** The number of path segments a glob spans, when it has no `**`; undefined otherwise. */
export function fixedSegmentCount(glob: UvGlob): number | undefined {
  return glob instanceof SegmentGlob ? glob.fixedLength() : undefined;
}

class SegmentGlob implements UvGlob {
  constructor(
    readonly pattern: string,
    private readonly segments: readonly Segment[],
  ) {}

  matches(path: string): boolean {
    return this.finalStates(path).has(this.segments.length);
  }

  canMatchBelow(path: string): boolean {
    return [...this.finalStates(path)].some((state) => state < this.segments.length);
  }

  firstMatchesEmpty(): boolean {
    const first = this.segments[0];
    return first === undefined || first.recursive || first.matchesEmpty;
  }

  fixedLength(): number | undefined {
    return this.segments.some((s) => s.recursive) ? undefined : this.segments.length;
  }

  /**
   * The pattern positions reachable after consuming every segment of `path` (an NFA over segments).
   * A `**` may match zero segments, except a trailing one after other segments (globset's `/**`
   * suffix needs at least one more segment); a lone `**` matches everything.
   */
  private finalStates(path: string): Set<number> {
    const n = this.segments.length;
    const trailing = (i: number) => i === n - 1 && n > 1;
    const close = (states: Set<number>) => {
      for (const i of [...states]) {
        let j = i;
        while (j < n && this.segments[j].recursive && !trailing(j)) states.add(++j);
      }
      return states;
    };
    let states = close(new Set([0]));
    for (const part of path.split('/')) {
      const next = new Set<number>();
      for (const i of states) {
        if (i === n) continue;
        const segment = this.segments[i];
        if (segment.recursive) {
          next.add(i);
          if (trailing(i)) next.add(n);
        } else if (segment.test(part)) next.add(i + 1);
      }
      states = close(next);
      if (states.size === 0) break;
    }
    return states;
  }
}

/** uv's `PortableGlobParser::check` (uv-globfilter/src/portable_glob.rs), plus globset's refusal of an unclosed `[`. */
function checkPortableGlob(glob: string, syntax: UvGlobSyntax): string | undefined {
  const chars = [...glob];
  let startOrSlash = true;
  for (let pos = 0; pos < chars.length; pos++) {
    const c = chars[pos];
    if (c === '*') {
      let run = 1;
      while (chars[pos + 1] === '*') [run, pos] = [run + 1, pos + 1];
      if (run >= 3 || (run === 2 && pos + 1 < chars.length && chars[pos + 1] !== '/')) return `too many stars in glob "${glob}"`;
      startOrSlash = false;
    } else if (isAlphanumeric(c) || c === '_' || c === '-' || c === '?') {
      startOrSlash = false;
    } else if (c === '.') {
      if (startOrSlash && chars[pos + 1] === '.') return `the parent directory operator ("..") is not allowed in glob "${glob}"`;
      startOrSlash = false;
    } else if (c === '/') {
      startOrSlash = true;
    } else if (c === '[') {
      const close = chars.indexOf(']', pos + 1);
      const inside = chars.slice(pos + 1, close === -1 ? undefined : close);
      const bad = inside.find((d) => !(isAlphanumeric(d) || d === '_' || d === '-' || d === '.'));
      if (bad !== undefined) return `invalid character "${bad}" in a range in glob "${glob}"`;
      // globset reads a `]` right after `[` as a member, so `[]` never closes.
      if (close === -1 || inside.length === 0) return `unclosed "[" in glob "${glob}"`;
      pos = close;
      startOrSlash = false;
    } else if (c === '\\') {
      if (syntax === 'pep639') return `only forward slashes are allowed as path separator in glob "${glob}"`;
      const escaped = chars[pos + 1];
      if (escaped === undefined) return `trailing backslash in glob "${glob}"`;
      if (escaped === '/' || escaped === '\\') return `path separators can't be escaped in glob "${glob}"`;
      pos++;
      startOrSlash = false;
    } else {
      return `invalid character "${c}" in glob "${glob}"`;
    }
  }
  return undefined;
}

/** Rust's `char::is_alphanumeric`: Alphabetic or Numeric (Nd, Nl, No). */
function isAlphanumeric(c: string): boolean {
  return /^[\p{Alphabetic}\p{N}]$/u.test(c);
}

/** One segment as a RegExp over UTF-8 bytes (as latin-1 code units), as globset's byte regex matches. */
function compileSegment(segment: string): RegExp {
  let re = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      re += `[${segment.slice(i + 1, close).replace(/[\\\]^]/g, '\\$&')}]`;
      i = close;
    } else if (c === '\\') re += escapeRegExp(segment[++i]);
    else re += escapeRegExp(c);
  }
  return new RegExp(`^${re}$`);
}

function escapeRegExp(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

const ENCODER = new TextEncoder();

function utf8Bytes(text: string): string {
  if (!/[\u0080-\uffff]/.test(text)) return text;
  return String.fromCharCode(...ENCODER.encode(text));
}
