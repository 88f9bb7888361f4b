/**
 * Nexus's "strict content type validation" for uploads, reduced to the two archive formats a
 * PyPI repository receives: the bytes must be what the filename says (NEXUS-PYPI.md 1.5, answered
 * with 404 because Nexus maps InvalidContentException to 400 only for PUT).
 */

const ZIP = 'application/zip';
const GZIP = 'application/x-gzip';
const UNKNOWN = 'application/octet-stream';

/** The MIME type a filename promises, or undefined when Nexus would not check it. */
export function expectedContentType(filename: string): string | undefined {
  const lower = filename.toLowerCase();
  if (lower.endsWith('.whl') || lower.endsWith('.zip')) return ZIP;
  if (lower.endsWith('.tar.gz')) return GZIP;
  return undefined;
}

/** The MIME type the first bytes of a file show. */
export function detectContentType(head: Uint8Array): string {
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && (head[2] === 0x03 || head[2] === 0x05) && (head[3] === 0x04 || head[3] === 0x06)) {
    return ZIP;
  }
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return GZIP;
  return UNKNOWN;
}

/** Nexus's message when the two disagree, or undefined when they agree. */
export function checkContentType(filename: string, head: Uint8Array, assetPath: string): string | undefined {
  const expected = expectedContentType(filename);
  if (!expected) return undefined;
  const detected = detectContentType(head);
  return detected === expected ? undefined : `Detected content type [${detected}], but expected [${expected}]: ${assetPath}`;
}
