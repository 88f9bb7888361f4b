import { parsePyProject } from '../pyproject';
import { ProjectTree } from './project-tree';
import { selectDistFiles, selectLicenseFiles, selectReadmeFile } from './select-dist-files';
import type { SelectionOutcome } from './selection';

const SETUPTOOLS = '[build-system]\nrequires = ["setuptools"]\nbuild-backend = "setuptools.build_meta"\n';
const HATCHLING = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';
const FLIT = '[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n';
const PDM = '[build-system]\nrequires = ["pdm-backend"]\nbuild-backend = "pdm.backend"\n';

function select(buildSystem: string, files: string[], extra = '', gitignoreText?: string): SelectionOutcome {
  const project = parsePyProject(`${buildSystem}[project]\nname = "token-lib"\nversion = "1.0"\n${extra}`, 'libs/t/pyproject.toml');
  return selectDistFiles(project, new ProjectTree(['pyproject.toml', ...files]), { gitignoreText });
}

function wheel(outcome: SelectionOutcome): string[] {
  if (outcome.kind !== 'native') throw new Error(`unsupported: ${outcome.reason}`);
  return outcome.selection.wheelMembers.map((m) => (m.archivePath === m.sourcePath ? m.archivePath : `${m.archivePath} <- ${m.sourcePath}`));
}

