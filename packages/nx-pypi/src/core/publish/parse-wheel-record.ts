/**
 * Reads a wheel's `.dist-info/RECORD`: CSV rows of path, `<algorithm>=<urlsafe-b64 digest>` and
 * size (https://packaging.python.org/en/latest/specifications/recording-installed-packages/#the-record-file).
 * Fields stay as written: checking them against the archive is the comparison's job, so a RECORD
 * that lies or is incomplete is reported there, naming the member, instead of failing the read.
 */

export interface RecordRow {
  path: string;
  /** `sha256=<urlsafe base64, no padding>`, or empty (RECORD itself, signatures). */
  hash: string;
  /** Decimal bytes, or empty. */
  size: string;
  /** 1-based line of the row, for messages. */
  line: number;
}

export type ParsedRecord = { rows: RecordRow[] } | { malformed: { line: number; why: string } };

/** Parses RECORD text (Python's csv module's dialect: `"` quotes, `""` inside quotes, \n or \r\n lines). */
export function parseWheelRecord(text: string): ParsedRecord {
  const rows: RecordRow[] = [];
  let line = 1;
  let at = 0;
  while (at < text.length) {
    const startLine = line;
    const fields: string[] = [];
    let field = '';
    let quoted = false;
    let endOfRow = false;
    while (at < text.length && !endOfRow) {
      const char = text[at];
      if (quoted) {
        if (char === '"' && text[at + 1] === '"') {
          field += '"';
          at += 2;
        } else if (char === '"') {
          quoted = false;
          at += 1;
        } else {
          if (char === '\n') line += 1;
          field += char;
          at += 1;
        }
      } else if (char === '"' && field === '') {
        quoted = true;
        at += 1;
      } else if (char === ',') {
        fields.push(field);
        field = '';
        at += 1;
      } else if (char === '\n' || (char === '\r' && text[at + 1] === '\n')) {
        at += char === '\r' ? 2 : 1;
        line += 1;
        endOfRow = true;
      } else {
        field += char;
        at += 1;
      }
    }
    if (quoted) return { malformed: { line: startLine, why: 'a quoted field is not closed' } };
    fields.push(field);
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== 3) return { malformed: { line: startLine, why: `${fields.length} fields, not 3 (path, hash, size)` } };
    rows.push({ path: fields[0], hash: fields[1], size: fields[2], line: startLine });
  }
  return { rows };
}

/** The hash algorithms RECORD rows name (`sha256`, `sha512`, …), each once, in first-seen order. */
export function listRecordAlgorithms(rows: readonly RecordRow[]): string[] {
  const algorithms = new Set<string>();
  for (const row of rows) {
    const equals = row.hash.indexOf('=');
    if (equals > 0) algorithms.add(row.hash.slice(0, equals).toLowerCase());
  }
  return [...algorithms];
}
