/** One line of RECORD: an archive path with the SHA-256 digest and size of its bytes. */
export interface RecordEntry {
  path: string;
  /** Raw SHA-256 digest bytes. */
  sha256: Uint8Array;
  size: number;
}

/**
 * `.dist-info/RECORD` (recording installed projects spec): `path,sha256=<urlsafe base64 without
 * padding>,size`, CSV-quoted where needed, and RECORD's own line as `path,,`.
 */
export function renderRecord(entries: readonly RecordEntry[], recordPath: string): string {
  const lines = entries.map((e) => `${csvField(e.path)},${formatRecordHash(e.sha256)},${e.size}`);
  lines.push(`${csvField(recordPath)},,`);
  return lines.join('\n') + '\n';
}

/** `sha256=` + urlsafe base64 with the `=` padding stripped, as pip verifies it. */
export function formatRecordHash(digest: Uint8Array): string {
  return `sha256=${Buffer.from(digest).toString('base64url')}`;
}

// Python's csv module quotes a field holding a comma, a quote or a line break.
function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
