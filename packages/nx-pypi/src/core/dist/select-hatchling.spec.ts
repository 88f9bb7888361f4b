import { parsePyProject } from '../pyproject';
import { ProjectTree } from './project-tree';
import { selectHatchlingFiles, type HatchlingSelectionContext } from './select-hatchling';
import type { SelectionOutcome } from './selection';

const HATCHLING = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"\n';

function select(files: string[], extra = '', context: HatchlingSelectionContext = {}): SelectionOutcome {
  const project = parsePyProject(`${HATCHLING}[project]\nname = "token-lib"\nversion = "1.0"\n${extra}`, 'libs/t/pyproject.toml');
  return selectHatchlingFiles(project, new ProjectTree(['pyproject.toml', ...files]), context);
}

function native(outcome: SelectionOutcome) {
  if (outcome.kind !== 'native') throw new Error(`unsupported: ${outcome.reason}`);
  return outcome.selection;
}
const wheel = (outcome: SelectionOutcome) =>
  native(outcome).wheelMembers.map((m) => (m.archivePath === m.sourcePath ? m.archivePath : `${m.archivePath} <- ${m.sourcePath}`));
const sdist = (outcome: SelectionOutcome) => native(outcome).sdistFiles;

const PROJECT = [
  'token_lib/__init__.py',
  'token_lib/data/config.json',
  'token_lib/.DS_Store',
  'token_lib/run.log',
  'tests/test_a.py',
  'docs/index.md',
  'tox.ini',
  '.github/workflows/ci.yml',
  '.hatch/env.txt',
  'local/secret.txt',
];

