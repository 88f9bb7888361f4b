import type { Person, PyProject, Requirement } from '../pyproject/model';
import { normalizeName } from '../names';
import { DistBuildError } from './errors';

/** What the core metadata needs beyond the model: texts the builder read from files. */
export interface CoreMetadataInput {
  project: PyProject;
  /** Normalized PEP 440 version. */
  version: string;
  /** The README text (already decoded), when `[project].readme` names one. */
  readmeText?: string;
  /** The text of `license = { file = ... }`, pasted into `License:` as setuptools and hatchling do. */
  licenseText?: string;
  /** Project-relative license file paths shipped under `.dist-info/licenses/` (PEP 639). */
  licenseFiles: readonly string[];
  /** Which file this is: a wheel's METADATA or an sdist's PKG-INFO (which needs 2.2 or later). */
  artifact: 'wheel' | 'sdist';
}

/**
 * The lowest Metadata-Version able to express the fields used, so that older twine/pkginfo and
 * Nexus accept the file: 2.1 (PEP 566) normally, 2.4 (PEP 639) only when the project opts into
 * PEP 639 with a license expression or a `license-files` key. An sdist's PKG-INFO is at least 2.2,
 * as the sdist format requires (PEP 643: its fields are then promised to match every wheel built
 * from it, which holds, since the native builder only builds fully static metadata and so never
 * writes `Dynamic`). pkginfo 1.8 (Debian's twine 4) reads 2.2.
 * https://packaging.python.org/en/latest/specifications/source-distribution-format/
 */
export function computeMetadataVersion(project: PyProject, artifact: 'wheel' | 'sdist'): '2.1' | '2.2' | '2.4' {
  if (usesPep639(project)) return '2.4';
  return artifact === 'sdist' ? '2.2' : '2.1';
}

function usesPep639(project: PyProject): boolean {
  return project.license?.kind === 'expression' || project.licenseFiles !== undefined;
}

/**
 * Renders METADATA (wheel) / PKG-INFO (sdist) per the core metadata spec
 * (https://packaging.python.org/en/latest/specifications/core-metadata/), fields in spec order,
 * README as the message body.
 */
export function renderCoreMetadata(input: CoreMetadataInput): string {
  const { project } = input;
  const lines: string[] = [];
  const add = (name: string, value: string | undefined) => {
    if (value === undefined || value === '') return;
    // RFC 822 folding as setuptools writes multi-line values: continuation lines indented 8 spaces.
    lines.push(`${name}: ${value.replace(/\r\n?/g, '\n').replace(/\n/g, '\n        ')}`);
  };
  const metadataVersion = computeMetadataVersion(project, input.artifact);
  add('Metadata-Version', metadataVersion);
  add('Name', project.name);
  add('Version', input.version);
  if (project.description !== undefined && /[\r\n]/.test(project.description)) {
    throw new DistBuildError('[project].description must be one line: it becomes the Summary field.', {
      code: 'DIST_SUMMARY_MULTILINE',
      location: { file: project.filePath, keyPath: 'project.description' },
      hint: 'Move the longer text into the README.',
    });
  }
  add('Summary', project.description);
  if (project.keywords.length > 0) add('Keywords', project.keywords.join(','));
  const authors = renderPeople(project.authors);
  add('Author', authors.names);
  add('Author-email', authors.emails);
  const maintainers = renderPeople(project.maintainers);
  add('Maintainer', maintainers.names);
  add('Maintainer-email', maintainers.emails);
  if (project.license?.kind === 'expression') add('License-Expression', project.license.expression);
  if (project.license?.kind === 'text') add('License', project.license.text);
  if (project.license?.kind === 'file') add('License', input.licenseText);
  if (metadataVersion === '2.4') for (const file of input.licenseFiles) add('License-File', file);
  for (const classifier of project.classifiers) add('Classifier', classifier);
  for (const [label, url] of project.urls) add('Project-URL', `${label}, ${url}`);
  add('Requires-Python', project.requiresPython);
  for (const req of project.dependencies) add('Requires-Dist', renderRequirement(req));
  for (const [extra, reqs] of Object.entries(project.optionalDependencies)) {
    const name = normalizeName(extra);
    add('Provides-Extra', name);
    for (const req of reqs) add('Requires-Dist', renderRequirement(req, name));
  }
  // The body is always written as UTF-8 (the builder decodes the README from its declared charset),
  // so no charset parameter is needed: UTF-8 is the spec's default.
  if (project.readme) add('Description-Content-Type', project.readme.contentType);
  const head = lines.join('\n') + '\n';
  const body = project.readme?.text ?? input.readmeText;
  if (body === undefined) return head;
  return `${head}\n${body.endsWith('\n') ? body : `${body}\n`}`;
}

/**
 * A PEP 508 requirement as Requires-Dist writes it; for an optional dependency the extra is added
 * to the marker (`(<marker>) and extra == "<extra>"`), as every backend does.
 */
export function renderRequirement(req: Requirement, extra?: string): string {
  let text = req.name;
  if (req.extras.length > 0) text += `[${req.extras.join(',')}]`;
  // A space before `;` after a URL is required: otherwise the `;` would be read as part of the URL.
  if (req.url !== undefined) text += ` @ ${req.url}${req.marker || extra ? ' ' : ''}`;
  else text += req.specifier;
  const markers: string[] = [];
  if (req.marker) markers.push(extra ? `(${req.marker})` : req.marker);
  if (extra) markers.push(`extra == "${extra}"`);
  if (markers.length > 0) text += `; ${markers.join(' and ')}`;
  return text;
}

/**
 * Author/Maintainer per the PEP 621 mapping: a person with only a name goes to `Author`; anyone
 * with an email goes to `Author-email` as an RFC 5322 address (`Name <email>`), several joined by
 * `, `. A display name with RFC 5322 specials is quoted, as Python's email.headerregistry does.
 */
export function renderPeople(people: readonly Person[]): { names?: string; emails?: string } {
  const names = people.filter((p) => p.name !== undefined && p.email === undefined).map((p) => p.name as string);
  const emails = people
    .filter((p) => p.email !== undefined)
    .map((p) => (p.name === undefined ? (p.email as string) : `${quoteDisplayName(p.name)} <${p.email}>`));
  return {
    names: names.length > 0 ? names.join(', ') : undefined,
    emails: emails.length > 0 ? emails.join(', ') : undefined,
  };
}

function quoteDisplayName(name: string): string {
  if (!/[()<>[\]:;@\\,."]/.test(name)) return name;
  return `"${name.replace(/(["\\])/g, '\\$1')}"`;
}
