/**
 * METADATA / PKG-INFO and entry_points.txt as uv_build 0.9.26 to 0.10.x writes them, which differs
 * from the other backends in more than the version number:
 *
 * - crates/uv-build-backend/src/metadata.rs `to_metadata`: Metadata-Version 2.3, or 2.4 when
 *   `license-files` is set or `license` is an SPDX string; the same text in the sdist's PKG-INFO.
 *   `Author` lists every author with a name (also those with an email), `Author-email` writes
 *   `name <email>` unquoted. Requires-Dist lists the dependencies, then each extra's in extra-name
 *   order (a BTreeMap), with `; extra == '<extra>'` appended. Provides-Extra is sorted too.
 * - crates/uv-pypi-types/src/metadata/metadata23.rs `core_metadata_format`: field order Summary,
 *   Keywords, Author, Author-email, License, License-Expression, License-File, Classifier,
 *   Requires-Dist, Maintainer, Maintainer-email, Requires-Python, Project-URL, Provides-Extra,
 *   Description-Content-Type; a multi-line value continues on lines indented by the key's length
 *   plus two (Rust `str::lines`, so a trailing newline is dropped); an empty value is `Key: `; the
 *   README follows one blank line, unchanged (no newline added).
 * - crates/uv-pep508/src/lib.rs (Requirement's Display): the normalized name, normalized extras,
 *   specifiers sorted by version (`VersionSpecifiers::from_unsorted`) and joined with `,`, then
 *   ` ; <marker>`. Requires-Python joins its sorted specifiers with `, `.
 * - entry_points.txt (`to_entry_points`): scripts, gui-scripts and each entry-point group are
 *   BTreeMaps, so groups and names come out sorted, every group followed by a blank line.
 *
 * uv rewrites environment markers into its own normal form (`python_version < '3.11'` becomes
 * `python_full_version < '3.11'`), and URLs through its URL parser: `uvRequirementProblem` says
 * when a requirement needs either, so the selector hands such projects to uv_build itself.
 */
import { normalizeName } from '../names';
import { compareParsedVersions, parseSpecifierSet, renderVersion, type SpecifierClause } from '../pep440';
import type { Person, PyProject, Requirement } from '../pyproject/model';

export interface UvMetadataInput {
  project: PyProject;
  /** Normalized PEP 440 version. */
  version: string;
  /** The README text (decoded), when `[project].readme` names a file. */
  readmeText?: string;
  /** The text of `license = { file = ... }`. */
  licenseText?: string;
  /** The `license-files` matches, sorted: uv_build's License-File fields. */
  licenseFiles: readonly string[];
}

/** Why uv_build would write this requirement in a form not reproduced here; undefined when it is. */
export function uvRequirementProblem(req: Requirement): string | undefined {
  if (req.marker !== undefined) return `"${req.raw.trim()}" has an environment marker, which uv_build rewrites into its own normal form`;
  if (req.url !== undefined) return `"${req.raw.trim()}" is a direct URL reference, which uv_build rewrites through its URL parser`;
  return uvSpecifierProblem(req.specifier);
}

/** Why uv_build would write this specifier set differently; undefined when it is reproduced. */
export function uvSpecifierProblem(specifier: string): string | undefined {
  const parsed = parseSpecifierSet(specifier);
  if (!parsed.ok) return `"${specifier}" is not a specifier set uv_build reads`;
  const arbitrary = parsed.clauses.find((c) => c.operator === '===' || c.parsed === undefined);
  return arbitrary ? `"${specifier}" uses "===", which uv_build parses as a version` : undefined;
}

