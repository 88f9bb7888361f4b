/** `[project]` authors / maintainers (name and/or email) and urls (label -> URL, file order). */
import { redactUrlCredentials } from '../pep508/errors';
import type { Checker } from './checker';
import type { KeyPath } from './key-path';
import type { Person } from './model';

// Plausible, not RFC 5322: one "@", no spaces or header-breaking characters, a dot in the domain.
const EMAIL_RE = /^[^\s@<>,;:"()[\]]+@[^\s@<>,;:"()[\]]+\.[^\s@<>,;:"()[\]]+$/;
const URL_RE = /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]+$/;
/** Core metadata limits Project-URL labels to 32 characters. */
const MAX_URL_LABEL = 32;

export function checkPeople(c: Checker, value: unknown, path: KeyPath): Person[] | undefined {
  const hint = 'write people as tables, e.g. authors = [{ name = "Ada Lovelace", email = "ada@example.com" }]';
  const items = c.array(path, value, hint);
  if (!items) return undefined;
  const people: Person[] = [];
  items.forEach((item, i) => {
    const at = [...path, i];
    const table = c.table(at, item, hint);
    if (!table) return;
    c.unknownKeys(at, table, ['name', 'email'], 'a person has only name and email');
    const person: Person = {};
    if (table.name !== undefined) {
      const name = c.string([...at, 'name'], table.name);
      // Core metadata writes "name <email>" lists separated by commas.
      if (name !== undefined && name.includes(',')) {
        c.report([...at, 'name'], 'PYPROJECT_INVALID_PERSON', `name "${name}" contains a comma`, 'list each person as a separate table');
      } else if (name !== undefined) person.name = name;
    }
    if (table.email !== undefined) {
      const email = c.string([...at, 'email'], table.email);
      if (email !== undefined && !EMAIL_RE.test(email)) {
        c.report(
          [...at, 'email'],
          'PYPROJECT_INVALID_EMAIL',
          `"${email}" is not a valid email address`,
          'use an address such as "ada@example.com", or leave email out',
        );
      } else if (email !== undefined) person.email = email;
    }
    if (table.name === undefined && table.email === undefined) {
      c.report(at, 'PYPROJECT_INVALID_PERSON', 'a person needs a name or an email', hint);
    }
    people.push(person);
  });
  return people;
}

/** Entries in the order smol-toml returns them; the caller restores file order for integer-like labels. */
export function checkUrls(c: Checker, value: unknown, path: KeyPath): Array<[string, string]> | undefined {
  const table = c.table(path, value, 'write urls as a table, e.g. [project.urls] Homepage = "https://example.com"');
  if (!table) return undefined;
  const urls: Array<[string, string]> = [];
  for (const [label, raw] of Object.entries(table)) {
    const at = [...path, label];
    if (label.length > MAX_URL_LABEL) {
      c.report(
        at,
        'PYPROJECT_INVALID_URL',
        `the label "${label}" is longer than ${MAX_URL_LABEL} characters`,
        'shorten the label (core metadata Project-URL limit)',
        'key',
      );
    }
    const url = c.string(at, raw);
    if (url === undefined) continue;
    if (!URL_RE.test(url)) {
      c.report(at, 'PYPROJECT_INVALID_URL', `"${redactUrlCredentials(url)}" is not an absolute URL`, 'use a full URL such as "https://github.com/org/repo"');
      continue;
    }
    urls.push([label, url]);
  }
  return urls;
}
