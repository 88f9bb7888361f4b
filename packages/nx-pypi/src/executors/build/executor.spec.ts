import type { ExecutorContext } from '@nx/devkit';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { FRONTEND_SCRIPT } from '../../io/python/pep517-build';
import buildExecutor, { normalizeOptions, runBuild, type NormalizedBuildOptions } from './executor';
import { ProjectTree } from '../../core/dist/project-tree';
import { selectDistFiles } from '../../core/dist/select-dist-files';
import { DEFAULT_BUILD_EPOCH } from '../../core/dist/timestamps';
import { parsePyProject } from '../../core/pyproject';
import { getMetadataField, getMetadataFields } from '../../core/publish/parse-core-metadata';
import { readArtifact } from '../../io/artifact/read-artifact';
import { walkTarGz } from '../../io/artifact/walk-tar-gz';
import { walkProject } from '../../io/fs/walk-project';
import { buildNative } from './lib/build-native';
import { makeTempDir, tokenLibFiles, writeFiles, type FixtureFiles } from './test-support/fixtures';

const PROJECT = 'libs/token-lib';
let base: string;

beforeAll(async () => {
  base = await makeTempDir('build-executor');
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function workspace(name: string, files: FixtureFiles): Promise<NormalizedBuildOptions> {
  const root = join(base, name);
  await writeFiles(join(root, PROJECT), files);
  return {
    builder: 'native',
    python: 'python3',
    isolated: true,
    workspaceRoot: root,
    projectRoot: join(root, PROJECT),
    outputDir: join(root, PROJECT, 'dist'),
  };
}

async function sha256(path: string): Promise<string> {
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function listDist(opts: NormalizedBuildOptions): Promise<string[]> {
  return (await readdir(opts.outputDir).catch(() => [] as string[])).sort();
}

describe('reproducibility', () => {
  it('builds byte-identical artifacts from the same sources in other folders, with other mtimes, umask and file order', async () => {
    const files = tokenLibFiles({ LICENSE: 'MIT\n', 'src/token_lib/data.json': '{}\n' });
    const oldMask = process.umask(0o077);
    const a = await workspace('repro-a', files);
    process.umask(0o002);
    const reversed = Object.fromEntries(Object.entries(files).reverse());
    const b = await workspace('repro-b-with-a-longer-path', reversed);
    process.umask(oldMask);
    for (const [i, path] of Object.keys(files).entries()) await utimes(join(b.projectRoot, path), 1_000_000 + i, 2_000_000_000 - i);

    const first = await runBuild(a, {});
    const second = await runBuild(b, {});
    expect(first.map((x) => x.filename)).toEqual(['token_lib-0.1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl']);
    for (const i of [0, 1]) expect(await sha256(second[i].path)).toBe(await sha256(first[i].path));
  });

  it('takes the entry date from SOURCE_DATE_EPOCH, and still reproduces with it', async () => {
    const a = await workspace('epoch-a', tokenLibFiles());
    const b = await workspace('epoch-b', tokenLibFiles());
    const plain = await sha256((await runBuild(a, {}))[1].path);
    const [, wheel] = await runBuild(a, { SOURCE_DATE_EPOCH: '1767323046' });
    const [, again] = await runBuild(b, { SOURCE_DATE_EPOCH: '1767323046' });
    expect(await sha256(wheel.path)).not.toBe(plain);
    expect(await sha256(again.path)).toBe(await sha256(wheel.path));
  });
});

describe('core metadata', () => {
  it('writes Metadata-Version 2.2 into the sdist (as its format requires) and 2.1 into the wheel, with the same fields', async () => {
    const opts = await workspace('metadata-versions', tokenLibFiles());
    const [sdist, wheel] = await runBuild(opts, {});
    const fromSdist = await readArtifact(sdist.path);
    const fromWheel = await readArtifact(wheel.path);
    expect(getMetadataField(fromSdist.metadata, 'Metadata-Version')).toBe('2.2');
    expect(getMetadataField(fromWheel.metadata, 'Metadata-Version')).toBe('2.1');
    const rest = (fields: readonly { name: string; value: string }[]) =>
      fields.filter((f) => f.name !== 'Metadata-Version').map((f) => `${f.name}: ${f.value}`);
    expect(rest(fromSdist.metadata.fields)).toEqual(rest(fromWheel.metadata.fields));
    expect(fromSdist.metadata.body).toBe(fromWheel.metadata.body);
    expect(getMetadataField(fromSdist.metadata, 'Dynamic')).toBeUndefined();
  });

  it('puts PKG-INFO first in the sdist, so readers streaming the tar meet it before any large file', async () => {
    const opts = await workspace('pkg-info-first', tokenLibFiles({ LICENSE: 'MIT\n', 'AUTHORS.txt': 'A\n' }));
    const [sdist] = await runBuild(opts, {});
    const { execFileSync } = await import('node:child_process');
    const members = execFileSync('tar', ['-tzf', sdist.path], { encoding: 'utf8' }).trim().split('\n');
    expect(members[0]).toBe('token_lib-0.1.0/PKG-INFO');
    // The egg-info's copy (setuptools writes one) comes later, below the top folder.
    expect(members.filter((m) => m.endsWith('/PKG-INFO'))).toEqual(['token_lib-0.1.0/PKG-INFO', 'token_lib-0.1.0/src/token_lib.egg-info/PKG-INFO']);
    expect(members).toContain('token_lib-0.1.0/LICENSE');
  });
});

describe('output folder', () => {
  it("removes this distribution's artifacts of other versions and keeps everything else", async () => {
    const opts = await workspace('stale', tokenLibFiles());
    await writeFiles(opts.outputDir, {
      'token_lib-0.0.9.tar.gz': 'old',
      'token_lib-0.0.9-py3-none-any.whl': 'old',
      'other_lib-1.0.tar.gz': 'keep',
      'notes.txt': 'keep',
    });
    await runBuild(opts, {});
    expect(await listDist(opts)).toEqual(['notes.txt', 'other_lib-1.0.tar.gz', 'token_lib-0.1.0-py3-none-any.whl', 'token_lib-0.1.0.tar.gz']);
  });

  it('writes to outputPath and leaves that folder out of the sdist', async () => {
    const opts = { ...(await workspace('outpath', tokenLibFiles())) };
    opts.outputDir = join(opts.projectRoot, 'artifacts');
    await writeFiles(opts.outputDir, { 'junk.txt': 'x' });
    const [sdist] = await runBuild(opts, {});
    expect(sdist.path).toBe(join(opts.projectRoot, 'artifacts', 'token_lib-0.1.0.tar.gz'));
    const { execFileSync } = await import('node:child_process');
    expect(execFileSync('tar', ['-tzf', sdist.path], { encoding: 'utf8' })).not.toContain('artifacts');
  });

  it('resolves outputPath placeholders relative to the workspace', () => {
    const context = {
      root: '/ws',
      projectName: 'token-lib',
      projectsConfigurations: { version: 2, projects: { 'token-lib': { root: 'libs/token-lib' } } },
    } as unknown as ExecutorContext;
    expect(normalizeOptions({}, context)).toMatchObject({
      builder: 'auto',
      python: 'python3',
      isolated: true,
      projectRoot: '/ws/libs/token-lib',
      outputDir: '/ws/libs/token-lib/dist',
    });
    expect(normalizeOptions({ outputPath: 'dist/{projectRoot}', builder: 'pep517', python: 'py' }, context)).toMatchObject({
      builder: 'pep517',
      python: 'py',
      outputDir: '/ws/dist/libs/token-lib',
    });
  });
});

describe('bad input fails with a clear error and leaves no file in dist/', () => {
  it.each([
    [
      'a missing README',
      { 'README.md': undefined },
      'DIST_README_MISSING',
      'libs/token-lib/pyproject.toml:9:10 [project.readme] README file README.md does not exist.',
    ],
    ['a non-UTF-8 README', { 'README.md': Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]) }, 'DIST_TEXT_ENCODING', 'README.md is not valid utf-8.'],
    [
      'a missing package folder',
      {
        'src/token_lib/__init__.py': undefined,
        'src/token_lib/cli.py': undefined,
        'pyproject.toml': tokenLibFiles()['pyproject.toml'] + '\n[tool.setuptools]\npackages = ["token_lib"]\npackage-dir = { "" = "src" }\n',
      },
      'DIST_PACKAGE_MISSING',
      'Package "token_lib" has no folder: src/token_lib/ does not exist or holds no files.',
    ],
    [
      'an invalid version',
      { 'pyproject.toml': (tokenLibFiles()['pyproject.toml'] as string).replace('version = "0.1.0"', 'version = "one.two"') },
      'PYPROJECT_INVALID',
      'libs/token-lib/pyproject.toml:7:11 [project.version] "one.two" is not a valid PEP 440 version',
    ],
  ])('%s', async (_title, overrides, code, message) => {
    const files = tokenLibFiles();
    for (const [k, v] of Object.entries(overrides))
      if (v === undefined) delete files[k];
      else files[k] = v;
    const opts = await workspace(`bad-${code}-${Object.keys(overrides).length}`, files);
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error).toMatchObject({ code });
    expect(error.render()).toContain(message);
    expect(await listDist(opts)).toEqual([]);
  });

  it('refuses a symlink leaving the project instead of following it', async () => {
    const opts = await workspace('symlink', tokenLibFiles());
    await writeFile(join(base, 'symlink', 'secret.py'), 'TOKEN = "s3cr3t"\n');
    await symlink(join(base, 'symlink', 'secret.py'), join(opts.projectRoot, 'src/token_lib/secret.py'));
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error).toMatchObject({ code: 'DIST_SYMLINK_OUTSIDE' });
    expect(error.render()).toBe(
      'libs/token-lib/src/token_lib/secret.py This symlink points outside the project; it is not followed.\n  Copy the file into the project, or replace the link with one that stays inside the project folder.',
    );
    expect(await listDist(opts)).toEqual([]);
  });

  it('names an outside symlink when it makes the package look missing', async () => {
    const files = tokenLibFiles();
    delete files['src/token_lib/__init__.py'];
    delete files['src/token_lib/cli.py'];
    const opts = await workspace('symlinked-package', files);
    await writeFiles(join(base, 'symlinked-package', 'elsewhere'), { '__init__.py': '' });
    await mkdir(join(opts.projectRoot, 'src'), { recursive: true });
    await symlink(join(base, 'symlinked-package', 'elsewhere'), join(opts.projectRoot, 'src/token_lib'));
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toContain('- libs/token-lib/src/token_lib This symlink points outside the project; it is not followed.');
    expect(await listDist(opts)).toEqual([]);
  });

  it('keeps the previous artifacts and no partial file when writing fails midway', async () => {
    const opts = await workspace('midway', tokenLibFiles());
    await runBuild(opts, {});
    const before = await sha256(join(opts.outputDir, 'token_lib-0.1.0-py3-none-any.whl'));
    // The package grows between the walk and the archiving: the writer notices and the build fails.
    const walk = walkProject(opts.projectRoot);
    const project = parsePyProject(await readFile(join(opts.projectRoot, 'pyproject.toml'), 'utf8'), 'pyproject.toml');
    const outcome = selectDistFiles(project, new ProjectTree(walk.files.map((f) => f.path)));
    if (outcome.kind !== 'native') throw new Error(outcome.reason);
    await writeFile(join(opts.projectRoot, 'src/token_lib/cli.py'), 'def main():\n    print("grown")\n');
    const input = {
      projectRoot: opts.projectRoot,
      project,
      version: '0.1.0',
      walk,
      selection: outcome.selection,
      outputDir: opts.outputDir,
      generatorVersion: '0.0.0',
      epochSeconds: DEFAULT_BUILD_EPOCH,
    };
    await expect(buildNative(input)).rejects.toThrow(/cli\.py changed while it was being archived/);
    expect(await listDist(opts)).toEqual(['token_lib-0.1.0-py3-none-any.whl', 'token_lib-0.1.0.tar.gz']);
    expect(await sha256(join(opts.outputDir, 'token_lib-0.1.0-py3-none-any.whl'))).toBe(before);
  });
});

