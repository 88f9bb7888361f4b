/**
 * The METADATA (and PKG-INFO) text and entry_points.txt poetry-core 2.x writes
 * (`Builder.get_metadata_content`, `WheelBuilder._write_entry_points`), byte for byte: the same
 * field order, Metadata-Version 2.4, requirements and URLs as the model spells them.
 */
import type { PoetryCoreMetadata } from './poetry-build-model';

export interface PoetryMetadataInput {
  metadata: PoetryCoreMetadata;
  /** Project-relative license files, sorted. */
  licenseFiles: readonly string[];
  description?: string;
  descriptionContentType?: string;
}

export function renderPoetryMetadata({ metadata: m, licenseFiles, description, descriptionContentType }: PoetryMetadataInput): string {
  let out = `Metadata-Version: 2.4\nName: ${m.name}\nVersion: ${m.version}\nSummary: ${m.summary}\n`;
  // Continuation lines of a multi-line License are indented (empty ones too), or a blank line would end the headers.
  if (m.license) out += `License: ${indentContinuation(m.license, ' '.repeat('License: '.length))}\n`;
  else if (m.licenseExpression) out += `License-Expression: ${m.licenseExpression}\n`;
  for (const file of licenseFiles) out += `License-File: ${file}\n`;
  if (m.keywords) out += `Keywords: ${m.keywords}\n`;
  if (m.author) out += `Author: ${m.author}\n`;
  if (m.authorEmail) out += `Author-email: ${m.authorEmail}\n`;
  if (m.maintainer) out += `Maintainer: ${m.maintainer}\n`;
  if (m.maintainerEmail) out += `Maintainer-email: ${m.maintainerEmail}\n`;
  if (m.requiresPython) out += `Requires-Python: ${m.requiresPython}\n`;
  for (const c of m.classifiers) out += `Classifier: ${c}\n`;
  for (const e of m.providesExtra) out += `Provides-Extra: ${e}\n`;
  for (const r of m.requiresDist) out += `Requires-Dist: ${r}\n`;
  for (const u of m.projectUrls) out += `Project-URL: ${u}\n`;
  if (descriptionContentType) out += `Description-Content-Type: ${descriptionContentType}\n`;
  if (description !== undefined) out += `\n${description}\n`;
  return out;
}

/** entry_points.txt: groups sorted, entries sorted, spaces dropped, a blank line after each group. */
export function renderPoetryEntryPoints(groups: Readonly<Record<string, readonly string[]>>): string | undefined {
  const names = Object.keys(groups).sort(byCodePoint);
  if (names.length === 0) return undefined;
  return names
    .map(
      (g) =>
        `[${g}]\n${[...groups[g]]
          .sort(byCodePoint)
          .map((e) => `${e.replace(/ /g, '')}\n`)
          .join('')}\n`,
    )
    .join('');
}

/**
 * `textwrap.indent(text, indent, lambda line: True).strip()`: every line indented (the first one's
 * indent then stripped), with Python's line boundaries (str.splitlines: also \v, \f, \x1c-\x1e,
 * \x85, U+2028/9, which license texts' page breaks use) and Python's whitespace (str.strip).
 */
function indentContinuation(text: string, indent: string): string {
  const lines: string[] = [];
  let start = 0;
  for (const m of text.matchAll(PY_LINE_BOUNDARY)) {
    lines.push(text.slice(start, m.index + m[0].length));
    start = m.index + m[0].length;
  }
  if (start < text.length) lines.push(text.slice(start));
  return lines
    .map((line) => indent + line)
    .join('')
    .replace(PY_STRIP, '');
}

const PY_LINE_BOUNDARY = /\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/g;
// str.isspace: \t-\r, \x1c-\x1f, space, \x85, no-break space, and the Unicode spaces and separators.
const PY_STRIP =
  /^[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+|[\t-\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/g;

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
