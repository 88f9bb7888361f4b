import type { ExecutorContext } from '@nx/devkit';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPublishTask } from './executor';

describe('publish reads a Poetry 1.x project', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-publish-poetry-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  async function publish(pyproject: string): Promise<string[]> {
    mkdirSync(join(root, 'libs/p/dist'), { recursive: true });
    writeFileSync(join(root, 'libs/p/pyproject.toml'), pyproject);
    const context = {
      root,
      projectName: 'p',
      projectsConfigurations: { version: 2, projects: { p: { root: 'libs/p' } } },
      nxJsonConfiguration: {},
      projectGraph: { nodes: {}, dependencies: {} },
    } as unknown as ExecutorContext;
    const lines: string[] = [];
    const ok = await runPublishTask(
      {},
      context,
      (l) => lines.push(l),
      (l) => lines.push(l),
    );
    expect(ok).toBe(false);
    return lines;
  }

  it('takes name and version from [tool.poetry], and looks for exactly those artifacts', async () => {
    const lines = await publish('[tool.poetry]\nname = "token-poetry"\nversion = "0.3.0"\n');
    expect(lines.join('\n')).toMatch(/^libs\/p\/dist holds no artifact of token-poetry 0\.3\.0\n  run `nx run p:build` first/);
  });

  it('names the key and the fix when the Poetry version is missing', async () => {
    expect(await publish('[tool.poetry]\nname = "token-poetry"\n')).toEqual([
      'libs/p/pyproject.toml:1:1 [tool.poetry] [tool.poetry] has no version\n  set version = "0.1.0" in [tool.poetry]',
    ]);
  });

  it('refuses a wheel that requires a path on the build machine (what poetry build writes for a path dependency), before any network use', async () => {
    mkdirSync(join(root, 'libs/p/dist'), { recursive: true });
    const metadata = 'Metadata-Version: 2.1\nName: token-poetry\nVersion: 0.3.0\nRequires-Dist: token-lib @ file:///home/ci/ws/libs/token-lib\n\n';
    const script =
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n    z.writestr("token_poetry-0.3.0.dist-info/METADATA", sys.argv[2])\n    z.writestr("token_poetry/__init__.py", "")\n';
    execFileSync('python3', ['-c', script, join(root, 'libs/p/dist/token_poetry-0.3.0-py3-none-any.whl'), metadata]);
    const lines = await publish('[tool.poetry]\nname = "token-poetry"\nversion = "0.3.0"\n');
    expect(lines.join('\n')).toContain(
      'token_poetry-0.3.0-py3-none-any.whl requires token-lib @ file:///home/ci/ws/libs/token-lib: a path on this machine, which pip cannot install anywhere else',
    );
  });
});