describe('builder selection', () => {
  const setupPy = () => tokenLibFiles({ 'setup.py': 'from setuptools import setup\nsetup(zip_safe=False)\n' });

  it('native refuses what it cannot reproduce, naming the reason and the option', async () => {
    const opts = await workspace('native-setup-py', setupPy());
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toBe(
      'libs/token-lib/pyproject.toml The native builder cannot build this project: setup.py does more than call setup() with no arguments (setuptools runs it).\n  Set the build target\'s "builder" option to "auto" or "pep517" to use the PEP 517 frontend.',
    );
  });

  it('auto falls back to the PEP 517 frontend and names the interpreter when it is missing', async () => {
    const opts = { ...(await workspace('auto-missing-python', setupPy())), builder: 'auto' as const, python: join(base, 'no-such-python') };
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
    await expect(runBuild(opts, {}, { log })).rejects.toMatchObject({ code: 'DIST_PYTHON_MISSING' });
    expect(lines).toContain(
      `nx-pypi: setup.py does more than call setup() with no arguments (setuptools runs it); building with the PEP 517 frontend (${opts.python}, isolated venv) instead.`,
    );
  });

  const POETRY_ONLY =
    '[tool.poetry]\nname = "token-lib"\nversion = "0.1.0"\n\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n';

  const POETRY_SCRIPT = `${POETRY_ONLY}\n[tool.poetry.build]\nscript = "build.py"\n`;

  it('auto builds a Poetry 1.x project natively, as poetry-core 2.x would (py2.py3 when no python is declared)', async () => {
    const opts = { ...(await workspace('auto-poetry', tokenLibFiles({ 'pyproject.toml': POETRY_ONLY }))), builder: 'auto' as const };
    const lines: string[] = [];
    const built = await runBuild(opts, {}, { log: { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) } });
    expect(lines).toEqual(['nx-pypi: building natively, as poetry-core 2.x would']);
    expect(built.map((a) => a.filename)).toEqual(['token_lib-0.1.0.tar.gz', 'token_lib-0.1.0-py2.py3-none-any.whl']);
    const wheel = await readArtifact(join(opts.outputDir, 'token_lib-0.1.0-py2.py3-none-any.whl'));
    expect(getMetadataField(wheel.metadata, 'Metadata-Version')).toBe('2.4');
  });

  it('auto sends a Poetry project with a build script to the PEP 517 frontend with one line naming why and the backend', async () => {
    const opts = {
      ...(await workspace('auto-poetry-script', tokenLibFiles({ 'pyproject.toml': POETRY_SCRIPT }))),
      builder: 'auto' as const,
      python: join(base, 'no-such-python'),
    };
    const lines: string[] = [];
    const log = { info: (l: string) => lines.push(l), warn: (l: string) => lines.push(l) };
    await expect(runBuild(opts, {}, { log })).rejects.toMatchObject({ code: 'DIST_PYTHON_MISSING' });
    expect(lines).toEqual([
      `nx-pypi: [tool.poetry.build] runs a build script, which only poetry-core runs; building with the PEP 517 frontend (${opts.python}, isolated venv, backend poetry.core.masonry.api) instead.`,
    ]);
  });

  it('sends a Poetry project whose sdist gets a generated setup.py to the frontend, naming why', async () => {
    const text = `${POETRY_ONLY}\n[tool.poetry.build]\ngenerate-setup-file = true\n`;
    const opts = await workspace('native-poetry-setup-file', tokenLibFiles({ 'pyproject.toml': text }));
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toContain(
      'The native builder cannot build this project: [tool.poetry.build] generate-setup-file adds a setup.py only poetry-core writes.',
    );
  });

  it('native refuses a Poetry project with a build script, naming the option to set', async () => {
    const opts = await workspace('native-poetry', tokenLibFiles({ 'pyproject.toml': POETRY_SCRIPT }));
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toMatch(
      /^libs\/token-lib\/pyproject\.toml The native builder cannot build this project: \[tool\.poetry\.build\] runs a build script.*\n  Set the build target's "builder" option to "auto" or "pep517"/,
    );
  });

  it('refuses a Poetry dependency whose || union poetry-core would write as a Requires-Dist pip rejects, at its line', async () => {
    const text = POETRY_ONLY.replace('[build-system]', '[tool.poetry.dependencies]\npython = "^3.9"\npyyaml = "^3.0 || ^5.4"\n\n[build-system]');
    const opts = await workspace('poetry-union', tokenLibFiles({ 'pyproject.toml': text }));
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toMatch(/^libs\/token-lib\/pyproject\.toml:7:10 .*pyyaml.*union of ranges.*\n  write one range that covers them/);
    expect(existsSync(opts.outputDir) ? await readdir(opts.outputDir) : []).toEqual([]);
  });

  it('writes a || union of adjacent ranges as the one range it is (poetry-core 2.x writes a Requires-Dist pip rejects)', async () => {
    const text = POETRY_ONLY.replace('[build-system]', '[tool.poetry.dependencies]\npython = "^3.9"\npyyaml = "^5.4 || ^6.0"\n\n[build-system]');
    const opts = await workspace('poetry-adjacent-union', tokenLibFiles({ 'pyproject.toml': text }));
    await runBuild(opts, {}, { log: { info: () => undefined, warn: () => undefined } });
    const wheel = await readArtifact(join(opts.outputDir, 'token_lib-0.1.0-py3-none-any.whl'));
    expect(getMetadataFields(wheel.metadata, 'Requires-Dist')).toEqual(['pyyaml (>=5.4,<7.0)']);
  });

  it('refuses a Poetry readme that is not UTF-8, naming the file, and leaves no artifact', async () => {
    const text = POETRY_ONLY.replace('[build-system]', 'readme = "README.md"\n\n[build-system]');
    const opts = await workspace(
      'poetry-latin1-readme',
      tokenLibFiles({ 'pyproject.toml': text, 'README.md': Buffer.from([0x23, 0x20, 0xe9, 0x74, 0xe9, 0x0a]) }),
    );
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toMatch(
      /^libs\/token-lib\/README\.md README\.md is not valid UTF-8\.\n {2}Save the readme as UTF-8: poetry-core reads it as UTF-8\./,
    );
    expect(existsSync(opts.outputDir) ? await readdir(opts.outputDir) : []).toEqual([]);
  });

  it('names the readme field of a Poetry 2 file, at its line, when its readme is missing', async () => {
    const text =
      '[project]\nname = "token-lib"\nversion = "0.1.0"\nreadme = "README.md"\n\n[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n';
    const opts = await workspace('poetry2-no-readme', { 'pyproject.toml': text, 'token_lib/__init__.py': '' });
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toMatch(/^libs\/token-lib\/pyproject\.toml:4:10 \[project\.readme\] Readme file README\.md does not exist\./);
  });

  it('names the license field of a Poetry 2 file whose license file is missing, and leaves no artifact', async () => {
    const text =
      '[project]\nname = "token-lib"\nversion = "0.1.0"\nlicense = { file = "docs/LICENSE.txt" }\n\n[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n';
    const opts = await workspace('poetry2-no-license-file', { 'pyproject.toml': text, 'token_lib/__init__.py': '' });
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toMatch(
      /^libs\/token-lib\/pyproject\.toml:4:\d+ \[project\.license\.file\] license file docs\/LICENSE\.txt does not exist\.\n {2}Create docs\/LICENSE\.txt in the project/,
    );
    expect(existsSync(opts.outputDir) ? await readdir(opts.outputDir) : []).toEqual([]);
  });

  it('says so when a Poetry 2 license file is a folder', async () => {
    const text =
      '[project]\nname = "token-lib"\nversion = "0.1.0"\nlicense = { file = "LICENSES" }\n\n[build-system]\nrequires = ["poetry-core>=2"]\nbuild-backend = "poetry.core.masonry.api"\n';
    const opts = await workspace('poetry2-license-folder', { 'pyproject.toml': text, 'token_lib/__init__.py': '', 'LICENSES/MIT.txt': 'MIT\n' });
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toMatch(/^libs\/token-lib\/pyproject\.toml:4:\d+ \[project\.license\.file\] license file LICENSES is a folder\./);
  });

  it('says where poetry-core looks when the package folder is missing', async () => {
    const opts = await workspace('poetry-missing-package', { 'pyproject.toml': POETRY_ONLY, 'README.md': '# x\n' });
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toMatch(
      /No file or folder found for package token-lib: poetry-core looks for token_lib\/, token_lib\.py, src\/token_lib\/ or src\/token_lib\.py/,
    );
  });

  /** An interpreter stand-in that records its arguments and fails as nx-pypi's frontend does on a missing requirement. */
  async function fakePython(): Promise<{ python: string; argsFile: string }> {
    await mkdir(join(base, 'fake-bin'), { recursive: true });
    const python = join(base, 'fake-bin', 'python');
    await writeFile(python, '#!/bin/sh\nprintf "%s\\n" "$@" > "$ARGS_FILE"\necho "ERROR Missing dependencies:"\necho "\twheel"\nexit 1\n', { mode: 0o755 });
    return { python, argsFile: join(base, 'fake-bin', 'args.txt') };
  }

  it('pep517 names the file when it declares no package at all', async () => {
    const opts = {
      ...(await workspace('pep517-settings-only', tokenLibFiles({ 'pyproject.toml': '[tool.ruff]\nline-length = 100\n' }))),
      builder: 'pep517' as const,
    };
    const error = await runBuild(opts, {}).catch((e) => e);
    expect(error.render()).toBe(
      'libs/token-lib/pyproject.toml declares no package: neither [project] nor [tool.poetry] has a name\n  add a [project] table with name and version (or point the build target at the package folder)',
    );
  });

  it('pep517 leaves validation to the backend: a project the native rules refuse still goes to the frontend', async () => {
    const fake = await fakePython();
    const files = tokenLibFiles({
      'pyproject.toml': '[project]\nname = "token-lib"\nversion = "1.0-foo"\nlicense = "MIT"\nclassifiers = ["License :: OSI Approved :: MIT License"]\n',
    });
    const opts = { ...(await workspace('pep517-unvalidated', files)), builder: 'pep517' as const, python: fake.python };
    // Reaching the (fake) frontend's failure proves nothing stopped the build before it.
    await expect(runBuild(opts, { ARGS_FILE: fake.argsFile }, { log: { info: () => undefined, warn: () => undefined } })).rejects.toMatchObject({
      code: 'DIST_PEP517_FAILED',
    });
  });

  it('pep517 runs the shipped frontend on a copy of the project and shows its last lines with what to do', async () => {
    const fake = await fakePython();
    const opts = {
      ...(await workspace('pep517-args', tokenLibFiles())),
      builder: 'pep517' as const,
      python: fake.python,
      isolated: false,
      skipDependencyCheck: false,
    };
    const lines: string[] = [];
    const error = await runBuild(opts, { ARGS_FILE: fake.argsFile }, { log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } }).catch((e) => e);
    expect(lines).toEqual([`nx-pypi: builder pep517; building with the PEP 517 frontend (${fake.python}, its installed backend).`]);
    expect(error).toMatchObject({ code: 'DIST_PEP517_FAILED' });
    expect(error.render()).toContain('ERROR Missing dependencies:\n    \twheel');
    expect(error.render()).toContain('"skipDependencyCheck": true');
    const args = (await readFile(fake.argsFile, 'utf8')).split('\n');
    expect(args[0]).toBe(FRONTEND_SCRIPT);
    expect(existsSync(FRONTEND_SCRIPT)).toBe(true);
    expect(args.slice(1, 3)).toEqual(['build', '--srcdir']);
    expect(args[3].startsWith(opts.projectRoot)).toBe(false);
    expect(JSON.parse(args[args.indexOf('--build-system') + 1])).toEqual({ requires: ['setuptools>=61'], 'build-backend': 'setuptools.build_meta' });
    expect(args).toContain('--no-isolation');
    expect(args).not.toContain('--skip-dependency-check');
    // Nothing is left behind: no staging folder in dist/.
    expect(await readdir(opts.outputDir)).toEqual([]);
  });

  it('pep517 passes the dependency-check switch only to a non-isolated build', async () => {
    const fake = await fakePython();
    const opts = {
      ...(await workspace('pep517-skip', tokenLibFiles())),
      builder: 'pep517' as const,
      python: fake.python,
      isolated: false,
      skipDependencyCheck: true,
    };
    await runBuild(opts, { ARGS_FILE: fake.argsFile }, { log: { info: () => undefined, warn: () => undefined } }).catch(() => undefined);
    expect((await readFile(fake.argsFile, 'utf8')).split('\n')).toContain('--skip-dependency-check');
    await runBuild({ ...opts, isolated: true }, { ARGS_FILE: fake.argsFile }, { log: { info: () => undefined, warn: () => undefined } }).catch(() => undefined);
    const isolated = (await readFile(fake.argsFile, 'utf8')).split('\n');
    expect(isolated).not.toContain('--skip-dependency-check');
    expect(isolated).not.toContain('--no-isolation');
  });
});

