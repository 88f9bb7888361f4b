/**
 * Every member of a wheel or sdist with the digests of its data, hashed as it is read (never
 * held whole: archives may be hundreds of MB), plus a wheel's RECORD, for comparing two builds'
 * contents (core/publish/compare-archive-contents).
 */
import { createHash } from 'node:crypto';
import type { ArchiveListing, ArchiveMember, MemberType } from '../../core/publish/compare-archive-contents';
import { parseArtifactFilename } from '../../core/publish/artifact-filename';
import { listRecordAlgorithms, parseWheelRecord, type ParsedRecord } from '../../core/publish/parse-wheel-record';
import { createDigest, type Digest } from './hash-file';
import { readZipUnixMode, ZipArchive, type ZipEntry } from './read-zip-entry';
import { walkTarGz } from './walk-tar-gz';

// A RECORD lists every file of the wheel in a line each: even 100 000 files are a few MiB.
const MAX_RECORD_BYTES = 64 * 1024 * 1024;
const S_IFMT = 0o170000;
const S_IFDIR = 0o040000;
const S_IFLNK = 0o120000;

/**
 * Lists the archive at `path`; `filename` (the artifact's name, which a downloaded copy's path may
 * not end in) says whether it is a wheel, a .tar.gz or a .zip sdist. Throws ArtifactMetadataError
 * (ARTIFACT_CORRUPT) for an archive that cannot be read.
 */
export async function listArchiveMembers(path: string, filename: string): Promise<ArchiveListing> {
  const kind = parseArtifactFilename(filename);
  if (kind.filetype === 'bdist_wheel') return listWheel(path, `${kind.distribution}-${kind.version}.dist-info/RECORD`);
  const members = filename.endsWith('.zip') ? (await listZip(path, [])).members : await listTarGz(path);
  return { format: 'sdist', members };
}

async function listWheel(path: string, expectedRecord: string): Promise<ArchiveListing> {
  const zip = await ZipArchive.open(path);
  try {
    // The RECORD of the dist-info the filename names; another top-level one if the names differ in case or spelling.
    const candidates = zip.entries.filter((e) => /^[^/]+\.dist-info\/RECORD$/.test(e.name));
    const entry =
      candidates.find((e) => e.name === expectedRecord) ?? candidates.find((e) => e.name.toLowerCase() === expectedRecord.toLowerCase()) ?? candidates[0];
    let record: { path: string; parsed: ParsedRecord } | undefined;
    if (entry) record = { path: entry.name, parsed: decodeRecord(await zip.read(entry, MAX_RECORD_BYTES)) };
    // Every algorithm RECORD names is computed, so a RECORD in sha512 is checked too.
    const algorithms = record && 'rows' in record.parsed ? listRecordAlgorithms(record.parsed.rows) : [];
    return { format: 'wheel', members: (await listZipWith(zip, algorithms)).members, ...(record ? { record } : {}) };
  } finally {
    await zip.close();
  }
}

function decodeRecord(data: Buffer): ParsedRecord {
  try {
    return parseWheelRecord(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch {
    return { malformed: { line: 1, why: 'it is not UTF-8' } };
  }
}

async function listZip(path: string, algorithms: readonly string[]): Promise<{ members: ArchiveMember[] }> {
  const zip = await ZipArchive.open(path);
  try {
    return await listZipWith(zip, algorithms);
  } finally {
    await zip.close();
  }
}

async function listZipWith(zip: ZipArchive, algorithms: readonly string[]): Promise<{ members: ArchiveMember[] }> {
  const members: ArchiveMember[] = [];
  for (const entry of zip.entries) {
    const hashes = await createDigests(algorithms);
    await zip.stream(entry, (chunk) => {
      for (const digest of hashes.values()) digest.update(chunk);
    });
    const unix = readZipUnixMode(entry);
    members.push({
      path: entry.name.length > 1 ? entry.name.replace(/\/+$/, '') : entry.name,
      type: zipMemberType(entry, unix),
      size: entry.size,
      digests: finish(hashes),
      ...(unix !== undefined ? { mode: unix & 0o7777 } : {}),
    });
  }
  return { members };
}

function zipMemberType(entry: ZipEntry, unix: number | undefined): MemberType {
  if (unix !== undefined && (unix & S_IFMT) === S_IFLNK) return 'symlink';
  if ((unix !== undefined && (unix & S_IFMT) === S_IFDIR) || entry.name.endsWith('/')) return 'directory';
  return 'file';
}

async function listTarGz(path: string): Promise<ArchiveMember[]> {
  const members: ArchiveMember[] = [];
  await walkTarGz(path, (member) => {
    // An sdist's RECORD-less members need sha256 only, which node:crypto creates synchronously.
    const sha256 = createHash('sha256');
    return {
      data: (chunk) => void sha256.update(chunk),
      end: () => {
        members.push({
          path: member.path,
          type: member.type,
          size: member.size,
          digests: { sha256: sha256.digest('hex') },
          mode: member.mode,
          ...(member.linkTarget !== undefined ? { linkTarget: member.linkTarget } : {}),
        });
      },
    };
  });
  return members;
}

/** sha256 plus each of `algorithms` this Node can compute; one it cannot is left out, and the comparison says so. */
async function createDigests(algorithms: readonly string[]): Promise<Map<string, Digest>> {
  const digests = new Map<string, Digest>();
  for (const algorithm of ['sha256', ...algorithms]) {
    if (digests.has(algorithm)) continue;
    const digest = await createDigest(algorithm);
    if (digest) digests.set(algorithm, digest);
  }
  return digests;
}

function finish(digests: Map<string, Digest>): Record<string, string> {
  return Object.fromEntries([...digests].map(([algorithm, digest]) => [algorithm, digest.digest()]));
}
