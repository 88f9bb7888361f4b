/**
 * GET/HEAD inside a repository: simple index pages and files, for hosted repositories, proxies of
 * an upstream index, and groups reading through their members (NEXUS-PYPI.md 2.1-2.4, 7).
 */
import type { IncomingMessage } from 'node:http';
import type { GroupRepositoryConfig, RepositoryConfig } from '../config/registry-config';
import type { RepositoryRoute } from '../core/route-request';
import { renderPackageHref, renderPackagePath, renderProjectPage, renderRootPage, type IndexLink } from '../core/simple-html';
import { prefersSimpleJson, renderProjectJson, renderRootJson, SIMPLE_JSON_TYPE } from '../core/simple-json';
import type { Lookup, ProxyRepository } from '../proxy/proxy-repository';
import type { StoredAsset } from '../store/package-store';
import type { Reply } from './reply';
import type { RegistryContext } from './registry-context';

type ReadRoute = Exclude<RepositoryRoute, { kind: 'upload' } | { kind: 'not-found' }>;

/** A file as an index page lists it, whichever kind of repository it comes from. */
interface IndexEntry {
  name: string;
  version: string;
  filename: string;
  /** Algorithm to hex: sha256 and md5 for hosted files, what the upstream listed for proxied ones. */
  hashes: Record<string, string>;
  size?: number;
  requiresPython?: string;
  uploadTime?: string;
  yanked?: string;
  /** Hosted files only: upload time in ms, for the injected group lag. */
  uploadedAtMs?: number;
}

export async function handleRead(context: RegistryContext, request: IncomingMessage, repository: RepositoryConfig, route: ReadRoute): Promise<Reply> {
  const json = context.simpleJson && prefersSimpleJson(request.headers.accept);
  switch (route.kind) {
    case 'root-index': {
      const names = await projectNames(context, repository, Date.now());
      if (names.kind !== 'found') return lookupFailure(names);
      return json ? jsonReply(renderRootJson(names.value)) : htmlReply(renderRootPage(names.value));
    }
    case 'project-index': {
      // A hosted repository or a proxy without the project answers 404; a group renders whatever
      // its members gave, which may be nothing (PyPiIndexGroupHandler). The lookup is exact: names
      // are stored normalized and the URL is not normalized, so /simple/Foo_Bar/ is a 404.
      const entries = await projectEntries(context, repository, route.name, Date.now());
      if (entries.kind !== 'found') return lookupFailure(entries);
      if (json) {
        const files = entries.value.map((entry) => ({
          filename: entry.filename,
          url: renderPackagePath(entry.name, entry.version, entry.filename),
          hashes: entry.hashes['sha256'] !== undefined ? { sha256: entry.hashes['sha256'] } : entry.hashes,
          size: entry.size,
          requiresPython: entry.requiresPython,
          uploadTime: entry.uploadTime,
          yanked: entry.yanked,
        }));
        return jsonReply(
          renderProjectJson(
            route.name,
            files,
            entries.value.map((entry) => entry.version),
          ),
        );
      }
      const links: IndexLink[] = entries.value.map((entry) => ({
        filename: entry.filename,
        href: linkOf(entry, context.linkHash),
        requiresPython: entry.requiresPython,
        yanked: entry.yanked,
      }));
      return htmlReply(renderProjectPage(route.name, links));
    }
    case 'package': {
      const asset = await findPackage(context, repository, route.name, route.version, route.filename);
      return asset.kind === 'found' ? fileReply(context, request, asset.value) : lookupFailure(asset);
    }
  }
}

/** 404 for a missing project or file; 502 with the proxy's reason when its upstream failed. */
function lookupFailure(lookup: { kind: 'not-found' } | { kind: 'failed'; message: string }): Reply {
  return lookup.kind === 'failed' ? { kind: 'error', status: 502, message: lookup.message } : { kind: 'error', status: 404 };
}

/** The fragment is the configured algorithm when the file has it (always, for hosted files), else sha256, else any. */
function linkOf(entry: IndexEntry, preferred: string): string {
  const algorithm = [preferred, 'sha256', ...Object.keys(entry.hashes)].find((candidate) => entry.hashes[candidate] !== undefined);
  return algorithm === undefined
    ? renderPackagePath(entry.name, entry.version, entry.filename)
    : renderPackageHref(entry.name, entry.version, entry.filename, algorithm, entry.hashes[algorithm]!);
}

