export type BuildBackend = 'setuptools' | 'hatchling' | 'flit_core' | 'pdm-backend';

export interface PackageGeneratorSchema {
  name: string;
  directory?: string;
  modules?: string | string[];
  layout?: 'flat' | 'src';
  buildBackend?: BuildBackend;
  dependencies?: string | string[];
  description?: string;
  requiresPython?: string;
  author?: string;
  authorEmail?: string;
  skipFormat?: boolean;
}
