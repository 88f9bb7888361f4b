/**
 * Everything an upload needs from one artifact on disk: its kind, core metadata (read from inside
 * the archive without extracting it), digests and size.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { parseArtifactFilename, type ArtifactType } from '../../core/publish/artifact-filename';
import { ArtifactMetadataError } from '../../core/publish/errors';
import { getMetadataField, parseCoreMetadata, type CoreMetadata } from '../../core/publish/parse-core-metadata';
import type { ArtifactDigests } from '../../core/publish/upload-form';
import { hashFile } from './hash-file';
import { readTarGzEntry } from './read-tar-gz-entry';
import { readZipEntry, type ZipEntry } from './read-zip-entry';

export interface Artifact {
  path: string;
  filename: string;
  filetype: ArtifactType;
  pyversion: string;
  /** `Name` from the metadata, as written. */
  name: string;
  /** `Version` from the metadata, as written. */
  version: string;
  metadata: CoreMetadata;
  /**
   * The file's digests. Publish leaves them out of the first read (`hash: false`): a file the index
   * does not list yet gets them while its upload streams (one read instead of two); ensureDigests
   * fills them in where a comparison needs them first.
   */
  digests?: ArtifactDigests;
  size: number;
}

// Core metadata is a few KiB; a long README makes it a few hundred. Anything past this is not metadata.
const MAX_METADATA_BYTES = 16 * 1024 * 1024;

/** The digests of `file`, read from disk once and kept on it. */
export async function ensureDigests(file: { path: string; digests?: ArtifactDigests }): Promise<ArtifactDigests> {
  file.digests ??= (await hashFile(file.path)).digests;
  return file.digests;
}

/**
 * Reads a .whl, .tar.gz or .zip artifact: metadata, size and (unless `hash: false`) digests.
 * Throws ArtifactMetadataError naming the file and member.
 */
export async function readArtifact(path: string, options: { hash?: boolean } = {}): Promise<Artifact> {
  const filename = basename(path);
  const kind = parseArtifactFilename(filename);
  const { member, data } = await readMetadataMember(path, kind.filetype, `${kind.distribution}-${kind.version}`);
  const source = `${path}!${member}`;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    throw new ArtifactMetadataError(`${source} is not UTF-8`, {
      code: 'METADATA_NOT_UTF8',
      location: { file: source },
      hint: 'core metadata must be UTF-8; rebuild the artifact',
    });
  }
  const metadata = parseCoreMetadata(text, source);
  const { digests, size } = options.hash === false ? { digests: undefined, size: (await stat(path)).size } : await hashFile(path);
  return {
    path,
    filename,
    filetype: kind.filetype,
    pyversion: kind.pyversion,
    name: getMetadataField(metadata, 'Name')!,
    version: getMetadataField(metadata, 'Version')!,
    metadata,
    ...(digests ? { digests } : {}),
    size,
  };
}

async function readMetadataMember(path: string, filetype: ArtifactType, stem: string): Promise<{ member: string; data: Buffer }> {
  let found: { member: string; data: Buffer } | undefined;
  try {
    if (filetype === 'bdist_wheel') {
      // `<name>-<version>.dist-info/METADATA` at the top; prefer the one matching the filename.
      const hit = await readZipEntry(path, (entries) => pickMember(entries, /^[^/]+\.dist-info\/METADATA$/, `${stem}.dist-info/`), MAX_METADATA_BYTES);
      if (hit) found = { member: hit.entry.name, data: hit.data };
    } else if (path.endsWith('.zip')) {
      const hit = await readZipEntry(path, (entries) => pickMember(entries, /^[^/]+\/PKG-INFO$/, `${stem}/`), MAX_METADATA_BYTES);
      if (hit) found = { member: hit.entry.name, data: hit.data };
    } else {
      // Streaming: the first top-level `<dir>/PKG-INFO` (an sdist has exactly one top folder).
      const hit = await readTarGzEntry(path, (member) => /^[^/]+\/PKG-INFO$/.test(member), MAX_METADATA_BYTES);
      if (hit) found = { member: hit.path, data: hit.data };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new ArtifactMetadataError(`${path} does not exist`, {
        code: 'ARTIFACT_MISSING',
        location: { file: path },
        hint: 'build the project first (nx run <project>:build)',
      });
    }
    throw error;
  }
  if (!found) {
    const want = filetype === 'bdist_wheel' ? '<name>-<version>.dist-info/METADATA' : '<name>-<version>/PKG-INFO';
    throw new ArtifactMetadataError(`${path} has no ${want}`, {
      code: 'ARTIFACT_NO_METADATA',
      location: { file: path },
      hint: 'this is not a built Python distribution; rebuild it',
    });
  }
  return found;
}

function pickMember(entries: ZipEntry[], pattern: RegExp, preferredPrefix: string): ZipEntry | undefined {
  const candidates = entries.filter((e) => pattern.test(e.name));
  return candidates.find((e) => e.name.toLowerCase().startsWith(preferredPrefix.toLowerCase())) ?? candidates[0];
}
