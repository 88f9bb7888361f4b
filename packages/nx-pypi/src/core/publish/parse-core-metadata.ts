/**
 * The one parser of core metadata (METADATA in a wheel, PKG-INFO in an sdist): RFC 822-style
 * headers, then an optional body that holds the description (Metadata-Version >= 2.1).
 * https://packaging.python.org/en/latest/specifications/core-metadata/
 */
import { AggregateNxPypiError } from '../../errors';
import { ArtifactMetadataError } from './errors';

/** One header as written, with the 1-based line it starts on. */
export interface CoreMetadataField {
  name: string;
  value: string;
  line: number;
}

export interface CoreMetadata {
  /** Headers in file order; a multiple-use field appears once per value. */
  fields: readonly CoreMetadataField[];
  /** The message body (the long description), absent when empty. */
  body?: string;
}

const REQUIRED = ['Metadata-Version', 'Name', 'Version'] as const;
// A header name is printable ASCII except ':' and space (RFC 5322 ftext).
const HEADER = /^([!-9;-~]+):[ \t]*(.*)$/;
// Continuation prefixes writers use: setuptools escapes newlines as "\n" + 8 spaces, older
// distutils as "\n" + 7 spaces + "|"; anything else is plain RFC 822 folding.
const ESCAPED_CONTINUATION = /^(?: {8}| {7}\||\t)/;

/**
 * Parses core metadata text. `source` names the file in errors (e.g.
 * `dist/a-1.0-py3-none-any.whl!a-1.0.dist-info/METADATA`). Collects every problem, then throws.
 */
export function parseCoreMetadata(text: string, source: string): CoreMetadata {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const fields: { name: string; parts: string[]; line: number }[] = [];
  const problems: ArtifactMetadataError[] = [];
  let index = 0;
  for (; index < lines.length; index++) {
    const line = lines[index];
    if (line === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) {
      const last = fields[fields.length - 1];
      if (!last) {
        problems.push(problem(`continuation line before any header`, source, index + 1));
        continue;
      }
      const escaped = ESCAPED_CONTINUATION.exec(line);
      last.parts.push(escaped ? line.slice(escaped[0].length) : line.trimStart());
      continue;
    }
    const match = HEADER.exec(line);
    if (!match) {
      problems.push(problem(`"${line.slice(0, 40)}" is not a "Name: value" header`, source, index + 1));
      continue;
    }
    fields.push({ name: match[1], parts: [match[2]], line: index + 1 });
  }
  const parsed = fields.map((f) => ({ name: f.name, value: f.parts.join('\n').trimEnd(), line: f.line }));
  for (const name of REQUIRED) {
    if (!parsed.some((f) => sameName(f.name, name) && f.value !== '')) {
      problems.push(problem(`the required field ${name} is missing`, source, undefined));
    }
  }
  if (problems.length === 1) throw problems[0];
  if (problems.length > 1) throw new AggregateNxPypiError(`${source} is not valid core metadata`, problems, 'METADATA_INVALID');
  const body = lines.slice(index + 1).join('\n');
  return body.trim() === '' ? { fields: parsed } : { fields: parsed, body };
}

/** The first value of a field (names are case-insensitive), or undefined. */
export function getMetadataField(metadata: CoreMetadata, name: string): string | undefined {
  return metadata.fields.find((f) => sameName(f.name, name))?.value;
}

/** Every value of a multiple-use field, in file order. */
export function getMetadataFields(metadata: CoreMetadata, name: string): string[] {
  return metadata.fields.filter((f) => sameName(f.name, name)).map((f) => f.value);
}

function sameName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

function problem(message: string, file: string, line: number | undefined): ArtifactMetadataError {
  return new ArtifactMetadataError(message, {
    code: 'METADATA_INVALID',
    location: { file, line },
    hint: 'rebuild the artifact; its METADATA/PKG-INFO must follow the core metadata specification',
  });
}
