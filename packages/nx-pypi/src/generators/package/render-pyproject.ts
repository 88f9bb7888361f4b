import type { BuildBackend } from './schema';

export interface PyProjectSpec {
  name: string;
  version: string;
  description: string;
  readme: string;
  requiresPython: string;
  authors: Array<{ name?: string; email?: string }>;
  dependencies: string[];
  buildBackend: BuildBackend;
  layout: 'flat' | 'src';
  importName: string;
}

const BUILD_SYSTEMS: Record<BuildBackend, { requires: string[]; backend: string }> = {
  setuptools: { requires: ['setuptools>=61.0'], backend: 'setuptools.build_meta' },
  hatchling: { requires: ['hatchling'], backend: 'hatchling.build' },
  flit_core: { requires: ['flit_core>=3.4,<4'], backend: 'flit_core.buildapi' },
  'pdm-backend': { requires: ['pdm-backend'], backend: 'pdm.backend' },
};

/** TOML basic strings accept JSON's escapes, so JSON.stringify yields a valid TOML string. */
const str = (s: string) => JSON.stringify(s);

/** Renders the pyproject.toml of a new package; the generator tests parse it with the model. */
export function renderPyProjectToml(spec: PyProjectSpec): string {
  const bs = BUILD_SYSTEMS[spec.buildBackend];
  const lines = [
    '[build-system]',
    `requires = [${bs.requires.map(str).join(', ')}]`,
    `build-backend = ${str(bs.backend)}`,
    '',
    '[project]',
    `name = ${str(spec.name)}`,
    `version = ${str(spec.version)}`,
    `description = ${str(spec.description)}`,
    `readme = ${str(spec.readme)}`,
    `requires-python = ${str(spec.requiresPython)}`,
  ];
  if (spec.authors.length) {
    const people = spec.authors.map((a) => {
      const fields = [a.name !== undefined ? `name = ${str(a.name)}` : '', a.email !== undefined ? `email = ${str(a.email)}` : ''];
      return `  { ${fields.filter(Boolean).join(', ')} },`;
    });
    lines.push('authors = [', ...people, ']');
  }
  lines.push(spec.dependencies.length ? `dependencies = [\n${spec.dependencies.map((d) => `  ${str(d)},`).join('\n')}\n]` : 'dependencies = []');
  lines.push(...backendLayoutConfig(spec));
  return `${lines.join('\n')}\n`;
}

/** Only the src layout needs telling for backends whose discovery does not look under src/. */
function backendLayoutConfig(spec: PyProjectSpec): string[] {
  if (spec.layout !== 'src') return [];
  switch (spec.buildBackend) {
    case 'hatchling':
      return ['', '[tool.hatch.build.targets.wheel]', `packages = [${str(`src/${spec.importName}`)}]`];
    case 'setuptools':
      return ['', '[tool.setuptools.packages.find]', 'where = ["src"]'];
    default:
      // flit_core and pdm-backend find src/<module> on their own.
      return [];
  }
}
