/**
 * Whether two archives of the same filename hold the same release: the same members with the same
 * bytes (and, for an sdist, the same modes and types), whatever the compression and timestamps.
 * Another Node version's zlib deflates differently, so a rebuild of an already-published version
 * can have other archive bytes with every file inside the same: that is the same release, not a
 * different one. The answer is `same`, or the first differing member in path order (a fixed
 * order, so a run and its re-run name the same member).
 *
 * A wheel's RECORD is not trusted on its own word: every member's actual hash is compared across
 * the two wheels, and each RECORD is checked against its own wheel's members. A RECORD that lies
 * (a hash or size that is not the member's, a member it leaves out, a row naming nothing) is a
 * difference. RECORD itself is not compared as a file: it differs only if what it lists differs,
 * or in row order, which installs nothing differently.
 */
import type { ParsedRecord, RecordRow } from './parse-wheel-record';

export type MemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'special';

export interface ArchiveMember {
  /** Path inside the archive, without a leading `./` or a directory's trailing `/`. */
  path: string;
  type: MemberType;
  /** Bytes of data in the archive (0 for directories and links). */
  size: number;
  /** Lowercase hex digests of the member's data, by algorithm as RECORD spells it; `sha256` always. */
  digests: Readonly<Record<string, string>>;
  /** Permission bits (`& 0o7777`) when the archive records them: always in a tar, in a zip written on Unix. */
  mode?: number;
  /** Where a tar symlink or hard link points. */
  linkTarget?: string;
}

export interface WheelListing {
  format: 'wheel';
  members: readonly ArchiveMember[];
  /** The wheel's `<name>-<version>.dist-info/RECORD`; absent when the wheel has none. */
  record?: { path: string; parsed: ParsedRecord };
}

export interface SdistListing {
  format: 'sdist';
  members: readonly ArchiveMember[];
}

export type ArchiveListing = WheelListing | SdistListing;

export interface MemberDifference {
  /** The member's path, as in the archive. */
  member: string;
  /** What differs, e.g. `sha256 differs`, `only in the published file`. */
  detail: string;
}

export type ContentComparison = { same: true } | { same: false; difference: MemberDifference };

/** `token_lib/core.py: sha256 differs`. */
export function describeDifference(difference: MemberDifference): string {
  return `${difference.member}: ${difference.detail}`;
}

/** `local` is this build's archive, `published` the one the index holds under the same filename. */
export function compareArchiveContents(local: ArchiveListing, published: ArchiveListing): ContentComparison {
  let difference: MemberDifference | undefined;
  if (local.format === 'wheel' && published.format === 'wheel') difference = compareWheels(local, published);
  else if (local.format === 'sdist' && published.format === 'sdist') {
    difference = compareMembers(indexMembers(local.members, LOCAL), indexMembers(published.members, PUBLISHED), new Set(), 'sdist');
  } else throw new Error(`a ${local.format} compared with a ${published.format} (this is a bug in nx-pypi: the filenames are the same)`);
  return difference ? { same: false, difference } : { same: true };
}

interface Side {
  /** `this build`, `the published file`: how messages name it. */
  name: string;
  /** `this build's RECORD`, `the published RECORD`. */
  recordName: string;
}

const LOCAL: Side = { name: 'this build', recordName: "this build's RECORD" };
const PUBLISHED: Side = { name: 'the published file', recordName: 'the published RECORD' };

interface IndexedMembers {
  side: Side;
  members: Map<string, ArchiveMember>;
  duplicates: Set<string>;
}

interface IndexedRecord {
  /** `<name>.dist-info/RECORD` */
  path: string;
  rows: Map<string, RecordRow>;
  duplicates: Set<string>;
}

function indexMembers(members: readonly ArchiveMember[], side: Side): IndexedMembers {
  const byPath = new Map<string, ArchiveMember>();
  const duplicates = new Set<string>();
  for (const member of members) {
    if (byPath.has(member.path)) duplicates.add(member.path);
    else byPath.set(member.path, member);
  }
  return { side, members: byPath, duplicates };
}

