/**
 * Parses a project page of the simple repository API: PEP 691 JSON when the server sends it,
 * otherwise PEP 503 HTML (all Nexus serves). Links are resolved against the page URL (or a
 * `<base href>`), so Nexus's relative `../../packages/...` links come out absolute.
 * https://packaging.python.org/en/latest/specifications/simple-repository-api/
 */
import { IndexReadError } from './errors';
import { redactUrl } from './redact-url';

/** One distribution file listed on a project page. */
export interface IndexFile {
  filename: string;
  /** Absolute URL without the fragment. */
  url: string;
  /** Lowercase algorithm -> lowercase hex digest, e.g. `{ sha256: '…' }` or `{ md5: '…' }`. */
  hashes: Record<string, string>;
  requiresPython?: string;
}

/** Files by filename; the first listing of a filename wins (as a Nexus group merges members). */
export type ProjectIndex = ReadonlyMap<string, IndexFile>;

export const SIMPLE_JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
/** What to ask for: JSON if the server has it, else HTML (uv's Accept header). */
export const SIMPLE_ACCEPT = `${SIMPLE_JSON_TYPE}, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01`;

/** Picks the parser by Content-Type; a missing type is treated as HTML, as pip does. */
export function parseSimpleIndex(contentType: string | undefined, body: string, pageUrl: string): ProjectIndex {
  const type = (contentType ?? 'text/html').split(';')[0].trim().toLowerCase();
  if (type === SIMPLE_JSON_TYPE) return parseSimpleIndexJson(body, pageUrl);
  if (type === 'text/html' || type === 'application/vnd.pypi.simple.v1+html') return parseSimpleIndexHtml(body, pageUrl);
  throw new IndexReadError(`${redactUrl(pageUrl)} answered with ${type}, not a simple index page`, redactUrl(pageUrl), {
    code: 'INDEX_BAD_CONTENT_TYPE',
    hint: "check that the index URL points at a repository's /simple/ path",
  });
}

/** PEP 503: every `<a href>` is a file; its text is the filename, its fragment `#<algo>=<hex>` the hash. */
export function parseSimpleIndexHtml(html: string, pageUrl: string): ProjectIndex {
  const baseTag = /<base\b([^>]*)>/i.exec(html);
  const baseHref = baseTag ? parseAttributes(baseTag[1]).get('href') : undefined;
  const base = baseHref ? new URL(baseHref, pageUrl).toString() : pageUrl;
  const files = new Map<string, IndexFile>();
  for (const anchor of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
    const attributes = parseAttributes(anchor[1]);
    const href = attributes.get('href');
    if (!href) continue;
    const url = resolveLink(href, base, pageUrl);
    const text = decodeEntities(anchor[2].replace(/<[^>]*>/g, '')).trim();
    const filename = text || decodeURIComponent(url.pathname.slice(url.pathname.lastIndexOf('/') + 1));
    const hashes: Record<string, string> = {};
    const fragment = /^#([A-Za-z0-9_-]+)=([0-9A-Fa-f]+)$/.exec(url.hash);
    if (fragment) hashes[fragment[1].toLowerCase()] = fragment[2].toLowerCase();
    url.hash = '';
    const requiresPython = attributes.get('data-requires-python');
    addFile(files, { filename, url: url.toString(), hashes, ...(requiresPython ? { requiresPython } : {}) });
  }
  return files;
}

/** PEP 691 project detail: `{ files: [{ filename, url, hashes, "requires-python" }] }`. */
export function parseSimpleIndexJson(text: string, pageUrl: string): ProjectIndex {
  const shown = redactUrl(pageUrl);
  const bad = (why: string): IndexReadError =>
    new IndexReadError(`${shown} is not a PEP 691 project page: ${why}`, shown, {
      code: 'INDEX_BAD_JSON',
      hint: 'check that the index URL points at a PyPI simple index',
    });
  let page: unknown;
  try {
    page = JSON.parse(text);
  } catch (error) {
    throw bad((error as Error).message);
  }
  const list = (page as { files?: unknown } | null)?.files;
  if (!Array.isArray(list)) throw bad('no "files" array');
  const files = new Map<string, IndexFile>();
  list.forEach((entry: unknown, i) => {
    const file = entry as { filename?: unknown; url?: unknown; hashes?: unknown; 'requires-python'?: unknown };
    if (typeof file?.filename !== 'string' || typeof file.url !== 'string') throw bad(`files[${i}] lacks filename or url`);
    const hashes: Record<string, string> = {};
    if (file.hashes && typeof file.hashes === 'object') {
      for (const [algo, value] of Object.entries(file.hashes as Record<string, unknown>)) {
        if (typeof value === 'string') hashes[algo.toLowerCase()] = value.toLowerCase();
      }
    }
    const url = resolveLink(file.url, pageUrl, pageUrl);
    url.hash = '';
    const requiresPython = typeof file['requires-python'] === 'string' ? file['requires-python'] : undefined;
    addFile(files, { filename: file.filename, url: url.toString(), hashes, ...(requiresPython ? { requiresPython } : {}) });
  });
  return files;
}

/** Finds a filename exactly, else case-insensitively (a Nexus group keys its merge on the lowercased name). */
export function findIndexFile(index: ProjectIndex, filename: string): IndexFile | undefined {
  const exact = index.get(filename);
  if (exact) return exact;
  const lower = filename.toLowerCase();
  for (const [name, file] of index) if (name.toLowerCase() === lower) return file;
  return undefined;
}

function resolveLink(href: string, base: string, pageUrl: string): URL {
  try {
    return new URL(href, base);
  } catch {
    const shown = redactUrl(pageUrl);
    throw new IndexReadError(`${shown} lists a link that is not a URL: "${href.slice(0, 100)}"`, shown, {
      code: 'INDEX_BAD_LINK',
      hint: 'the index page is malformed; check the repository behind this URL',
    });
  }
}

function addFile(files: Map<string, IndexFile>, file: IndexFile): void {
  if (!files.has(file.filename)) files.set(file.filename, file);
}

function parseAttributes(source: string): Map<string, string> {
  const attributes = new Map<string, string>();
  for (const match of source.matchAll(/([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g)) {
    const name = match[1].toLowerCase();
    if (!attributes.has(name)) attributes.set(name, decodeEntities(match[2] ?? match[3] ?? match[4] ?? ''));
  }
  return attributes;
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? Number.parseInt(entity.slice(2), 16) : Number.parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED[entity.toLowerCase()] ?? whole;
  });
}
