export interface PipConfigGeneratorSchema {
  /** Repository name in nx-pypi.json; default defaultRepository / the only one. */
  repository?: string;
  /** Write the per-user pip config instead of a workspace file. */
  user?: boolean;
  /** Workspace-relative pip.conf path (default pip.conf); not allowed with `user`. */
  output?: string;
}