export function renderUvCoreMetadata(input: UvMetadataInput): string {
  const { project } = input;
  let out = '';
  const add = (key: string, value: string | undefined) => {
    if (value !== undefined) out += field(key, value);
  };
  const pep639 = project.licenseFiles !== undefined || project.license?.kind === 'expression';
  add('Metadata-Version', pep639 ? '2.4' : '2.3');
  add('Name', project.name);
  add('Version', input.version);
  add('Summary', project.description);
  if (project.keywords.length > 0) add('Keywords', project.keywords.join(','));
  const authors = renderContacts(project.authors);
  add('Author', authors.names);
  add('Author-email', authors.emails);
  if (project.license?.kind === 'text') add('License', project.license.text);
  if (project.license?.kind === 'file') add('License', input.licenseText ?? '');
  if (project.license?.kind === 'expression') add('License-Expression', project.license.expression);
  for (const file of input.licenseFiles) add('License-File', file);
  for (const classifier of project.classifiers) add('Classifier', classifier);
  for (const req of project.dependencies) add('Requires-Dist', renderUvRequirement(req));
  const extras = Object.entries(project.optionalDependencies)
    .map(([extra, reqs]) => [normalizeName(extra), reqs] as const)
    .sort(([a], [b]) => compareCodePoints(a, b));
  for (const [extra, reqs] of extras) for (const req of reqs) add('Requires-Dist', renderUvRequirement(req, extra));
  const maintainers = renderContacts(project.maintainers);
  add('Maintainer', maintainers.names);
  add('Maintainer-email', maintainers.emails);
  if (project.requiresPython !== undefined) add('Requires-Python', renderUvSpecifiers(project.requiresPython, ', '));
  for (const [label, url] of project.urls) add('Project-URL', `${label}, ${url}`);
  for (const [extra] of extras) add('Provides-Extra', extra);
  if (project.readme) add('Description-Content-Type', project.readme.contentType);
  const body = project.readme?.text ?? input.readmeText;
  return body === undefined ? out : `${out}\n${body}`;
}

/** `name[extras]specifiers` plus `; extra == '<extra>'` for an optional dependency (no marker, no URL: see uvRequirementProblem). */
export function renderUvRequirement(req: Requirement, extra?: string): string {
  if (req.marker !== undefined || req.url !== undefined) throw new Error(`internal: uvRequirementProblem refuses "${req.raw}"`);
  let text = normalizeName(req.name);
  if (req.extras.length > 0) text += `[${req.extras.map(normalizeName).join(',')}]`;
  text += renderUvSpecifiers(req.specifier, ',');
  return extra === undefined ? text : `${text} ; extra == '${extra}'`;
}

/** A specifier set as uv's VersionSpecifiers holds it: sorted by version (stably), versions normalized. */
export function renderUvSpecifiers(specifier: string, separator: string): string {
  const parsed = parseSpecifierSet(specifier);
  if (!parsed.ok || uvSpecifierProblem(specifier) !== undefined) throw new Error(`internal: uvSpecifierProblem refuses "${specifier}"`);
  return [...parsed.clauses]
    .sort((a, b) => compareParsedVersions(a.parsed!, b.parsed!))
    .map(renderClause)
    .join(separator);
}

function renderClause(c: SpecifierClause): string {
  return `${c.operator}${renderVersion(c.parsed!)}${c.wildcard ? '.*' : ''}`;
}

/** entry_points.txt, or undefined when the project declares no entry points. */
export function renderUvEntryPoints(project: PyProject): string | undefined {
  const groups: Array<[string, Record<string, string>]> = [
    ['console_scripts', project.scripts],
    ['gui_scripts', project.guiScripts],
    ...Object.entries(project.entryPoints).sort(([a], [b]) => compareCodePoints(a, b)),
  ];
  const text = groups
    .filter(([, entries]) => Object.keys(entries).length > 0)
    .map(([group, entries]) => {
      const lines = Object.entries(entries)
        .sort(([a], [b]) => compareCodePoints(a, b))
        .map(([name, ref]) => `${name} = ${ref}\n`);
      return `[${group}]\n${lines.join('')}\n`;
    })
    .join('');
  return text === '' ? undefined : text;
}

/** `Key: value`, further lines indented by the key's length plus two, as metadata23.rs `write_str`. */
function field(key: string, value: string): string {
  const [first = '', ...rest] = rustLines(value);
  const indent = ' '.repeat(key.length + 2);
  return `${key}: ${first}\n${rest.map((line) => `${indent}${line}\n`).join('')}`;
}

/** Rust's `str::lines`: split at `\n`, drop one `\r` before it, no empty last line for a trailing newline. */
function rustLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines.map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

function renderContacts(people: readonly Person[]): { names?: string; emails?: string } {
  const names = people.filter((p) => p.name !== undefined).map((p) => p.name as string);
  const emails = people.filter((p) => p.email !== undefined).map((p) => (p.name === undefined ? (p.email as string) : `${p.name} <${p.email}>`));
  return { names: names.length > 0 ? names.join(', ') : undefined, emails: emails.length > 0 ? emails.join(', ') : undefined };
}

/** Rust's `String` order: UTF-8 bytes, which is code point order (JS `<` compares UTF-16 units). */
export function compareCodePoints(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = (x[i].codePointAt(0) as number) - (y[i].codePointAt(0) as number);
    if (d !== 0) return d;
  }
  return x.length - y.length;
}