describe('selectDistFiles with setuptools', () => {
  it('discovers a src layout: every folder is a (namespace) package, only .py files ship', () => {
    expect(
      wheel(select(SETUPTOOLS, ['src/token_lib/__init__.py', 'src/token_lib/data/x.json', 'src/token_lib/ns/mod.py', 'src/helper.py', 'tests/test_a.py'])),
    ).toEqual(['helper.py <- src/helper.py', 'token_lib/__init__.py <- src/token_lib/__init__.py', 'token_lib/ns/mod.py <- src/token_lib/ns/mod.py']);
  });

  it('discovers a flat layout, leaving tests, docs and tool folders out', () => {
    expect(wheel(select(SETUPTOOLS, ['token_lib/__init__.py', 'tests/test_a.py', 'docs/conf.py', 'noxfile.py', '_private/x.py']))).toEqual([
      'token_lib/__init__.py',
    ]);
  });

  it('falls back to a single flat module when there is no package', () => {
    expect(wheel(select(SETUPTOOLS, ['token_lib.py', 'conftest.py', 'noxfile.py']))).toEqual(['token_lib.py']);
  });

  it('refuses two top-level packages in a flat layout, as setuptools does', () => {
    expect(() => select(SETUPTOOLS, ['a/__init__.py', 'b/__init__.py'])).toThrow(expect.objectContaining({ code: 'DIST_FLAT_LAYOUT_AMBIGUOUS' }));
  });

  it('fails when nothing can be found, saying what to create', () => {
    expect(() => select(SETUPTOOLS, ['README.md'])).toThrow(
      expect.objectContaining({ code: 'DIST_NO_PACKAGE', location: { file: 'libs/t/pyproject.toml', keyPath: 'tool.setuptools' } }),
    );
  });

  it('ships explicit packages through package-dir and fails on a missing package folder', () => {
    const extra = '[tool.setuptools]\npackages = ["alpha", "alpha.beta"]\npackage-dir = { "" = "lib", "alpha.beta" = "other/beta" }\n';
    expect(wheel(select(SETUPTOOLS, ['lib/alpha/__init__.py', 'other/beta/__init__.py', 'lib/alpha/gamma/__init__.py'], extra))).toEqual([
      'alpha/__init__.py <- lib/alpha/__init__.py',
      'alpha/beta/__init__.py <- other/beta/__init__.py',
    ]);
    expect(() => select(SETUPTOOLS, ['lib/alpha/__init__.py'], extra)).toThrow(
      expect.objectContaining({ code: 'DIST_PACKAGE_MISSING', message: expect.stringContaining('other/beta/') }),
    );
  });

  it('applies packages.find where/include/exclude and package-data globs ("*" meaning every package)', () => {
    const extra =
      '[tool.setuptools.packages.find]\nwhere = ["src"]\ninclude = ["tok*"]\nexclude = ["tok.internal*"]\n[tool.setuptools.package-data]\ntok = ["data/*.json"]\n"*" = ["py.typed"]\n';
    const files = [
      'src/tok/__init__.py',
      'src/tok/py.typed',
      'src/tok/data/a.json',
      'src/tok/data/b.txt',
      'src/tok/internal/__init__.py',
      'src/tok/sub/__init__.py',
      'src/tok/sub/py.typed',
      'src/other/__init__.py',
    ];
    expect(wheel(select(SETUPTOOLS, files, extra))).toEqual([
      'tok/__init__.py <- src/tok/__init__.py',
      'tok/data/a.json <- src/tok/data/a.json',
      'tok/py.typed <- src/tok/py.typed',
      'tok/sub/__init__.py <- src/tok/sub/__init__.py',
      'tok/sub/py.typed <- src/tok/sub/py.typed',
    ]);
  });

  it('requires __init__.py when packages.find has namespaces = false', () => {
    const extra = '[tool.setuptools.packages.find]\nnamespaces = false\n';
    expect(wheel(select(SETUPTOOLS, ['pkg/__init__.py', 'pkg/ns/mod.py'], extra))).toEqual(['pkg/__init__.py']);
  });

  it('lists top-level names for top_level.txt', () => {
    const outcome = select(
      SETUPTOOLS,
      ['lib/a/__init__.py', 'lib/a/b/__init__.py', 'lib/solo.py'],
      '[tool.setuptools]\npackages = ["a", "a.b"]\npy-modules = ["solo"]\npackage-dir = { "" = "lib" }\n',
    );
    expect(outcome.kind === 'native' && outcome.selection.topLevelNames).toEqual(['a', 'solo']);
  });

  /** A setuptools project of `pkg/` plus `files` (path -> text), selected with a file reader. */
  function selectWithFiles(files: Record<string, string>): SelectionOutcome {
    const project = parsePyProject(`${SETUPTOOLS}[project]\nname = "token-lib"\nversion = "1.0"\n`, 'libs/t/pyproject.toml');
    const tree = new ProjectTree(['pyproject.toml', 'pkg/__init__.py', ...Object.keys(files)]);
    return selectDistFiles(project, tree, { readFile: (path) => files[path] });
  }

  it('builds a project whose setup.py only calls setup(), shipping setup.py in the sdist', () => {
    const outcome = selectWithFiles({ 'setup.py': 'from setuptools import setup\nsetup()\n' });
    expect(wheel(outcome)).toEqual(['pkg/__init__.py']);
    expect(outcome.kind === 'native' && outcome.selection.sdistExtras).toEqual(['setup.py']);
    const withArguments = selectWithFiles({ 'setup.py': 'from setuptools import setup\nsetup(zip_safe=False)\n' });
    expect(withArguments.kind === 'unsupported' && withArguments.reason).toBe('setup.py does more than call setup() with no arguments (setuptools runs it)');
  });

  it('builds a project whose setup.cfg holds only other tools settings, shipping it in the sdist; refuses one setuptools reads', () => {
    const outcome = selectWithFiles({ 'setup.cfg': '[flake8]\nmax-line-length = 100\n' });
    expect(wheel(outcome)).toEqual(['pkg/__init__.py']);
    expect(outcome.kind === 'native' && outcome.selection.sdistExtras).toEqual(['setup.cfg']);
    expect(outcome.kind === 'native' && outcome.selection.setupCfgSections).toEqual([{ name: 'flake8', options: [['max-line-length', '100']] }]);
    const refused = selectWithFiles({ 'setup.cfg': '[metadata]\nname = token-lib\n' });
    expect(refused.kind === 'unsupported' && refused.reason).toBe('setup.cfg has a [metadata] section, which setuptools reads');
  });

  it.each([
    [['setup.py', 'pkg/__init__.py'], '', 'setup.py does more than call setup()'],
    [['MANIFEST.in', 'pkg/__init__.py'], '', 'MANIFEST.in is present'],
    [['pkg/__init__.py'], '[tool.setuptools]\ndata-files = { "share" = ["x"] }\n', '[tool.setuptools] data-files'],
    [['pkg/__init__.py'], 'dynamic = ["readme"]\n', '[project].dynamic lists readme'],
  ])('hands %j %s to the PEP 517 frontend', (files, extra, reason) => {
    const outcome = select(SETUPTOOLS, files, extra.startsWith('dynamic') ? extra : extra);
    expect(outcome.kind).toBe('unsupported');
    expect(outcome.kind === 'unsupported' && outcome.reason).toContain(reason);
  });

  it('treats a project without [build-system] as setuptools (PEP 517 default)', () => {
    expect(wheel(select('', ['token_lib/__init__.py']))).toEqual(['token_lib/__init__.py']);
  });
});

