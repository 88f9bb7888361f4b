import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ProjectTree } from '../../../core/dist/project-tree';
import { selectDistFiles } from '../../../core/dist/select-dist-files';
import { parsePyProject } from '../../../core/pyproject';
import { listZipEntries, readZipEntry } from '../../../io/artifact/read-zip-entry';
import { walkProject } from '../../../io/fs/walk-project';
import { makeTempDir, writeFiles, type FixtureFiles } from '../test-support/fixtures';
import { buildNative } from './build-native';

let base: string;
beforeAll(async () => {
  base = await makeTempDir('build-native');
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function build(name: string, files: FixtureFiles): Promise<{ wheel: string; sdist: string }> {
  const root = join(base, name);
  await writeFiles(root, files);
  const text = files['pyproject.toml'] as string;
  const project = parsePyProject(text, 'pyproject.toml');
  const walk = walkProject(root);
  const outcome = selectDistFiles(project, new ProjectTree(walk.files.map((f) => f.path)), { readFile: (p) => readFileSync(join(root, p), 'utf8') });
  if (outcome.kind !== 'native') throw new Error(outcome.reason);
  const [sdist, wheel] = await buildNative({
    projectRoot: root,
    project,
    version: project.version as string,
    walk,
    selection: outcome.selection,
    outputDir: join(root, 'dist'),
    generatorVersion: '9.9.9',
    epochSeconds: 315532800,
  });
  return { wheel: wheel.path, sdist: sdist.path };
}

async function wheelText(wheel: string, member: string): Promise<string> {
  const found = await readZipEntry(wheel, (entries) => entries.find((e) => e.name === member), 1 << 20);
  if (!found) throw new Error(`no ${member}`);
  return found.data.toString('utf8');
}

const UV_PROJECT: FixtureFiles = {
  'pyproject.toml': `[build-system]
requires = ["uv_build>=0.8,<0.10"]
build-backend = "uv_build"

[project]
name = "Token-Lib"
version = "1.0"
readme = "README.md"
license = "MIT"
license-files = ["LICENSE"]
authors = [{ name = "Ada", email = "ada@example.com" }]
dependencies = ["Requests>=2"]

[project.scripts]
token = "token_lib.cli:main"

[tool.uv.build-backend]
source-include = ["tests/**"]

[tool.uv.build-backend.data]
scripts = "bin"
`,
  'README.md': '# Token\n',
  LICENSE: 'MIT License\n',
  COPYING: 'not shipped: uv_build has no default license globs\n',
  'src/token_lib/__init__.py': '',
  'src/token_lib/cli.py': 'def main(): pass\n',
  'bin/token-tool': '#!/bin/sh\n',
  'tests/test_a.py': '',
};

describe('a uv_build project built natively', () => {
  it("writes uv_build's file lists and dist-info files, with its METADATA in both archives", async () => {
    const { wheel, sdist } = await build('uv', UV_PROJECT);
    expect((await listZipEntries(wheel)).map((e) => e.name)).toEqual([
      'token_lib-1.0.data/scripts/token-tool',
      'token_lib/__init__.py',
      'token_lib/cli.py',
      'token_lib-1.0.dist-info/METADATA',
      'token_lib-1.0.dist-info/WHEEL',
      'token_lib-1.0.dist-info/entry_points.txt',
      'token_lib-1.0.dist-info/licenses/LICENSE',
      'token_lib-1.0.dist-info/RECORD',
    ]);
    const metadata = await wheelText(wheel, 'token_lib-1.0.dist-info/METADATA');
    expect(metadata).toBe(`Metadata-Version: 2.4
Name: Token-Lib
Version: 1.0
Author: Ada
Author-email: Ada <ada@example.com>
License-Expression: MIT
License-File: LICENSE
Requires-Dist: requests>=2
Description-Content-Type: text/markdown

# Token
`);
    expect(await wheelText(wheel, 'token_lib-1.0.dist-info/entry_points.txt')).toBe('[console_scripts]\ntoken = token_lib.cli:main\n\n');
    const members = execFileSync('tar', ['-tzf', sdist], { encoding: 'utf8' }).trim().split('\n');
    expect(members).toEqual([
      'token_lib-1.0/PKG-INFO',
      'token_lib-1.0/LICENSE',
      'token_lib-1.0/README.md',
      'token_lib-1.0/bin/token-tool',
      'token_lib-1.0/pyproject.toml',
      'token_lib-1.0/src/token_lib/__init__.py',
      'token_lib-1.0/src/token_lib/cli.py',
      'token_lib-1.0/tests/test_a.py',
    ]);
    expect(execFileSync('tar', ['-xzOf', sdist, 'token_lib-1.0/PKG-INFO'], { encoding: 'utf8' })).toBe(metadata);
  });

  it('refuses a license file that is not UTF-8, as uv_build does', async () => {
    await expect(build('uv-latin1', { ...UV_PROJECT, LICENSE: Buffer.from([0x4c, 0xe9, 0x0a]) })).rejects.toMatchObject({ code: 'DIST_TEXT_ENCODING' });
  });
});
