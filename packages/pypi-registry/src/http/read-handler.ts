/**
 * GET/HEAD inside a repository: simple index pages and files, for hosted repositories and for
 * groups reading through their members (NEXUS-PYPI.md 2.1-2.4, 7).
 */
import type { IncomingMessage } from 'node:http';
import type { RepositoryConfig } from '../config/registry-config';
import type { RepositoryRoute } from '../core/route-request';
import { renderPackageHref, renderProjectPage, renderRootPage, type IndexLink } from '../core/simple-html';
import { prefersSimpleJson, renderProjectJson, renderRootJson, SIMPLE_JSON_TYPE } from '../core/simple-json';
import type { StoredAsset } from '../store/package-store';
import type { Reply } from './reply';
import type { RegistryContext } from './registry-context';

type ReadRoute = Exclude<RepositoryRoute, { kind: 'upload' } | { kind: 'not-found' }>;

export function handleRead(context: RegistryContext, request: IncomingMessage, repository: RepositoryConfig, route: ReadRoute): Reply {
  const json = context.simpleJson && prefersSimpleJson(request.headers.accept);
  switch (route.kind) {
    case 'root-index': {
      const names = projectNames(context, repository, Date.now());
      return json ? jsonReply(renderRootJson(names)) : htmlReply(renderRootPage(names));
    }
    case 'project-index': {
      const assets = projectAssets(context, repository, route.name, Date.now());
      // A hosted repository without the project answers 404; a group renders whatever its members
      // gave, which may be nothing (PyPiIndexGroupHandler). The lookup is exact: names are stored
      // normalized and the URL is not normalized, so /simple/Foo_Bar/ is a 404.
      if (repository.type === 'hosted' && assets.length === 0) return { kind: 'error', status: 404 };
      if (json) {
        const files = assets.map((asset) => ({
          filename: asset.filename,
          url: renderPackageHref(asset.name, asset.version, asset.filename, 'sha256', asset.sha256).replace(/#.*$/, ''),
          sha256: asset.sha256,
          size: asset.size,
          requiresPython: asset.requiresPython,
          uploadTime: asset.uploadedAt,
        }));
        return jsonReply(
          renderProjectJson(
            route.name,
            files,
            assets.map((asset) => asset.version),
          ),
        );
      }
      const links: IndexLink[] = assets.map((asset) => ({
        filename: asset.filename,
        href: renderPackageHref(asset.name, asset.version, asset.filename, context.linkHash, asset[context.linkHash]),
        requiresPython: asset.requiresPython,
      }));
      return htmlReply(renderProjectPage(route.name, links));
    }
    case 'package': {
      const asset = findPackage(context, repository, route.name, `/packages/${route.name}/${route.version}/${route.filename}`);
      return asset ? fileReply(context, request, asset) : { kind: 'error', status: 404 };
    }
  }
}

/**
 * A project's files as the repository shows them. Groups merge members in order, the first member
 * listing a filename (compared lowercased) winning, sorted by filename; files younger than the
 * injected group lag are left out.
 */
function projectAssets(context: RegistryContext, repository: RepositoryConfig, name: string, now: number): StoredAsset[] {
  if (repository.type === 'hosted') return context.store.assetsOf(repository.name, name);
  const merged = new Map<string, StoredAsset>();
  for (const member of members(context, repository)) {
    for (const asset of projectAssets(context, member, name, now)) {
      if (isLagging(context, asset, now)) continue;
      const key = asset.filename.toLowerCase();
      if (!merged.has(key)) merged.set(key, asset);
    }
  }
  return [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, asset]) => asset);
}

function projectNames(context: RegistryContext, repository: RepositoryConfig, now: number): string[] {
  if (repository.type === 'hosted') return context.store.projectNames(repository.name);
  const names = new Set<string>();
  for (const member of members(context, repository)) {
    for (const name of projectNames(context, member, now)) {
      if (projectAssets(context, member, name, now).some((asset) => !isLagging(context, asset, now))) names.add(name);
    }
  }
  return [...names].sort();
}

/** Downloads through a group come from the first member that has the file. */
function findPackage(context: RegistryContext, repository: RepositoryConfig, name: string, path: string): StoredAsset | undefined {
  if (repository.type === 'hosted') return context.store.get(repository.name, name, path);
  for (const member of members(context, repository)) {
    const asset = findPackage(context, member, name, path);
    if (asset) return asset;
  }
  return undefined;
}

function members(context: RegistryContext, group: RepositoryConfig & { type: 'group' }): RepositoryConfig[] {
  return group.members.map((name) => context.repositories.get(name)!);
}

function isLagging(context: RegistryContext, asset: StoredAsset, now: number): boolean {
  const lag = context.faults.groupLagMs;
  return lag > 0 && now - Date.parse(asset.uploadedAt) < lag;
}

function htmlReply(html: string): Reply {
  return { kind: 'body', status: 200, headers: { 'Content-Type': 'text/html' }, body: html };
}

function jsonReply(json: string): Reply {
  return { kind: 'body', status: 200, headers: { 'Content-Type': SIMPLE_JSON_TYPE, Vary: 'Accept' }, body: json };
}

/** A stored file with Nexus's ETag and Last-Modified, conditional GETs and a single byte range. */
function fileReply(context: RegistryContext, request: IncomingMessage, asset: StoredAsset): Reply {
  const etag = `"{SHA1{${asset.sha1}}}"`;
  const modified = new Date(asset.uploadedAt);
  modified.setMilliseconds(0);
  const headers: Record<string, string> = {
    'Content-Type': contentTypeOf(asset.filename),
    ETag: etag,
    'Last-Modified': modified.toUTCString(),
    'Accept-Ranges': 'bytes',
  };
  const ifNoneMatch = request.headers['if-none-match'];
  const ifModifiedSince = request.headers['if-modified-since'];
  if (
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(',').some((tag) => tag.trim() === etag || tag.trim() === '*')
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= modified.getTime()
  ) {
    return { kind: 'body', status: 304, headers: { ETag: etag, 'Last-Modified': headers['Last-Modified']! }, body: '' };
  }
  const path = context.store.blobPath(asset);
  const range = parseRange(request.headers.range, asset.size);
  if (range === 'unsatisfiable') {
    return { kind: 'body', status: 416, headers: { 'Content-Range': `bytes */${asset.size}` }, body: '' };
  }
  if (range) {
    const [start, end] = range;
    return { kind: 'file', status: 206, headers: { ...headers, 'Content-Range': `bytes ${start}-${end}/${asset.size}` }, path, start, end };
  }
  return { kind: 'file', status: 200, headers, path, start: 0, end: asset.size - 1 };
}

/** `bytes=a-b`, `bytes=a-` or `bytes=-n`; several ranges are served as the whole file. */
function parseRange(header: string | undefined, size: number): [number, number] | 'unsatisfiable' | undefined {
  const match = header ? /^bytes=(\d*)-(\d*)$/.exec(header.trim()) : null;
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(size - Number(match[2]), 0);
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : [start, end];
}

function contentTypeOf(filename: string): string {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl') || lower.endsWith('.zip')) return 'application/zip';
  if (lower.endsWith('.tar.gz')) return 'application/x-gzip';
  return 'application/octet-stream';
}
