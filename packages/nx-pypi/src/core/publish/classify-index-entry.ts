/**
 * Decides, from the index, what to do with one local file before (and after) an upload: compare
 * the hash the index lists with the local bytes' hash. The index, not server message text, is
 * what tells "already published" from "something else went wrong" (uv's check_url does the same).
 */
import { findIndexFile, type ProjectIndex } from './parse-simple-index';

/** What the index says about one local file. */
export type IndexCheck =
  /** Not listed: upload it. */
  | { kind: 'absent' }
  /** Listed with the same digest: already published, skip. */
  | { kind: 'identical'; algorithm: string; url: string }
  /** Listed with another digest: a published file never changes. */
  | { kind: 'different'; algorithm: string; local: string; remote: string; url: string }
  /** Listed with a digest the caller has not computed yet: compute `algorithm` and classify again. */
  | { kind: 'needs-digest'; algorithm: string }
  /** Listed without any hash this client can compare. */
  | { kind: 'unverifiable'; url: string; algorithms: string[] };

/**
 * Strongest first. Nexus >= 3.41 lists `#sha256=`, older ones `#md5=`; PEP 691 servers may list
 * several. `blake2b_256` is what a PEP 691 server would call the upload's blake2_256_digest.
 */
export const DIGEST_PREFERENCE = ['sha256', 'sha512', 'sha384', 'sha224', 'blake2b_256', 'sha1', 'md5'] as const;

/** `localDigests` maps lowercase algorithm names (as in DIGEST_PREFERENCE) to lowercase hex. */
export function classifyIndexEntry(filename: string, localDigests: Readonly<Record<string, string>>, index: ProjectIndex): IndexCheck {
  const listed = findIndexFile(index, filename);
  if (!listed) return { kind: 'absent' };
  const algorithm = DIGEST_PREFERENCE.find((algo) => listed.hashes[algo] !== undefined);
  if (!algorithm) return { kind: 'unverifiable', url: listed.url, algorithms: Object.keys(listed.hashes) };
  const local = localDigests[algorithm];
  if (local === undefined) return { kind: 'needs-digest', algorithm };
  const remote = listed.hashes[algorithm];
  if (local.toLowerCase() === remote) return { kind: 'identical', algorithm, url: listed.url };
  return { kind: 'different', algorithm, local: local.toLowerCase(), remote, url: listed.url };
}
