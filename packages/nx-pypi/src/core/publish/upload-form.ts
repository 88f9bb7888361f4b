/**
 * The legacy upload API's form fields, computed from core metadata as twine and uv send them.
 * https://docs.pypi.org/api/upload/ and NEXUS-PYPI.md section 1.2. The `content` file part is
 * not a field here: the multipart writer appends it last, streamed from disk.
 */
import { getMetadataField, getMetadataFields, type CoreMetadata } from './parse-core-metadata';
import type { ArtifactType } from './artifact-filename';

/** One text part of the multipart body; repeated names are multiple-use fields. */
export interface FormField {
  name: string;
  value: string;
}

/** Hex digests of the artifact's bytes (md5 only on demand: see io/artifact/hash-file.ts). */
export interface ArtifactDigests {
  sha256: string;
  blake2_256: string;
}

export interface UploadFileInfo {
  filetype: ArtifactType;
  pyversion: string;
  /** Left out when the digests are computed while the file streams: they then follow the file part (digestFields). */
  digests?: ArtifactDigests;
}

/** The digest fields, hex: sha256 and BLAKE2b-256 as twine >= 6.2 and uv send them. */
export function digestFields(digests: ArtifactDigests): FormField[] {
  return [
    { name: 'sha256_digest', value: digests.sha256 },
    { name: 'blake2_256_digest', value: digests.blake2_256 },
  ];
}

/** Hex lengths of the digest fields (32-byte digests), so a body that ends with them has a known length. */
export const DIGEST_FIELD_LENGTHS: ReadonlyArray<{ name: string; length: number }> = [
  { name: 'sha256_digest', length: 64 },
  { name: 'blake2_256_digest', length: 64 },
];

// Single-use core metadata fields -> form names (lower snake case, as twine's metadata_dictionary).
const SCALARS: readonly [string, string][] = [
  ['Summary', 'summary'],
  ['Description-Content-Type', 'description_content_type'],
  ['Keywords', 'keywords'],
  ['Home-page', 'home_page'],
  ['Download-URL', 'download_url'],
  ['Author', 'author'],
  ['Author-email', 'author_email'],
  ['Maintainer', 'maintainer'],
  ['Maintainer-email', 'maintainer_email'],
  ['License', 'license'],
  ['License-Expression', 'license_expression'],
  ['Requires-Python', 'requires_python'],
];

// Multiple-use fields: the form name is repeated once per value. `Project-URL` values are already
// "label, url", which is what the form wants. Requires/Provides/Obsoletes are Metadata 1.1.
const LISTS: readonly [string, string][] = [
  ['Classifier', 'classifiers'],
  ['Platform', 'platform'],
  ['Supported-Platform', 'supported_platform'],
  ['Requires-Dist', 'requires_dist'],
  ['Provides-Dist', 'provides_dist'],
  ['Obsoletes-Dist', 'obsoletes_dist'],
  ['Requires-External', 'requires_external'],
  ['Requires', 'requires'],
  ['Provides', 'provides'],
  ['Obsoletes', 'obsoletes'],
  ['Project-URL', 'project_urls'],
  ['Provides-Extra', 'provides_extra'],
  ['Dynamic', 'dynamic'],
  ['Import-Name', 'import_names'],
  ['Import-Namespace', 'import_namespaces'],
];

/**
 * All text fields of one file's upload, in a stable order. The digests are sha256 and BLAKE2b-256,
 * as twine >= 6.2 and uv send them; `md5_digest` is not sent (twine 6.2 removed it). Nexus checks
 * only md5, when present, so the upload is confirmed afterwards by the digest the hosted index
 * lists for the stored bytes (verify-published), md5 included on a Nexus that lists only md5.
 */
export function computeUploadForm(metadata: CoreMetadata, file: UploadFileInfo): FormField[] {
  const form: FormField[] = [];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined) form.push({ name, value });
  };
  const metadataVersion = getMetadataField(metadata, 'Metadata-Version');
  add(':action', 'file_upload');
  add('protocol_version', '1');
  add('metadata_version', metadataVersion);
  // The raw Name (as uv and poetry send it): Nexus normalizes it for the storage path itself.
  add('name', getMetadataField(metadata, 'Name'));
  add('version', getMetadataField(metadata, 'Version'));
  add('filetype', file.filetype);
  add('pyversion', file.pyversion);
  for (const [header, field] of SCALARS) add(field, getMetadataField(metadata, header));
  // Metadata >= 2.1 puts the description in the body; older files in a Description header.
  add('description', metadata.body ?? getMetadataField(metadata, 'Description'));
  for (const [header, field] of LISTS) {
    for (const value of getMetadataFields(metadata, header)) add(field, value);
  }
  // License-File exists from Metadata-Version 2.4 (PEP 639); twine drops it below that.
  if (metadataVersion !== undefined && compareMetadataVersions(metadataVersion, '2.4') >= 0) {
    for (const value of getMetadataFields(metadata, 'License-File')) add('license_file', value);
  }
  if (file.digests) form.push(...digestFields(file.digests));
  return form;
}

/** Compares dotted numeric versions (`2.4` vs `2.10`); non-numeric parts count as 0. */
export function compareMetadataVersions(a: string, b: string): number {
  const left = a.split('.').map((p) => Number.parseInt(p, 10) || 0);
  const right = b.split('.').map((p) => Number.parseInt(p, 10) || 0);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const diff = (left[i] ?? 0) - (right[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
