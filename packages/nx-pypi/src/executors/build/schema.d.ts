/** Options of the `build` executor (schema.json). */
export interface BuildExecutorSchema {
  /** `auto` (default): native when the project's backend configuration is covered, else the PEP 517 frontend. */
  builder?: 'auto' | 'native' | 'pep517';
  /** Interpreter for the PEP 517 frontend (`<python> -m build`). Default `python3`. */
  python?: string;
  /** Where artifacts go; `{projectRoot}` and `{workspaceRoot}` are replaced. Default `{projectRoot}/dist`. */
  outputPath?: string;
  /** PEP 517 frontend only: build in an isolated environment (default true); false adds `--no-isolation`. */
  isolated?: boolean;
}
