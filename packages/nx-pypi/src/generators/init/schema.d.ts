export interface InitGeneratorSchema {
  /** Also write nx.json's `release` section for the Python projects. */
  release?: boolean;
  skipFormat?: boolean;
}