describe('selectDistFiles with other backends', () => {
  it('hatchling: explicit packages ship every file, minus the .gitignore, without the src/ prefix', () => {
    const extra = '[tool.hatch.build.targets.wheel]\npackages = ["src/tok"]\n';
    expect(wheel(select(HATCHLING, ['src/tok/__init__.py', 'src/tok/logo.svg', 'src/tok/debug.log'], extra, '*.log\n'))).toEqual([
      'tok/__init__.py <- src/tok/__init__.py',
      'tok/logo.svg <- src/tok/logo.svg',
    ]);
  });

  it('hatchling: defaults to <name>/, src/<name>/ or <name>.py, else hands over', () => {
    expect(wheel(select(HATCHLING, ['token_lib/__init__.py', 'token_lib/a.txt']))).toEqual(['token_lib/__init__.py', 'token_lib/a.txt']);
    expect(wheel(select(HATCHLING, ['src/token_lib/__init__.py']))).toEqual(['token_lib/__init__.py <- src/token_lib/__init__.py']);
    expect(wheel(select(HATCHLING, ['token_lib.py']))).toEqual(['token_lib.py']);
    expect(select(HATCHLING, ['other/__init__.py'])).toMatchObject({ kind: 'unsupported' });
    expect(select(HATCHLING, ['token_lib/__init__.py'], '[tool.hatch.build]\nforce-include = { "../shared" = "shared" }\n')).toMatchObject({
      kind: 'unsupported',
      reason: '[tool.hatch.build] force-include is not supported natively',
    });
  });

  it("flit: the sdist holds the module plus [tool.flit.sdist] include minus exclude, as flit_core's SdistBuilder", () => {
    const files = ['token_lib/__init__.py', 'docs/index.rst', 'docs/a.html', 'tests/test_a.py', 'notes.txt'];
    const sdist = (extra: string) => {
      const outcome = select(FLIT, files, extra);
      return outcome.kind === 'native' ? outcome.selection.sdistExtras : outcome.reason;
    };
    expect(sdist('')).toEqual([]);
    expect(sdist('[tool.flit.sdist]\ninclude = ["docs/", "tests/*.py"]\nexclude = ["docs/*.html"]\n')).toEqual(['docs/index.rst', 'tests/test_a.py']);
    expect(sdist('[tool.flit.sdist]\nexclude = ["token_lib/__init__.py"]\n')).toBe(
      '[tool.flit.sdist] exclude leaves token_lib/__init__.py out of the sdist but not the wheel',
    );
    expect(() => sdist('[tool.flit.sdist]\ninclude = ["../outside"]\n')).toThrow(expect.objectContaining({ code: 'DIST_TOOL_CONFIG_INVALID' }));
  });

  it('flit: finds the one module named after the project, and refuses two candidates', () => {
    expect(wheel(select(FLIT, ['src/token_lib/__init__.py', 'src/token_lib/data/w.txt']))).toEqual([
      'token_lib/__init__.py <- src/token_lib/__init__.py',
      'token_lib/data/w.txt <- src/token_lib/data/w.txt',
    ]);
    expect(wheel(select(FLIT, ['other.py'], '[tool.flit.module]\nname = "other"\n'))).toEqual(['other.py']);
    expect(() => select(FLIT, ['token_lib/__init__.py', 'token_lib.py'])).toThrow(expect.objectContaining({ code: 'DIST_MODULE_AMBIGUOUS' }));
    expect(() => select(FLIT, ['README.md'])).toThrow(expect.objectContaining({ code: 'DIST_PACKAGE_MISSING' }));
  });

  it('pdm-backend: packages with __init__.py from src/ (or the root), tests aside', () => {
    expect(wheel(select(PDM, ['src/token_lib/__init__.py', 'src/token_lib/x.json', 'src/notpkg/a.txt']))).toEqual([
      'token_lib/__init__.py <- src/token_lib/__init__.py',
      'token_lib/x.json <- src/token_lib/x.json',
    ]);
    expect(wheel(select(PDM, ['token_lib/__init__.py', 'tests/__init__.py']))).toEqual(['token_lib/__init__.py']);
    expect(select(PDM, ['token_lib/__init__.py'], '[tool.pdm.build]\nincludes = ["x"]\n')).toMatchObject({ kind: 'unsupported' });
  });

  it('hands a project whose build-system requires a plugin to the PEP 517 frontend', () => {
    const scm = '[build-system]\nrequires = ["setuptools>=61", "setuptools_scm[toml]>=8"]\nbuild-backend = "setuptools.build_meta"\n';
    expect(select(scm, ['pkg/__init__.py'])).toEqual({
      kind: 'unsupported',
      reason: '[build-system].requires lists setuptools-scm, a build plugin the native builder does not run',
    });
    expect(select('[build-system]\nrequires = ["Flit_Core >=3.2,<4"]\nbuild-backend = "flit_core.buildapi"\n', ['token_lib.py'])).toMatchObject({
      kind: 'native',
    });
  });

  it('hands an unknown backend to the PEP 517 frontend', () => {
    expect(select('[build-system]\nrequires = ["maturin"]\nbuild-backend = "maturin"\n', ['src/lib.rs'])).toEqual({
      kind: 'unsupported',
      reason: 'build backend "maturin" has no native builder',
    });
  });
});

