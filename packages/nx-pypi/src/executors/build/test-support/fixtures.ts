import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** Files of a fixture project: path -> text or bytes. */
export type FixtureFiles = Record<string, string | Buffer>;

/** Writes files under `root` (folders created as needed). */
export async function writeFiles(root: string, files: FixtureFiles): Promise<void> {
  for (const [path, content] of Object.entries(files)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), content);
  }
}

export async function makeTempDir(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `nx-pypi-${prefix}-`));
}

/** A small setuptools src-layout project with every metadata field the renderer maps. */
export function tokenLibFiles(overrides: FixtureFiles = {}): FixtureFiles {
  return {
    'pyproject.toml': `[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "token-lib"
version = "0.1.0"
description = "Tokens for everyone"
readme = "README.md"
requires-python = ">=3.8"
license = { text = "MIT" }
authors = [{ name = "Ada Lovelace", email = "ada@example.com" }, { name = "Grace Hopper" }]
keywords = ["tokens", "nx"]
classifiers = ["Programming Language :: Python :: 3"]
dependencies = ["requests>=2.0", "tomli; python_version < '3.11'"]

[project.optional-dependencies]
dev = ["pytest>=7"]

[project.urls]
Homepage = "https://example.com/token-lib"

[project.scripts]
token-cli = "token_lib.cli:main"
`,
    'README.md': '# token-lib\n\nTokens for everyone.\n',
    'src/token_lib/__init__.py': '__version__ = "0.1.0"\n',
    'src/token_lib/cli.py': 'def main():\n    print("tokens")\n',
    'tests/test_token_lib.py': 'import token_lib\n',
    ...overrides,
  };
}