describe('the executor', () => {
  function context(root: string): ExecutorContext {
    return {
      root,
      projectName: 'token-lib',
      cwd: root,
      isVerbose: false,
      projectsConfigurations: { version: 2, projects: { 'token-lib': { root: PROJECT } } },
    } as unknown as ExecutorContext;
  }

  it('prints one line per artifact and succeeds', async () => {
    const opts = await workspace('executor-ok', tokenLibFiles());
    const info = jest.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      expect(await buildExecutor({ builder: 'native' }, context(opts.workspaceRoot))).toEqual({ success: true });
      expect(info.mock.calls.map(([line]) => line)).toEqual([
        'nx-pypi: building natively, as setuptools would',
        expect.stringMatching(/^libs\/token-lib\/dist\/token_lib-0\.1\.0\.tar\.gz \((\d+ B|\d\.\d kB)\)$/),
        expect.stringMatching(/^libs\/token-lib\/dist\/token_lib-0\.1\.0-py3-none-any\.whl \(\d\.\d kB\)$/),
      ]);
    } finally {
      info.mockRestore();
    }
  });

  it('prints a known error without a stack and fails', async () => {
    const files = tokenLibFiles();
    delete files['README.md'];
    const opts = await workspace('executor-bad', files);
    const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      expect(await buildExecutor({ builder: 'native' }, context(opts.workspaceRoot))).toEqual({ success: false });
      expect(error).toHaveBeenCalledWith(
        'libs/token-lib/pyproject.toml:9:10 [project.readme] README file README.md does not exist.\n  Create the file, or fix [project].readme (the path is relative to the project root).',
      );
    } finally {
      error.mockRestore();
    }
  });
});