function compareWheels(local: WheelListing, published: WheelListing): MemberDifference | undefined {
  // Without a readable RECORD on both sides nothing can be verified: that comes first.
  if (!local.record || !published.record) {
    const member = local.record?.path ?? published.record?.path ?? '.dist-info/RECORD';
    const detail = !local.record && !published.record ? 'missing from both wheels' : `missing from ${(local.record ? PUBLISHED : LOCAL).name}`;
    return { member, detail };
  }
  if (local.record.path !== published.record.path) {
    const localFirst = local.record.path < published.record.path;
    return { member: localFirst ? local.record.path : published.record.path, detail: `only in ${(localFirst ? LOCAL : PUBLISHED).name}` };
  }
  const records: IndexedRecord[] = [];
  for (const [listing, side] of [
    [local, LOCAL],
    [published, PUBLISHED],
  ] as const) {
    const parsed = listing.record!.parsed;
    if ('malformed' in parsed) {
      return { member: listing.record!.path, detail: `line ${parsed.malformed.line} of ${side.recordName} is malformed: ${parsed.malformed.why}` };
    }
    records.push(indexRecord(listing.record!.path, parsed.rows));
  }
  const recordPath = local.record.path;
  return compareMembers(indexMembers(local.members, LOCAL), indexMembers(published.members, PUBLISHED), new Set([recordPath]), 'wheel', records);
}

function indexRecord(path: string, rows: readonly RecordRow[]): IndexedRecord {
  const byPath = new Map<string, RecordRow>();
  const duplicates = new Set<string>();
  for (const row of rows) {
    if (byPath.has(row.path)) duplicates.add(row.path);
    else byPath.set(row.path, row);
  }
  return { path, rows: byPath, duplicates };
}

/**
 * Walks every path either side names (members, and for wheels RECORD rows) in sorted order and
 * returns the first difference. `excluded`: paths not compared as members (a wheel's RECORD).
 */