/**
 * A project's files as the repository shows them. Groups ask every member at once, then merge in
 * member order, the first member listing a filename (compared lowercased) winning, sorted by
 * filename; a member that has not the project or whose upstream failed adds nothing, and hosted
 * files younger than the injected group lag are left out.
 */
async function projectEntries(context: RegistryContext, repository: RepositoryConfig, name: string, now: number): Promise<Lookup<IndexEntry[]>> {
  if (repository.type === 'hosted') {
    const entries = context.store.assetsOf(repository.name, name).map(hostedEntry);
    return entries.length > 0 ? { kind: 'found', value: entries } : { kind: 'not-found' };
  }
  if (repository.type === 'proxy') return proxyOf(context, repository.name).projectFiles(name);
  const answers = await Promise.all(members(context, repository).map((member) => projectEntries(context, member, name, now)));
  const merged = new Map<string, IndexEntry>();
  for (const answer of answers) {
    if (answer.kind !== 'found') continue;
    for (const entry of answer.value) {
      if (isLagging(context, entry, now)) continue;
      const key = entry.filename.toLowerCase();
      if (!merged.has(key)) merged.set(key, entry);
    }
  }
  const sorted = [...merged.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, entry]) => entry);
  return { kind: 'found', value: sorted };
}

async function projectNames(context: RegistryContext, repository: RepositoryConfig, now: number): Promise<Lookup<string[]>> {
  if (repository.type === 'hosted') return { kind: 'found', value: context.store.projectNames(repository.name) };
  if (repository.type === 'proxy') return proxyOf(context, repository.name).projectNames();
  const names = new Set<string>();
  for (const member of members(context, repository)) {
    if (member.type === 'hosted') {
      for (const name of context.store.projectNames(member.name)) {
        if (context.store.assetsOf(member.name, name).some((asset) => !isLagging(context, hostedEntry(asset), now))) names.add(name);
      }
      continue;
    }
    const found = await projectNames(context, member, now);
    if (found.kind === 'found') found.value.forEach((name) => names.add(name));
  }
  return { kind: 'found', value: [...names].sort() };
}

/**
 * Downloads through a group come from the first member that answers with the file, asked in
 * order (Nexus's GroupHandler), so a proxy is asked upstream only when earlier members lack it;
 * when none has it the group answers 404, whatever a proxy's upstream did.
 */
async function findPackage(
  context: RegistryContext,
  repository: RepositoryConfig,
  name: string,
  version: string,
  filename: string,
): Promise<Lookup<StoredAsset>> {
  if (repository.type === 'hosted') {
    const asset = context.store.get(repository.name, name, `/packages/${name}/${version}/${filename}`);
    return asset ? { kind: 'found', value: asset } : { kind: 'not-found' };
  }
  if (repository.type === 'proxy') return proxyOf(context, repository.name).file(name, version, filename);
  for (const member of members(context, repository)) {
    const found = await findPackage(context, member, name, version, filename);
    if (found.kind === 'found') return found;
  }
  return { kind: 'not-found' };
}

function hostedEntry(asset: StoredAsset): IndexEntry {
  return {
    name: asset.name,
    version: asset.version,
    filename: asset.filename,
    hashes: { sha256: asset.sha256, md5: asset.md5 },
    size: asset.size,
    requiresPython: asset.requiresPython,
    uploadTime: asset.uploadedAt,
    uploadedAtMs: Date.parse(asset.uploadedAt),
  };
}

function proxyOf(context: RegistryContext, name: string): ProxyRepository {
  return context.proxies.get(name)!;
}

function members(context: RegistryContext, group: GroupRepositoryConfig): RepositoryConfig[] {
  return group.members.map((name) => context.repositories.get(name)!);
}

function isLagging(context: RegistryContext, entry: IndexEntry, now: number): boolean {
  const lag = context.faults.groupLagMs;
  return lag > 0 && entry.uploadedAtMs !== undefined && now - entry.uploadedAtMs < lag;
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
