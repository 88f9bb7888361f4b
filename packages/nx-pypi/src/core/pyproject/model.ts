/**
 * The validated Python project model: what `[project]` and `[build-system]` of a pyproject.toml
 * say, after PEP 621 / PEP 508 / PEP 440 validation. Pure data; produced by `parsePyProject`.
 */

/** A PEP 508 requirement, parsed. */
export interface Requirement {
  /** The distribution name as written. */
  name: string;
  /** PEP 503-normalized name. */
  normalizedName: string;
  /** Extras, as written, in order. */
  extras: string[];
  /** The version specifier set as written without spaces, e.g. `>=1.0,<2`; '' when none. */
  specifier: string;
  /** Direct reference (`name @ url`), if any. */
  url?: string;
  /** The environment marker text (after `;`), trimmed, if any. */
  marker?: string;
  /** The requirement string exactly as written in the file. */
  raw: string;
}

export interface Person {
  name?: string;
  email?: string;
}

/** The long description. `file` is relative to the project root; `text` is inline. */
export interface Readme {
  file?: string;
  text?: string;
  /** `text/markdown`, `text/x-rst` or `text/plain` (from the extension or the table). */
  contentType: string;
  /** Optional charset from the readme table, default UTF-8. */
  charset?: string;
}

/** PEP 639 expression, or the older table form (file or text). */
export type License = { kind: 'expression'; expression: string } | { kind: 'file'; file: string } | { kind: 'text'; text: string };

export interface BuildSystem {
  requires: string[];
  buildBackend?: string;
  backendPath?: string[];
}

export interface PyProject {
  /** The pyproject.toml path used in messages (as given to the parser). */
  filePath: string;
  /** `[project].name` as written. */
  name: string;
  /** PEP 503-normalized name (`Token_Lib` -> `token-lib`). */
  normalizedName: string;
  /** Normalized PEP 440 version; undefined only when `version` is listed in `dynamic`. */
  version?: string;
  /** The version exactly as written in the file (for text-preserving edits); undefined when dynamic. */
  rawVersion?: string;
  description?: string;
  readme?: Readme;
  requiresPython?: string;
  license?: License;
  /** PEP 639 `license-files` globs, as written. */
  licenseFiles?: string[];
  authors: Person[];
  maintainers: Person[];
  keywords: string[];
  classifiers: string[];
  /** `[project.urls]` in file order. */
  urls: Array<[label: string, url: string]>;
  scripts: Record<string, string>;
  guiScripts: Record<string, string>;
  /** `[project.entry-points.<group>]`, group -> name -> object reference. */
  entryPoints: Record<string, Record<string, string>>;
  dependencies: Requirement[];
  /** extra (as written) -> requirements. */
  optionalDependencies: Record<string, Requirement[]>;
  /** `[project].dynamic`, as written. */
  dynamic: string[];
  buildSystem?: BuildSystem;
  /** The raw `[tool]` table, for backend-specific configuration (setuptools, hatch, flit, pdm). */
  tool: Record<string, unknown>;
}

/** The list and table fields of a project that declares none of them (fresh objects each call). */
export function emptyProjectFields(): Pick<
  PyProject,
  | 'authors'
  | 'maintainers'
  | 'keywords'
  | 'classifiers'
  | 'urls'
  | 'scripts'
  | 'guiScripts'
  | 'entryPoints'
  | 'dependencies'
  | 'optionalDependencies'
  | 'dynamic'
> {
  return {
    authors: [],
    maintainers: [],
    keywords: [],
    classifiers: [],
    urls: [],
    scripts: {},
    guiScripts: {},
    entryPoints: {},
    dependencies: [],
    optionalDependencies: {},
    dynamic: [],
  };
}
