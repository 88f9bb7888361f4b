export interface InstallExecutorSchema {
  /** Virtual environment folder, workspace-relative or absolute. Default `.venv`. */
  venv?: string;
  /** Interpreter that creates the venv. Default `python3`. */
  python?: string;
  /** Repository name in nx-pypi.json (index, CA chain, credentials). */
  repository?: string;
  /** Install workspace dependencies editable too. Default true. */
  withDependencies?: boolean;
  /** Optional-dependency groups of this project to install. */
  extras?: string[];
}
