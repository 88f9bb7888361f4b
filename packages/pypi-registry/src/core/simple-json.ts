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
  /** Algorithm to hex digest; hosted files give sha256, proxied ones what their upstream gave. */
  hashes: Record<string, string>;
  /** Known for hosted files; a proxied file from an HTML upstream has none. */
  size?: number;
  requiresPython?: string;
  uploadTime?: string;
  /** Absent when not yanked; the reason (possibly empty) when yanked. */
  yanked?: string;
}

/**
 * Renders `simple/<name>/` as PEP 691 JSON. `versions` lists each distinct version once, in file
 * order. API 1.1 (PEP 700) requires every file's size; a page with a file of unknown size (proxied
 * from an HTML upstream) is served as 1.0, without the 1.1 keys.
 */
export function renderProjectJson(name: string, files: readonly JsonIndexFile[], versions: readonly string[]): string {
  const v11 = files.every((file) => file.size !== undefined);
  return JSON.stringify({
    meta: { 'api-version': v11 ? '1.1' : '1.0' },
    name,
    files: files.map((file) => ({
      filename: file.filename,
      url: file.url,
      hashes: file.hashes,
      'requires-python': file.requiresPython ?? null,
      ...(v11 && { size: file.size }),
      ...(v11 && file.uploadTime !== undefined && { 'upload-time': file.uploadTime }),
      yanked: file.yanked === undefined ? false : file.yanked === '' ? true : file.yanked,
    })),
    ...(v11 && { versions: [...new Set(versions)] }),
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
