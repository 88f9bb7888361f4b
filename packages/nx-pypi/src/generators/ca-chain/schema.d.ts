export interface CaChainGeneratorSchema {
  /** PEM files of the intermediate(s) and root, any order; a comma-separated string is accepted too. */
  certs: string[] | string;
  /** Workspace-relative output file; default tools/certs/<repository>-ca-chain.pem. */
  output?: string;
  /** Repository name in nx-pypi.json; default defaultRepository / the only one / "nexus". */
  repository?: string;
  /** Add `repository` to nx-pypi.json when others are defined and it is not among them (otherwise refused as a likely typo). */
  addRepository?: boolean;
}
