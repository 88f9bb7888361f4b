/**
 * Reads an upstream index page, PEP 503 HTML or PEP 691 JSON, into what a proxy needs: each file's
 * absolute URL, hashes, requires-python and yanked status, or the project names of a root page.
 * Pure: the caller fetched the page. PEP 658 metadata attributes are not read, as Nexus 3.30's
 * link extractor did not read them, and there is no `.metadata` route to serve them from.
 */
import { normalizeProjectName } from './normalize-name';

/** One file as an upstream project page lists it. */
export interface UpstreamFile {
  filename: string;
  /** Absolute, resolved against the page's final URL, without the fragment. */
  url: string;
  /** Lowercased algorithm name to lowercased hex digest (HTML: the link fragment; JSON: `hashes`). */
  hashes: Record<string, string>;
  requiresPython?: string;
  /** Absent when not yanked; the reason (possibly empty) when yanked (PEP 592). */
  yanked?: string;
  /** Bytes, when the upstream says (PEP 700 JSON only). */
  size?: number;
  uploadTime?: string;
}

/** A page the upstream answered that is not a simple index page. */
export class UpstreamPageError extends Error {}

const JSON_TYPES = ['application/vnd.pypi.simple.v1+json', 'application/vnd.pypi.simple.latest+json'];

/** Whether a Content-Type is PEP 691 JSON; anything else is read as HTML, as pip does. */
export function isSimpleJson(contentType: string | undefined): boolean {
  const media = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return JSON_TYPES.includes(media);
}

/** The files of a project page fetched from `pageUrl` (after redirects). */
export function parseProjectPage(body: string, contentType: string | undefined, pageUrl: string): UpstreamFile[] {
  return isSimpleJson(contentType) ? parseProjectJson(body, pageUrl) : parseProjectHtml(body, pageUrl);
}

/** The normalized project names of a root page. */
export function parseRootPage(body: string, contentType: string | undefined): string[] {
  const names = isSimpleJson(contentType)
    ? asArray(asObject(parseJson(body))['projects'], 'projects').map((project, i) => asText(asObject(project)['name'], `projects[${i}].name`))
    : anchors(body).map((anchor) => anchor.text);
  return [...new Set(names.filter((name) => name !== '').map(normalizeProjectName))].sort();
}

function parseProjectHtml(body: string, pageUrl: string): UpstreamFile[] {
  return anchors(body).flatMap((anchor) => {
    const href = anchor.attributes.get('href');
    if (href === undefined) return [];
    const url = resolve(href, pageUrl);
    const hashes: Record<string, string> = {};
    const fragment = /^#([A-Za-z0-9_]+)=([0-9A-Fa-f]+)$/.exec(url.hash);
    if (fragment) hashes[fragment[1]!.toLowerCase()] = fragment[2]!.toLowerCase();
    url.hash = '';
    // The text is the filename (PEP 503); one that could not be a path segment falls back to the URL's.
    const filename = anchor.text && !anchor.text.includes('/') ? anchor.text : lastSegment(url);
    const file: UpstreamFile = { filename, url: url.href, hashes };
    const requiresPython = anchor.attributes.get('data-requires-python');
    if (requiresPython) file.requiresPython = requiresPython;
    const yanked = anchor.attributes.get('data-yanked');
    if (yanked !== undefined) file.yanked = yanked;
    return [file];
  });
}

function parseProjectJson(body: string, pageUrl: string): UpstreamFile[] {
  const files = asArray(asObject(parseJson(body))['files'], 'files');
  return files.map((value, i) => {
    const item = asObject(value);
    const url = resolve(asText(item['url'], `files[${i}].url`), pageUrl);
    url.hash = '';
    const hashes: Record<string, string> = {};
    for (const [algorithm, hex] of Object.entries(asObject(item['hashes'] ?? {}))) {
      hashes[algorithm.toLowerCase()] = asText(hex, `files[${i}].hashes.${algorithm}`).toLowerCase();
    }
    const file: UpstreamFile = { filename: asText(item['filename'], `files[${i}].filename`), url: url.href, hashes };
    const requiresPython = item['requires-python'];
    if (typeof requiresPython === 'string' && requiresPython !== '') file.requiresPython = requiresPython;
    // PEP 691: false, true, or a reason string.
    if (item['yanked'] === true) file.yanked = '';
    else if (typeof item['yanked'] === 'string') file.yanked = item['yanked'];
    if (Number.isInteger(item['size'])) file.size = item['size'] as number;
    if (typeof item['upload-time'] === 'string') file.uploadTime = item['upload-time'];
    return file;
  });
}

interface Anchor {
  attributes: Map<string, string>;
  text: string;
}

/** `<a …>text</a>` elements; attribute names lowercased, values and text entity-decoded. */
function anchors(html: string): Anchor[] {
  const found: Anchor[] = [];
  for (const match of html.matchAll(/<a\b([^>]*)>([\s\S]*?)<\/a\s*>/gi)) {
    const attributes = new Map<string, string>();
    for (const attribute of match[1]!.matchAll(/([^\s=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
      attributes.set(attribute[1]!.toLowerCase(), decodeEntities(attribute[2] ?? attribute[3] ?? attribute[4] ?? ''));
    }
    found.push({ attributes, text: decodeEntities(match[2]!.replace(/<[^>]*>/g, '')).trim() });
  }
  return found;
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z]+);/gi, (whole, entity: string) => {
    if (entity[0] === '#') {
      const code = entity[1] === 'x' || entity[1] === 'X' ? parseInt(entity.slice(2), 16) : parseInt(entity.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[entity.toLowerCase()] ?? whole;
  });
}

function resolve(href: string, base: string): URL {
  try {
    return new URL(href, base);
  } catch {
    throw new UpstreamPageError(`link "${href}" is not a URL`);
  }
}

function lastSegment(url: URL): string {
  const segment = url.pathname.split('/').pop() ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function parseJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new UpstreamPageError(`invalid PEP 691 JSON: ${(error as Error).message}`);
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  throw new UpstreamPageError('PEP 691 JSON: expected an object');
}

function asArray(value: unknown, at: string): unknown[] {
  if (Array.isArray(value)) return value;
  throw new UpstreamPageError(`PEP 691 JSON: ${at} must be an array`);
}

function asText(value: unknown, at: string): string {
  if (typeof value === 'string') return value;
  throw new UpstreamPageError(`PEP 691 JSON: ${at} must be a string`);
}
