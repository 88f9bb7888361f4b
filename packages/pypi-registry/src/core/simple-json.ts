/**
 * PEP 691 JSON pages (API version 1.1, PEP 700), served only with `--simple-json`: real Nexus has
 * no JSON API (NEXUS-PYPI.md 2.2), so this is an opt-in extension for testing clients that prefer it.
 */

export const SIMPLE_JSON_TYPE = 'application/vnd.pypi.simple.v1+json';
export const SIMPLE_HTML_TYPE = 'application/vnd.pypi.simple.v1+html';

/** A file as listed on a JSON project page. */
export interface JsonIndexFile {
  filename: string;
  /** Relative to the page URL, the same link the HTML page carries (without the fragment). */
  url: string;
  sha256: string;
  size: number;
  requiresPython?: string;
  uploadTime: string;
}

/** Renders `simple/<name>/` as PEP 691 JSON. `versions` lists each distinct version once, in file order. */
export function renderProjectJson(name: string, files: readonly JsonIndexFile[], versions: readonly string[]): string {
  return JSON.stringify({
    meta: { 'api-version': '1.1' },
    name,
    files: files.map((file) => ({
      filename: file.filename,
      url: file.url,
      hashes: { sha256: file.sha256 },
      'requires-python': file.requiresPython ?? null,
      size: file.size,
      'upload-time': file.uploadTime,
      yanked: false,
    })),
    versions: [...new Set(versions)],
  });
}

/** Renders the root `simple/` page as PEP 691 JSON. */
export function renderRootJson(names: readonly string[]): string {
  return JSON.stringify({ meta: { 'api-version': '1.1' }, projects: names.map((name) => ({ name })) });
}

/**
 * Content negotiation of PEP 691: picks JSON when the client weighs it at least as high as every
 * HTML form it accepts. No Accept header, or one naming neither, means HTML (the Nexus default).
 */
export function prefersSimpleJson(accept: string | undefined): boolean {
  if (!accept) return false;
  let json = 0;
  let html = 0;
  for (const part of accept.split(',')) {
    const [type, ...params] = part
      .trim()
      .split(';')
      .map((s) => s.trim());
    const qParam = params.find((p) => p.toLowerCase().startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!Number.isFinite(q)) continue;
    const media = (type ?? '').toLowerCase();
    if (media === SIMPLE_JSON_TYPE) json = Math.max(json, q);
    else if (media === SIMPLE_HTML_TYPE || media === 'text/html' || media === '*/*') html = Math.max(html, q);
  }
  return json > 0 && json >= html;
}
