import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { runBuild, type NormalizedBuildOptions } from '../packages/nx-pypi/src/executors/build/executor';
import { makeTempDir, tokenLibFiles, writeFiles, type FixtureFiles } from '../packages/nx-pypi/src/executors/build/test-support/fixtures';

/**
 * The fallback path: projects the native builder does not cover go through the real PEP 517
 * frontend (`/usr/bin/python3 -m build --no-isolation`, Debian's setuptools), offline.
 */
const PYTHON = '/usr/bin/python3';

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PIP_|REQUESTS_CA_BUNDLE|CURL_CA_BUNDLE|SSL_CERT_FILE|SOURCE_DATE_EPOCH)/.test(k)) env[k] = v;
  env['PIP_NO_INDEX'] = '1';
  return env;
}

describe('build through the PEP 517 frontend', () => {
  let base: string;
  beforeAll(async () => {
    base = await makeTempDir('pep517');
  });
  afterAll(() => rm(base, { recursive: true, force: true }));

  async function project(name: string, files: FixtureFiles): Promise<NormalizedBuildOptions> {
    const root = join(base, name);
    await writeFiles(join(root, 'libs/legacy'), files);
    return { builder: 'auto', python: PYTHON, isolated: false, workspaceRoot: root, projectRoot: join(root, 'libs/legacy'), outputDir: join(root, 'libs/legacy/dist') };
  }

  it('auto hands a setup.py project to `python -m build`, says so, and replaces stale artifacts', async () => {
    const opts = await project('setup-py', tokenLibFiles({ 'setup.py': 'from setuptools import setup\nsetup()\n' }));
    await writeFiles(opts.outputDir, { 'token_lib-0.0.1.tar.gz': 'old', 'token-lib-0.0.1.tar.gz': 'old, unnormalized' });
    const lines: string[] = [];
    const artifacts = await runBuild(opts, cleanEnv(), { log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });
    // setuptools 66 does not normalize the sdist name (PEP 625 came later).
    expect(artifacts.map((a) => a.filename).sort()).toEqual(['token-lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl']);
    expect(lines).toContain(`nx-pypi: setup.py is present (setuptools may run code or add files from it); building with \`${PYTHON} -m build\` instead.`);
    expect((await readdir(opts.outputDir)).sort()).toEqual(['token-lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl']);
  }, 60_000);

  it('reports the backend failure with its last lines and leaves dist/ untouched', async () => {
    const opts = await project('failing', tokenLibFiles({ 'setup.py': 'raise SystemExit("setup.py refuses to build")\n' }));
    const error = await runBuild(opts, cleanEnv(), { log: { info: () => undefined, warn: () => undefined } }).catch((e) => e);
    expect(error).toMatchObject({ code: 'DIST_PEP517_FAILED' });
    expect(error.render()).toContain('setup.py refuses to build');
    expect(await readdir(opts.outputDir)).toEqual([]);
  }, 60_000);
});
