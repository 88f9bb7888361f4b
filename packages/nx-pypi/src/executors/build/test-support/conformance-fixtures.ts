import { tokenLibFiles, type FixtureFiles } from './fixtures';

/** One project of the conformance matrix (e2e/build-conformance.e2e.ts). */
export interface BuildFixture {
  name: string;
  backend: 'setuptools' | 'hatchling' | 'flit';
  /** A module the installed package must import. */
  importName: string;
  files: FixtureFiles;
  /** Archive paths our wheel must hold, so a fixture cannot pass with both sides empty. */
  expectInWheel: string[];
}

const MIT = 'MIT License\n\nCopyright (c) 2026 The Authors\n';

function project(buildSystem: string, name: string, extra = '', readme = 'README.md', projectKeys = ''): string {
  return `${buildSystem}

[project]
name = "${name}"
version = "1.2.0"
description = "Fixture ${name}"
readme = "${readme}"
requires-python = ">=3.8"
authors = [{ name = "Ada Lovelace", email = "ada@example.com" }]
maintainers = [{ email = "ops@example.com" }]
dependencies = ["idna>=2.5,<4", "tomli>=1; python_version < '3.11'"]
${projectKeys}
[project.optional-dependencies]
Socks = ["PySocks[extra1]>=1.5.6,!=1.5.7"]

[project.urls]
Source = "https://example.com/src"
${extra}`;
}

/** The same project with `[project].dynamic` (version, and description for flit) in place of the literals. */
function dynamicProject(buildSystem: string, name: string, dynamic: string[], extra = ''): string {
  let text = project(buildSystem, name, extra).replace('version = "1.2.0"\n', '');
  if (dynamic.includes('description')) text = text.replace(`description = "Fixture ${name}"\n`, '');
  return text.replace('readme = ', `dynamic = ${JSON.stringify(dynamic)}\nreadme = `);
}

const SETUPTOOLS = '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"';
const HATCHLING = '[build-system]\nrequires = ["hatchling"]\nbuild-backend = "hatchling.build"';
const FLIT = '[build-system]\nrequires = ["flit_core>=3.4"]\nbuild-backend = "flit_core.buildapi"';

