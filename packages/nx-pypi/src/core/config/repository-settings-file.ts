/**
 * `nx-pypi.json` at the workspace root: the committed repository settings (`defaultRepository`,
 * `repositories`). They used to live in nx.json's plugin options, but Nx hashes
 * `{workspaceRoot}/nx.json` into every task, so rotating a URL or a CA bundle there invalidated
 * every cached build although no build reads them. No build has this file among its inputs.
 * Pure: the text is an input. The blocks themselves are checked where they are used
 * (validate-repository.ts), with their key paths in this file.
 */
import { AggregateNxPypiError, type NxPypiError, type SourceLocation } from '../../errors';
import { closestName } from '../closest-name';
import { parseJsonText } from '../json-text';
import { RepositoryConfigError } from './errors';
import type { RepositorySettings } from './nx-pypi-options';

/** Workspace-relative. */
export const REPOSITORY_SETTINGS_FILE = 'nx-pypi.json';
export const REPOSITORY_SETTINGS_KEYS = ['defaultRepository', 'repositories'] as const;
/** Key paths in the file start at its top level. */
export const REPOSITORY_SETTINGS_LOCATION: SourceLocation = { file: REPOSITORY_SETTINGS_FILE };

/**
 * The settings as written, key order kept (a generator writes them back). Refuses what would
 * otherwise be ignored: a JSON syntax error (at line:col), a top level that is no object, an
 * unknown key (a typo such as "repository" must not leave the workspace unconfigured), and
 * values of the wrong shape.
 */
export function parseRepositorySettingsFile(text: string): RepositorySettings {
  const file = REPOSITORY_SETTINGS_FILE;
  const raw = parseJsonText(text, file);
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw new RepositoryConfigError('the file must hold one JSON object', {
      code: 'REPOSITORY_SETTINGS_INVALID',
      location: { file },
      hint: 'Write { "defaultRepository": "nexus", "repositories": { "nexus": { "uploadUrl": "…", "indexUrl": "…" } } }.',
    });
  }
  const settings = raw as Record<string, unknown>;
  const problems: NxPypiError[] = [];
  const known = REPOSITORY_SETTINGS_KEYS as readonly string[];
  for (const key of Object.keys(settings)) {
    if (known.includes(key)) continue;
    problems.push(
      new RepositoryConfigError(`unknown key "${key}"`, {
        code: 'REPOSITORY_SETTINGS_UNKNOWN_KEY',
        location: { file, keyPath: key },
        hint: `${file} holds only ${known.map((k) => `"${k}"`).join(' and ')}${suggest(key, known)}. Plugin options such as buildTargetName stay in nx.json.`,
      }),
    );
  }
  const defaultRepository = settings.defaultRepository;
  if (defaultRepository !== undefined && (typeof defaultRepository !== 'string' || defaultRepository === '')) {
    problems.push(
      new RepositoryConfigError('expected the name of a repository', {
        code: 'REPOSITORY_BAD_TYPE',
        location: { file, keyPath: 'defaultRepository' },
        hint: 'Write a name defined under "repositories", e.g. "defaultRepository": "nexus".',
      }),
    );
  }
  const repositories = settings.repositories;
  if (repositories !== undefined) {
    if (!isObject(repositories)) {
      problems.push(
        new RepositoryConfigError('expected an object of repositories by name', {
          code: 'REPOSITORY_BAD_TYPE',
          location: { file, keyPath: 'repositories' },
          hint: 'Write "repositories": { "nexus": { "uploadUrl": "…", "indexUrl": "…" } }.',
        }),
      );
    } else {
      for (const [name, block] of Object.entries(repositories)) {
        if (isObject(block)) continue;
        problems.push(
          new RepositoryConfigError('expected an object of repository settings', {
            code: 'REPOSITORY_BAD_TYPE',
            location: { file, keyPath: `repositories.${name}` },
            hint: `Write "${name}": { "uploadUrl": "…", "indexUrl": "…", "caBundle": "…", "usernameEnv": "…", "passwordEnv": "…" }.`,
          }),
        );
      }
    }
  }
  if (problems.length > 0) throw new AggregateNxPypiError(`${file} cannot be used`, problems, 'REPOSITORY_SETTINGS_INVALID');
  return settings as RepositorySettings;
}

/** The file's text for a generator: two-space JSON as Nx writes its own files, ending with a newline. */
export function renderRepositorySettingsFile(settings: RepositorySettings): string {
  return `${JSON.stringify(settings, null, 2)}\n`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** ` (did you mean "repositories"?)`: both keys are long and unlike each other, so three edits still point at one. */
function suggest(key: string, known: readonly string[]): string {
  const close = closestName(key, known, 3);
  return close ? ` (did you mean "${close}"?)` : '';
}
