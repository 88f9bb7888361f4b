/** Options of the `build` executor (schema.json). */
export interface BuildExecutorSchema {
  /** `auto` (default): native when the project's backend configuration is covered, else the PEP 517 frontend. */
  builder?: 'auto' | 'native' | 'pep517';
  /** Interpreter that runs nx-pypi's PEP 517 frontend (and creates its isolated venv). Default `python3`. */
  python?: string;
  /** Where artifacts go; `{projectRoot}` and `{workspaceRoot}` are replaced. Default `{projectRoot}/dist`. */
  outputPath?: string;
  /** PEP 517 frontend only: build in a fresh venv that pip fills with `build-system.requires` (default true); false uses the backend installed for `python`. */
  isolated?: boolean;
  /** PEP 517 frontend with `isolated: false` only: do not check that the build requirements are installed (default false). */
  skipDependencyCheck?: boolean;
}