describe("hatchling's file selection", () => {
  it('ships every file in the sdist but what the .gitignore, the default excludes and the skipped folders leave out', () => {
    const outcome = select([...PROJECT, '.gitignore'], '', { gitignoreText: '*.log\n/local/\n' });
    expect(sdist(outcome)).toEqual([
      '.github/workflows/ci.yml',
      '.gitignore',
      'docs/index.md',
      'pyproject.toml',
      'tests/test_a.py',
      'token_lib/__init__.py',
      'token_lib/data/config.json',
      'tox.ini',
    ]);
    expect(wheel(outcome)).toEqual(['token_lib/__init__.py', 'token_lib/data/config.json']);
    expect(native(outcome).sdistGitignoreFromAbove).toBeUndefined();
  });

  it('says when the .gitignore it read lies above the project, which the sdist still ships', () => {
    expect(native(select(PROJECT, '', { gitignoreText: '*.log\n' })).sdistGitignoreFromAbove).toBe(true);
  });

  it('drops the .gitignore patterns when they match the project folder itself, as hatchling does', () => {
    const outcome = select(PROJECT, '', { gitignoreText: 'tmp/\n*.log\n', projectRootPath: '/tmp/ws/libs/token-lib' });
    expect(wheel(outcome)).toContain('token_lib/run.log');
  });

  it('applies a target exclude over the default packages, and a global exclude where the target has none', () => {
    expect(wheel(select(PROJECT, '[tool.hatch.build.targets.wheel]\nexclude = ["*.json"]\n'))).toEqual(['token_lib/__init__.py', 'token_lib/run.log']);
    const global = select(PROJECT, '[tool.hatch.build]\nexclude = ["docs/", "*.ini"]\n');
    expect(sdist(global)).not.toContain('docs/index.md');
    expect(sdist(global)).not.toContain('tox.ini');
    expect(wheel(global)).toContain('token_lib/data/config.json');
  });

  it('keeps only the included files of a target that lists include patterns', () => {
    const outcome = select(PROJECT, '[tool.hatch.build.targets.sdist]\ninclude = ["/token_lib", "/tests"]\nexclude = ["*.json"]\n');
    expect(sdist(outcome)).toEqual(['pyproject.toml', 'tests/test_a.py', 'token_lib/__init__.py', 'token_lib/run.log']);
  });

  it('walks only-include paths, drops each package parent and applies sources', () => {
    const files = ['lib/bar/__init__.py', 'lib/bar/util.py', 'lib/other/__init__.py', 'src/a/__init__.py', 'NOTICE'];
    expect(wheel(select(files, '[tool.hatch.build.targets.wheel]\nonly-include = ["lib/bar"]\nsources = ["lib"]\n'))).toEqual([
      'bar/__init__.py <- lib/bar/__init__.py',
      'bar/util.py <- lib/bar/util.py',
    ]);
    expect(wheel(select(files, '[tool.hatch.build.targets.wheel]\npackages = ["src/a"]\n'))).toEqual(['a/__init__.py <- src/a/__init__.py']);
    expect(wheel(select(files, '[tool.hatch.build.targets.wheel]\nonly-include = ["src/a"]\nsources = { "src" = "pkg" }\n'))).toEqual([
      'pkg/a/__init__.py <- src/a/__init__.py',
    ]);
    expect(
      sdist(
        select(files, '[tool.hatch.build.targets.wheel]\npackages = ["lib/bar"]\n\n[tool.hatch.build.targets.sdist]\nonly-include = ["lib/bar", "NOTICE"]\n'),
      ),
    ).toEqual(['NOTICE', 'lib/bar/__init__.py', 'lib/bar/util.py', 'pyproject.toml']);
  });

  it('finds the one namespace folder that holds the package', () => {
    expect(wheel(select(['acme/token_lib/__init__.py', 'acme/token_lib/x.py']))).toEqual(['acme/token_lib/__init__.py', 'acme/token_lib/x.py']);
  });

  it('hands over to hatchling what it runs or follows: hooks, artifacts, non-default switches, a link out of the project', () => {
    const reason = (outcome: SelectionOutcome) => (outcome.kind === 'unsupported' ? outcome.reason : 'native');
    expect(reason(select(PROJECT, '[tool.hatch.build.targets.wheel.hooks.custom]\n'))).toBe('[tool.hatch.build.targets.wheel.hooks] runs build hooks');
    expect(reason(select(PROJECT, '[tool.hatch.build]\nartifacts = ["*.so"]\n'))).toBe('[tool.hatch.build] artifacts is not supported natively');
    expect(reason(select(PROJECT, '[tool.hatch.build.targets.sdist]\nsupport-legacy = true\n'))).toBe(
      '[tool.hatch.build.targets.sdist] support-legacy = true is not supported natively',
    );
    expect(reason(select(PROJECT, '[tool.hatch.build]\nexclude = ["!keep.py"]\n'))).toMatch(/negation "!keep\.py" is not supported natively/);
    expect(reason(select(PROJECT, '', { outsideLinks: ['docs/CHANGELOG.md'] }))).toBe(
      "docs/CHANGELOG.md is a symlink out of the project that hatchling's sdist would follow",
    );
    expect(reason(select([...PROJECT, 'hatch.toml']))).toBe('hatch.toml holds hatch settings, which the native builder reads only from [tool.hatch]');
    // Options that change nothing in a PEP 517 build, and defaults written out, stay native.
    expect(reason(select(PROJECT, '[tool.hatch.build]\ndirectory = "out"\nreproducible = true\n'))).toBe('native');
  });

  it('ships what the .gitignore excludes with ignore-vcs, and names the key of an ignore-vcs that is no boolean', () => {
    expect(wheel(select(PROJECT, '[tool.hatch.build]\nignore-vcs = true\n', { gitignoreText: '*.log\n' }))).toContain('token_lib/run.log');
    expect(() => select(PROJECT, '[tool.hatch.build.targets.wheel]\nignore-vcs = "yes"\n')).toThrow(
      expect.objectContaining({
        code: 'DIST_TOOL_CONFIG_INVALID',
        location: expect.objectContaining({ keyPath: 'tool.hatch.build.targets.wheel.ignore-vcs' }),
      }),
    );
  });

  it('refuses a wheel target that selects no file, naming the option', () => {
    expect(() => select(PROJECT, '[tool.hatch.build.targets.wheel]\ninclude = ["/nothing_here"]\n')).toThrow(
      expect.objectContaining({ code: 'DIST_PACKAGE_MISSING', message: expect.stringContaining('without a single file') }),
    );
  });

  it('names the key of an option that is not a list of paths', () => {
    expect(() => select(PROJECT, '[tool.hatch.build.targets.wheel]\npackages = "token_lib"\n')).toThrow(
      expect.objectContaining({ code: 'DIST_TOOL_CONFIG_INVALID', location: expect.objectContaining({ keyPath: 'tool.hatch.build.targets.wheel.packages' }) }),
    );
  });
});
