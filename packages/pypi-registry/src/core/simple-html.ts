/**
 * PEP 503 pages in Nexus's templates (pypi-index.vm, pypi-root-index.vm; NEXUS-PYPI.md 2.2).
 * Nexus serves no PEP 629 meta tag but a non-standard `api-version` one; copied as is.
 */
import { escapeHtml } from './escape-html';

/** One anchor on a project page. */
export interface IndexLink {
  filename: string;
  /** Relative link as Nexus renders it: `../../packages/<n>/<v>/<file>#sha256=<hex>`. */
  href: string;
  /** From the upload's `requires_python` form field; absent when blank. */
  requiresPython?: string;
  /** PEP 592 `data-yanked` (the reason, possibly empty); only proxied files carry it, hosted ones cannot be yanked. */
  yanked?: string;
}

/** Fragment algorithm of index links: `sha256` since Nexus 3.41 (NEXUS-24127), `md5` before. */
export type LinkHash = 'sha256' | 'md5';

/** The link Nexus renders for an asset, without its fragment. Path segments are URL-encoded. */
export function renderPackagePath(normalizedName: string, version: string, filename: string): string {
  return `../../packages/${[normalizedName, version, filename].map(encodeURIComponent).join('/')}`;
}

/** The link Nexus renders for an asset; `algorithm` is a LinkHash for hosted files, whatever the upstream gave for proxied ones. */
export function renderPackageHref(normalizedName: string, version: string, filename: string, algorithm: string, hex: string): string {
  return `${renderPackagePath(normalizedName, version, filename)}#${algorithm}=${hex}`;
}

/** The project page `simple/<name>/`. */
export function renderProjectPage(name: string, links: readonly IndexLink[]): string {
  const anchors = links.map((link) => {
    const requires = link.requiresPython ? ` data-requires-python="${escapeHtml(link.requiresPython)}"` : '';
    const yanked = link.yanked !== undefined ? ` data-yanked="${escapeHtml(link.yanked)}"` : '';
    return `    <a href="${escapeHtml(link.href)}" rel="internal"${requires}${yanked} >${escapeHtml(link.filename)}</a><br/>\n`;
  });
  return (
    `<html lang="en">\n<head><title>Links for ${escapeHtml(name)}</title>\n` +
    `  <meta name="api-version" value="2"/>\n</head>\n<body><h1>Links for ${escapeHtml(name)}</h1>\n` +
    anchors.join('') +
    `</body>\n</html>\n`
  );
}

/** The root page `simple/`: one link per (normalized) project name. */
export function renderRootPage(names: readonly string[]): string {
  const anchors = names.map((name) => `<a href="${escapeHtml(encodeURIComponent(name))}/">${escapeHtml(name)}</a><br/>\n`);
  return (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><title>Simple index</title></head><body>\n' +
    anchors.join('') +
    '</body></html>\n'
  );
}
