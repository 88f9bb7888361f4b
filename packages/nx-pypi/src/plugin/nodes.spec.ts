import type { CreateNodesContext } from '@nx/devkit';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNodes, createProjectNode } from './nodes';
import { normalizePluginOptions } from '../core/config/nx-pypi-options';

const pyproject = (name: string, deps: string[] = [], extra = '') =>
  `[project]\nname = "${name}"\nversion = "0.1.0"\ndependencies = [${deps.map((d) => JSON.stringify(d)).join(', ')}]\n${extra}`;

describe('createProjectNode', () => {
  const options = normalizePluginOptions({});

  it('names the project by [project].name as written, rooted at its folder', () => {
    const result = createProjectNode('libs/token-lib/pyproject.toml', pyproject('Token_Lib'), options);
    const node = result.projects?.['libs/token-lib'];
    expect(node).toMatchObject({ name: 'Token_Lib', root: 'libs/token-lib', projectType: 'library' });
    expect(node?.metadata?.pypi).toEqual({ name: 'Token_Lib', normalizedName: 'token-lib', requires: [] });
  });

  it('infers a cacheable build target with dist/ as output and tool output excluded from inputs', () => {
    const node = createProjectNode('a/pyproject.toml', pyproject('a'), options).projects?.['a'];
    const build = node?.targets?.build;
    expect(build).toMatchObject({ executor: 'nx-pypi:build', cache: true, options: { outputPath: 'a/dist' }, outputs: ['{options.outputPath}'] });
    expect(build?.inputs).toEqual(expect.arrayContaining(['{projectRoot}/**/*', '!{projectRoot}/dist/**/*', '!{projectRoot}/.venv/**/*', { env: 'SOURCE_DATE_EPOCH' }]));
    expect(build?.metadata?.description).toBeTruthy();
  });

  it('uses the configured target names, and publish depends on the renamed build', () => {
    const node = createProjectNode('a/pyproject.toml', pyproject('a'), normalizePluginOptions({ buildTargetName: 'py-build', publishTargetName: 'py-publish' })).projects?.['a'];
    expect(Object.keys(node?.targets ?? {})).toEqual(['py-build', 'py-publish', 'nx-release-publish', 'install', 'doctor']);
    expect(node?.targets?.['py-publish']?.dependsOn).toEqual(['py-build', { target: 'py-publish', dependencies: true, params: 'forward' }]);
  });

  it('infers publish and nx-release-publish: uncached, after build and after the dependencies publish with the same flags', () => {
    const targets = createProjectNode('a/pyproject.toml', pyproject('a'), options).projects?.['a']?.targets;
    const after = (target: string) => ['build', { target, dependencies: true, params: 'forward' }];
    expect(targets?.publish).toMatchObject({ executor: 'nx-pypi:publish', cache: false, dependsOn: after('publish') });
    expect(targets?.['nx-release-publish']).toMatchObject({ executor: 'nx-pypi:publish', cache: false, dependsOn: after('nx-release-publish') });
  });

  it('records normalized requirement names from dependencies and optional-dependencies', () => {
    const text = pyproject('b', ['Token_Lib>=0.1', 'requests[socks]; python_version>"3.8"'], '\n[project.optional-dependencies]\ncli = ["token.cli==1.0"]\n');
    const node = createProjectNode('b/pyproject.toml', text, options).projects?.['b'];
    expect(node?.metadata?.pypi.requires).toEqual(['token-lib', 'requests', 'token-cli']);
  });

  it('treats a pyproject.toml without [project] (tool settings only) as no project', () => {
    expect(createProjectNode('pyproject.toml', '[tool.ruff]\nline-length = 100\n', options)).toEqual({});
  });

  it('fails on a broken pyproject.toml with the file, line:col and key in the message', () => {
    expect(() => createProjectNode('libs/x/pyproject.toml', '[project]\nname = "x"\nversion = "1.0-foo"\n', options)).toThrow(
      /libs\/x\/pyproject\.toml:3:\d+ \[project\.version\]/,
    );
  });

  it('reports a TOML syntax error with its position', () => {
    expect(() => createProjectNode('y/pyproject.toml', '[project]\nname = "y\n', options)).toThrow(/y\/pyproject\.toml:2:\d+/);
  });
});

describe('createNodes', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-nodes-'));
    for (const [dir, text] of [
      ['libs/a', pyproject('a')],
      ['node_modules/pkg', pyproject('vendored')],
      ['libs/a/.venv/lib/site', pyproject('venv-thing')],
      ['legacy/old', pyproject('old')],
    ] as const) {
      mkdirSync(join(root, dir), { recursive: true });
      writeFileSync(join(root, dir, 'pyproject.toml'), text);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  const context = (): CreateNodesContext => ({ workspaceRoot: root, nxJsonConfiguration: {} }) as CreateNodesContext;
  const files = ['libs/a/pyproject.toml', 'node_modules/pkg/pyproject.toml', 'libs/a/.venv/lib/site/pyproject.toml', 'legacy/old/pyproject.toml'];

  it('skips node_modules, .venv and excluded globs', async () => {
    const results = await createNodes[1](files, { exclude: ['legacy/**'] }, context());
    expect(results.map(([file]) => file)).toEqual(['libs/a/pyproject.toml']);
  });

  it('matches pyproject.toml files anywhere', () => {
    expect(createNodes[0]).toBe('**/pyproject.toml');
  });
});