export const BUILD_FIXTURES: BuildFixture[] = [
  {
    name: 'setuptools-src-layout',
    backend: 'setuptools',
    importName: 'token_lib.cli',
    files: { ...tokenLibFiles(), LICENSE: MIT },
    expectInWheel: ['token_lib/cli.py', 'token_lib-0.1.0.dist-info/entry_points.txt', 'token_lib-0.1.0.dist-info/licenses/LICENSE'],
  },
  {
    name: 'setuptools-flat-layout',
    backend: 'setuptools',
    importName: 'flat_pkg.sub.mod',
    files: {
      'pyproject.toml': project(SETUPTOOLS, 'flat-pkg', '\n[project.scripts]\nflat = "flat_pkg:main"\n'),
      // Saved with CRLF line ends (a Windows checkout): the backends read it with universal newlines.
      'README.md': '# flat\r\n\r\nA readme with CRLF line ends.\r\n',
      'flat_pkg/__init__.py': 'def main():\n    pass\n',
      'flat_pkg/sub/mod.py': 'X = 1\n',
      // A subpackage named like a tool's output folder is code: every backend ships it.
      'flat_pkg/build/__init__.py': 'STEPS = []\n',
      'flat_pkg/data.json': '{}\n',
      'tests/test_flat.py': 'import flat_pkg\n',
      'docs/index.md': '# docs\n',
      'noxfile.py': '',
    },
    expectInWheel: ['flat_pkg/__init__.py', 'flat_pkg/sub/mod.py', 'flat_pkg/build/__init__.py'],
  },
  {
    name: 'setuptools-explicit-packages',
    backend: 'setuptools',
    importName: 'alpha.beta',
    files: {
      'pyproject.toml': project(
        SETUPTOOLS,
        'Alpha.Pkg',
        '\n[tool.setuptools]\npackages = ["alpha", "alpha.beta"]\npy-modules = ["solo"]\npackage-dir = { "" = "lib" }\n',
        'README.md',
        'license = { file = "LICENSE.txt" }\n',
      ),
      'README.md': '# alpha\n',
      'lib/alpha/__init__.py': '',
      'lib/alpha/beta/__init__.py': '',
      'lib/alpha/gamma/__init__.py': '# not listed: not shipped\n',
      'lib/solo.py': 'Y = 2\n',
      'LICENSE.txt': MIT,
    },
    expectInWheel: ['alpha/beta/__init__.py', 'solo.py', 'alpha_pkg-1.2.0.dist-info/licenses/LICENSE.txt'],
  },
  {
    name: 'setuptools-package-data-find',
    backend: 'setuptools',
    importName: 'datapkg',
    files: {
      'pyproject.toml': project(
        SETUPTOOLS,
        'datapkg',
        '\n[tool.setuptools.packages.find]\nwhere = ["src"]\ninclude = ["datapkg*"]\nexclude = ["datapkg.internal*"]\n\n[tool.setuptools.package-data]\ndatapkg = ["templates/*.txt", "schemas/**/*.json"]\n"*" = ["py.typed"]\n',
      ),
      'README.md': '# data\n',
      'src/datapkg/__init__.py': '',
      'src/datapkg/py.typed': '',
      'src/datapkg/templates/a.txt': 'a\n',
      'src/datapkg/templates/b.md': 'not matched\n',
      'src/datapkg/schemas/v1/x.json': '{}\n',
      'src/datapkg/internal/__init__.py': '',
      'src/datapkg/sub/__init__.py': '',
      'src/datapkg/sub/py.typed': '',
    },
    expectInWheel: ['datapkg/templates/a.txt', 'datapkg/schemas/v1/x.json', 'datapkg/sub/py.typed'],
  },
  {
    name: 'setuptools-single-module-rst',
    backend: 'setuptools',
    importName: 'single',
    files: {
      'pyproject.toml': project(
        SETUPTOOLS,
        'single',
        '\n[project.gui-scripts]\nsingle-gui = "single:main"\n\n[project.entry-points."nx.plugins"]\nsingle = "single:plugin"\n',
        'README.rst',
      ),
      'README.rst': 'single\n======\n\nA module.\n',
      'single.py': 'def main():\n    pass\n\ndef plugin():\n    pass\n',
      // Not COPYING: setuptools 66 leaves bare COPYING/NOTICE files out of the wheel, although its
      // own default globs (and PEP 639's, which we use) name them; see the report on this matrix.
      'LICENSE.txt': MIT,
    },
    expectInWheel: ['single.py', 'single-1.2.0.dist-info/entry_points.txt', 'single-1.2.0.dist-info/licenses/LICENSE.txt'],
  },
  {
    name: 'flit-package',
    backend: 'flit',
    importName: 'flit_pkg.sub',
    files: {
      'pyproject.toml': project(FLIT, 'flit-pkg', '\n[project.scripts]\nflitty = "flit_pkg:main"\n'),
      // Saved with CRLF line ends (a Windows checkout): the backends read it with universal newlines.
      'README.md': '# flit\r\n\r\nA readme with CRLF line ends.\r\n',
      'flit_pkg/__init__.py': '"""Flit package."""\ndef main():\n    pass\n',
      'flit_pkg/sub/__init__.py': '',
      'flit_pkg/data/words.txt': 'tokens\n',
      'flit_pkg/dist/__init__.py': '',
      LICENSE: MIT,
    },
    expectInWheel: ['flit_pkg/data/words.txt', 'flit_pkg/dist/__init__.py', 'flit_pkg-1.2.0.dist-info/licenses/LICENSE'],
  },
  {
    name: 'flit-src-module',
    backend: 'flit',
    importName: 'flit_mod',
    files: {
      'pyproject.toml': project(FLIT, 'flit-mod', '', 'README.rst'),
      'README.rst': 'flit-mod\n========\n\nA module built by flit.\n',
      'src/flit_mod.py': '"""A module."""\n',
      'tests/test_mod.py': 'import flit_mod\n',
    },
    expectInWheel: ['flit_mod.py'],
  },
  {
    name: 'hatchling-gitignore',
    backend: 'hatchling',
    importName: 'hatch_ignored',
    files: {
      'pyproject.toml': project(HATCHLING, 'hatch-ignored'),
      'README.md': '# ignored\n',
      '.gitignore': '# generated\n*.log\n/hatch_ignored/generated/\nscratch/\n',
      'hatch_ignored/__init__.py': '',
      'hatch_ignored/run.log': 'x\n',
      'hatch_ignored/generated/out.py': '',
      'hatch_ignored/scratch/notes.txt': '',
      'hatch_ignored/keep/data.txt': '',
    },
    expectInWheel: ['hatch_ignored/__init__.py', 'hatch_ignored/keep/data.txt'],
  },
  {
    name: 'hatchling-explicit-packages',
    backend: 'hatchling',
    importName: 'hatch_pkg.core',
    files: {
      'pyproject.toml': project(HATCHLING, 'hatch-pkg', '\n[tool.hatch.build.targets.wheel]\npackages = ["src/hatch_pkg"]\n'),
      'README.md': '# hatch\n',
      'src/hatch_pkg/__init__.py': '',
      'src/hatch_pkg/core.py': 'Z = 3\n',
      'src/hatch_pkg/assets/logo.svg': '<svg/>\n',
      LICENSE: MIT,
    },
    expectInWheel: ['hatch_pkg/assets/logo.svg', 'hatch_pkg-1.2.0.dist-info/licenses/LICENSE'],
  },
  {
    name: 'hatchling-default-flat',
    backend: 'hatchling',
    importName: 'hatch_flat',
    files: {
      'pyproject.toml': project(HATCHLING, 'hatch-flat'),
      // Saved with CRLF line ends (a Windows checkout): the backends read it with universal newlines.
      'README.md': '# hatch flat\r\n\r\nA readme with CRLF line ends.\r\n',
      'hatch_flat/__init__.py': '',
      'hatch_flat/data.csv': 'a,b\n',
      'hatch_flat/build/steps.py': '',
    },
    expectInWheel: ['hatch_flat/data.csv', 'hatch_flat/build/steps.py'],
  },
  {
    name: 'setuptools-dynamic-attr',
    backend: 'setuptools',
    importName: 'dyn_attr',
    files: {
      'pyproject.toml': dynamicProject(SETUPTOOLS, 'dyn-attr', ['version'], '\n[tool.setuptools.dynamic]\nversion = { attr = "dyn_attr.__version__" }\n'),
      'README.md': '# dynamic attr\n',
      // setuptools reads the annotated literal statically; the tuple below is no literal and is never evaluated.
      'src/dyn_attr/__init__.py':
        '"""Dynamic."""\nfrom typing import TYPE_CHECKING\n\n__version__: str = "2.0.1"\nVERSION_INFO = tuple(__version__.split("."))\n',
    },
    expectInWheel: ['dyn_attr/__init__.py', 'dyn_attr-2.0.1.dist-info/METADATA'],
  },
  {
    name: 'setuptools-dynamic-file',
    backend: 'setuptools',
    importName: 'dyn_file',
    files: {
      'pyproject.toml': dynamicProject(SETUPTOOLS, 'dyn-file', ['version'], '\n[tool.setuptools.dynamic]\nversion = { file = "VERSION" }\n'),
      'README.md': '# dynamic file\n',
      VERSION: '3.1.0-rc.2\n',
      'dyn_file/__init__.py': '',
    },
    expectInWheel: ['dyn_file/__init__.py', 'dyn_file-3.1.0rc2.dist-info/METADATA'],
  },
  {
    name: 'hatchling-dynamic-path',
    backend: 'hatchling',
    importName: 'hatch_dyn',
    files: {
      'pyproject.toml': dynamicProject(HATCHLING, 'hatch-dyn', ['version'], '\n[tool.hatch.version]\npath = "hatch_dyn/__about__.py"\n'),
      'README.md': '# hatch dynamic\n',
      'hatch_dyn/__init__.py': 'from .__about__ import __version__\n',
      'hatch_dyn/__about__.py': '# SPDX-License-Identifier: MIT\n__version__ = "0.4.2"\n',
    },
    expectInWheel: ['hatch_dyn/__about__.py', 'hatch_dyn-0.4.2.dist-info/METADATA'],
  },
  {
    name: 'flit-dynamic-docstring',
    backend: 'flit',
    importName: 'flit_dyn',
    files: {
      'pyproject.toml': dynamicProject(FLIT, 'flit-dyn', ['version', 'description']),
      'README.md': '# flit dynamic\n',
      'flit_dyn/__init__.py':
        '#!/usr/bin/env python\n# a comment before the docstring\n"""\n    Fast tokens, \\x2a escaped.\n\n    More text.\n"""\nimport os  # flit_core reads the AST and never runs this\n\n__version__ = \'1.0.0\'  # release\n',
    },
    expectInWheel: ['flit_dyn/__init__.py', 'flit_dyn-1.0.0.dist-info/METADATA'],
  },
  {
    name: 'flit-sdist-include-exclude',
    backend: 'flit',
    importName: 'flit_inc',
    files: {
      'pyproject.toml': project(
        FLIT,
        'flit-inc',
        '\n[tool.flit.sdist]\ninclude = ["docs/", "CHANGES.rst", "tests/**/*.py"]\nexclude = ["docs/_build", "docs/**/*.html"]\n',
      ),
      'README.md': '# flit include\n',
      'CHANGES.rst': 'Changes\n=======\n',
      'flit_inc/__init__.py': '"""Included and excluded sdist files."""\n',
      'docs/index.rst': 'Docs\n====\n',
      'docs/api/page.html': '<p/>\n',
      'docs/_build/out.txt': 'built\n',
      'tests/test_inc.py': 'import flit_inc\n',
      'tests/data/sample.json': '{}\n',
      'notes.txt': 'not in the sdist\n',
    },
    expectInWheel: ['flit_inc/__init__.py'],
  },
];
