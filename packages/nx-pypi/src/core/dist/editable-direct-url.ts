/**
 * What marks an installed distribution as editable: `.dist-info/direct_url.json` with
 * `dir_info.editable = true` and the project folder as URL (PEP 610, which PEP 660 asks frontends
 * to write). pip installs our editable wheel like any wheel file and records the wheel's path
 * instead, so the install executor rewrites the file afterwards; `pip list -e`, `pip freeze` and
 * IDEs then show the project folder, and pip reinstalls it on the next run instead of keeping it.
 */
import { createHash } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { formatRecordHash } from './record';

/** The direct_url.json text for a project folder (absolute path). */
export function renderEditableDirectUrl(projectDir: string): string {
  return `${JSON.stringify({ url: pathToFileURL(projectDir).href, dir_info: { editable: true } })}\n`;
}

/**
 * RECORD with the line of `path` replaced by the new bytes' hash and size (appended when absent),
 * so the installed file list stays verifiable. Paths are compared as written by pip (CSV fields,
 * quoted only when they hold a comma, a quote or a line break).
 */
export function replaceRecordEntry(recordText: string, path: string, bytes: Buffer): string {
  const field = /[",\r\n]/.test(path) ? `"${path.replace(/"/g, '""')}"` : path;
  const line = `${field},${formatRecordHash(createHash('sha256').update(bytes).digest())},${bytes.length}`;
  const lines = recordText.split('\n');
  const trailingNewline = lines[lines.length - 1] === '';
  if (trailingNewline) lines.pop();
  const index = lines.findIndex((l) => l.startsWith(`${field},`));
  if (index >= 0) lines[index] = line;
  else lines.push(line);
  return `${lines.join('\n')}\n`;
}