describe("the project's Nx and nx-pypi files", () => {
  it('stay out of a hatchling sdist, which otherwise takes every file, as they stay out of the build inputs', async () => {
    const text = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "token-lib"\nversion = "0.1.0"\n';
    const opts = await workspace('hatchling-nx-files', {
      'pyproject.toml': text,
      'token_lib/__init__.py': '',
      'docs/index.md': '# docs\n',
      'project.json': '{ "name": "token-lib" }\n',
      'pip.conf': '[global]\nindex-url = https://nexus.example.com/repository/pypi-group/simple\n',
      'nx-pypi.json': '{}\n',
      '.nx-pypi/local-registry-chain.pem': 'chain\n',
    });
    const lines: string[] = [];
    await runBuild(opts, {}, { log: { info: (l) => lines.push(l), warn: (l) => lines.push(l) } });
    const members: string[] = [];
    await walkTarGz(join(opts.outputDir, 'token_lib-0.1.0.tar.gz'), (member) => void members.push(member.path));
    expect(members.sort()).toEqual([
      'token_lib-0.1.0/PKG-INFO',
      'token_lib-0.1.0/docs/index.md',
      'token_lib-0.1.0/pyproject.toml',
      'token_lib-0.1.0/token_lib/__init__.py',
    ]);
  });
});