function compareMembers(
  local: IndexedMembers,
  published: IndexedMembers,
  excluded: ReadonlySet<string>,
  format: 'wheel' | 'sdist',
  records?: readonly IndexedRecord[],
): MemberDifference | undefined {
  const paths = new Set<string>([...local.members.keys(), ...published.members.keys()]);
  for (const record of records ?? []) for (const path of record.rows.keys()) paths.add(path);
  // Code-unit order, not locale order: the same on every machine.
  const sorted = [...paths].filter((path) => !excluded.has(path)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  for (const path of sorted) {
    for (const side of [local, published]) {
      if (side.duplicates.has(path)) return { member: path, detail: `appears twice in ${side.side.name}` };
    }
    for (const [i, side] of [local, published].entries()) {
      const record = records?.[i];
      const problem = record && checkRecordRow(record, side.members.get(path), path, side.side);
      if (problem) return { member: path, detail: problem };
    }
    const mine = local.members.get(path);
    const theirs = published.members.get(path);
    if (!mine || !theirs) {
      // Both absent: only a RECORD row names it, and checkRecordRow reported that.
      return { member: path, detail: `only in ${(mine ? LOCAL : PUBLISHED).name}` };
    }
    const detail = compareMember(mine, theirs, format);
    if (detail) return { member: path, detail };
  }
  return undefined;
}

/** Signatures of RECORD are not listed in it (the wheel spec); RECORD itself is listed without a hash. */
function isUnhashed(recordPath: string, path: string): boolean {
  return path === recordPath || path === `${recordPath}.jws` || path === `${recordPath}.p7s`;
}

/** What is wrong between a wheel's RECORD and its member at `path`, or undefined when they agree. */
function checkRecordRow(record: IndexedRecord, member: ArchiveMember | undefined, path: string, side: Side): string | undefined {
  if (record.duplicates.has(path)) return `listed twice in ${side.recordName}`;
  const row = record.rows.get(path);
  if (!row) {
    // Directory entries are not files: RECORD lists files only.
    if (member && member.type !== 'directory' && !isUnhashed(record.path, path)) return `not listed in ${side.recordName}`;
    return undefined;
  }
  if (!member) return `listed in ${side.recordName} (line ${row.line}), but not in ${side.name}`;
  if (row.hash === '') return isUnhashed(record.path, path) ? undefined : `${side.recordName} gives no hash for it (line ${row.line})`;
  const hash = /^([A-Za-z0-9_-]+)=([A-Za-z0-9_-]+)=*$/.exec(row.hash);
  if (!hash) return `${side.recordName} has an unreadable hash "${row.hash}" for it (line ${row.line})`;
  const algorithm = hash[1].toLowerCase();
  const digest = member.digests[algorithm];
  if (digest === undefined) return `${side.recordName} hashes it with ${algorithm}, which this client cannot compute`;
  if (Buffer.from(digest, 'hex').toString('base64url') !== hash[2]) return `its content does not match ${side.recordName} (${algorithm}, line ${row.line})`;
  if (row.size !== '' && (!/^\d+$/.test(row.size) || Number(row.size) !== member.size)) {
    return `its size (${member.size} bytes) does not match ${side.recordName} (${row.size}, line ${row.line})`;
  }
  return undefined;
}

function compareMember(mine: ArchiveMember, theirs: ArchiveMember, format: 'wheel' | 'sdist'): string | undefined {
  if (mine.type !== theirs.type) return `type differs (${mine.type} in ${LOCAL.name}, ${theirs.type} in ${PUBLISHED.name})`;
  if (mine.digests.sha256 !== theirs.digests.sha256 || mine.size !== theirs.size) {
    return mine.size === theirs.size ? 'sha256 differs' : `sha256 differs (${mine.size} bytes in ${LOCAL.name}, ${theirs.size} in ${PUBLISHED.name})`;
  }
  if (format === 'sdist' && mine.mode !== theirs.mode)
    return `mode differs (${formatMode(mine.mode)} in ${LOCAL.name}, ${formatMode(theirs.mode)} in ${PUBLISHED.name})`;
  // Installers keep only a wheel member's executable bit (pip sets it when any x bit is set).
  if (format === 'wheel' && isExecutable(mine) !== isExecutable(theirs)) {
    return `executable bit differs (${isExecutable(mine) ? 'set' : 'not set'} in ${LOCAL.name}, ${isExecutable(theirs) ? 'set' : 'not set'} in ${PUBLISHED.name})`;
  }
  if (mine.linkTarget !== theirs.linkTarget)
    return `link target differs (${mine.linkTarget ?? 'none'} in ${LOCAL.name}, ${theirs.linkTarget ?? 'none'} in ${PUBLISHED.name})`;
  return undefined;
}

function isExecutable(member: ArchiveMember): boolean {
  return ((member.mode ?? 0) & 0o111) !== 0;
}

function formatMode(mode: number | undefined): string {
  return mode === undefined ? 'none recorded' : mode.toString(8).padStart(4, '0');
}

/**
 * The most bytes an archive holding `listing`'s members can take however it is written: every
 * member stored uncompressed (deflate and gzip add well under 1% to data that does not compress),
 * with generous room per member for headers, extended headers, padding, names and RECORD lines.
 * A published file larger than this cannot hold the same contents: it is not downloaded past it.
 */
export function computeArchiveSizeCap(listing: ArchiveListing): number {
  let bytes = 1024 * 1024;
  for (const member of listing.members) {
    bytes += member.size + 4096 + 4 * Buffer.byteLength(member.path) + 2 * Buffer.byteLength(member.linkTarget ?? '');
  }
  return Math.ceil(bytes * 1.01);
}