describe('selectLicenseFiles and selectReadmeFile', () => {
  const project = (extra: string) => parsePyProject(`[project]\nname = "t"\nversion = "1"\n${extra}`, 'p/pyproject.toml');
  const tree = new ProjectTree(['LICENSE', 'COPYING.txt', 'NOTICE', 'docs/LICENSE', 'licenses/a.txt', 'README.md']);

  it('uses the PEP 639 default globs at the root when nothing is declared', () => {
    expect(selectLicenseFiles(project(''), tree)).toEqual(['COPYING.txt', 'LICENSE', 'NOTICE']);
  });

  it('uses license-files globs, and fails on a pattern matching nothing', () => {
    expect(selectLicenseFiles(project('license-files = ["licenses/*.txt"]\n'), tree)).toEqual(['licenses/a.txt']);
    expect(() => selectLicenseFiles(project('license-files = ["LICENSES/*"]\n'), tree)).toThrow(expect.objectContaining({ code: 'DIST_LICENSE_MISSING' }));
  });

  it('uses the license table file alone, and fails when it is missing', () => {
    expect(selectLicenseFiles(project('license = { file = "docs/LICENSE" }\n'), tree)).toEqual(['docs/LICENSE']);
    expect(() => selectLicenseFiles(project('license = { file = "LICENSE.md" }\n'), tree)).toThrow(
      expect.objectContaining({ code: 'DIST_LICENSE_MISSING', location: { file: 'p/pyproject.toml', keyPath: 'project.license.file' } }),
    );
  });

  it('fails on a missing README, naming the key', () => {
    expect(selectReadmeFile(project('readme = "README.md"\n'), tree)).toBe('README.md');
    expect(() => selectReadmeFile(project('readme = "README.rst"\n'), tree)).toThrow(
      expect.objectContaining({ code: 'DIST_README_MISSING', location: { file: 'p/pyproject.toml', keyPath: 'project.readme' } }),
    );
  });
});
