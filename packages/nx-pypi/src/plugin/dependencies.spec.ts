import type { CreateDependenciesContext, ProjectConfiguration } from '@nx/devkit';
import { createDependencies } from './dependencies';

const project = (root: string, normalizedName: string, requires: string[] = []): ProjectConfiguration => ({
  root,
  metadata: { pypi: { name: normalizedName, normalizedName, requires } },
});

const context = (projects: Record<string, ProjectConfiguration>) => ({ projects }) as unknown as CreateDependenciesContext;

describe('createDependencies', () => {
  it('draws a static edge from a requirement to the workspace project of that normalized name, sourced from pyproject.toml', async () => {
    const deps = await createDependencies(
      {},
      context({
        'token-cli': project('apps/token-cli', 'token-cli', ['token-lib', 'requests']),
        Token_Lib: project('libs/token-lib', 'token-lib'),
      }),
    );
    expect(deps).toEqual([{ source: 'token-cli', target: 'Token_Lib', type: 'static', sourceFile: 'apps/token-cli/pyproject.toml' }]);
  });

  it('ignores requirements on packages outside the workspace and on itself, and non-Python projects', async () => {
    const deps = await createDependencies(
      {},
      context({
        a: project('a', 'a', ['a', 'numpy']),
        web: { root: 'web' },
      }),
    );
    expect(deps).toEqual([]);
  });

  it('draws one edge when a project is required twice (dependency and extra)', async () => {
    const deps = await createDependencies({}, context({ b: project('b', 'b', ['a', 'a']), a: project('a', 'a') }));
    expect(deps).toHaveLength(1);
  });

  it('uses pyproject.toml at the workspace root for a root project', async () => {
    const deps = await createDependencies({}, context({ b: project('.', 'b', ['a']), a: project('libs/a', 'a') }));
    expect(deps[0]).toMatchObject({ sourceFile: 'pyproject.toml' });
  });
});
