import { DynamicVersionError } from './errors';
import { computeVersionEdit, updatePyProjectVersion } from './edit-version';
import { parsePyProject } from './parse';

/** Real-world-shaped files; each must come back byte-identical except for the version characters. */
const CORPUS: Record<string, { text: string; from: string }> = {
  'double quotes, comments, inline tables, multi-line arrays': {
    from: '0.1.0',
    text: `# Token library
[build-system]
requires = ["hatchling>=1.12"]  # pinned by CI
build-backend = "hatchling.build"

[project]
name = "token-lib"
version = "0.1.0"   # bumped by nx release
description = "Tokens: PASETO, JWT, Branca"
readme = { file = "README.md", content-type = "text/markdown" }
authors = [
  { name = "Ada", email = "ada@example.com" },  # lead
]
dependencies = [
    "cryptography>=41",
    # the version key below is not ours:
    'pydantic>=2; python_version >= "3.9"',
]

[project.optional-dependencies]
cli = ["click>=8.1"]

[tool.hatch.version]
version = "9.9.9"
`,
  },
  'single-quoted literal string': {
    from: '1.2.3rc1',
    text: "[project]\nname = 'legacy'\nversion = '1.2.3rc1'\n",
  },
  'CRLF line endings': {
    from: '2024.1',
    text: '[project]\r\nname = "crlf-pkg"\r\nversion = "2024.1"\r\ndependencies = [\r\n  "requests",\r\n]\r\n',
  },
  'dotted keys at the top level': {
    from: '0.0.1',
    text: 'project.name = "dotted"\nproject.version = "0.0.1"\nproject.dependencies = ["attrs"]\n',
  },
  'inline project table': {
    from: '3.0',
    text: 'project = { name = "inline", version = "3.0", description = "x" }\n',
  },
  'non-normal spelling, odd spacing': {
    from: 'v1.0-Alpha.1',
    text: '[project]\nname="spaced"\nversion\t=\t"v1.0-Alpha.1"\n',
  },
  'multi-line basic string': {
    from: '1.0',
    text: '[project]\nname = "ml"\nversion = """1.0"""\n',
  },
  'literal multi-line string with escapes elsewhere': {
    from: '5.0.post1',
    text: '[project]\nname = "esc"\ndescription = "say \\"hi\\" \\u00e9"\nversion = \'\'\'5.0.post1\'\'\'\n',
  },
  'version after a table array and unicode': {
    from: '0.9.dev3',
    text: '[project]\nname = "uni-safe"\ndescription = "ünïcödé ✓"\nauthors = [{ name = "Zoë" }]\nversion = "0.9.dev3"\n[[tool.x.rules]]\nversion = "1"\n',
  },
};

describe('updatePyProjectVersion', () => {
  it.each(Object.entries(CORPUS))('%s: changes only the version characters', (_label, { text, from }) => {
    const result = updatePyProjectVersion(text, 'pyproject.toml', '4.5.6rc2');
    expect(result.previous).toBe(from);
    expect(result.version).toBe('4.5.6rc2');
    // The whole file is the original with `from` replaced at exactly one place.
    const at = result.text.indexOf('4.5.6rc2');
    expect(result.text.slice(0, at) + from + result.text.slice(at + '4.5.6rc2'.length)).toBe(text);
    // Re-parsed, every field but the version is what it was.
    const before = parsePyProject(text, 'pyproject.toml');
    const after = parsePyProject(result.text, 'pyproject.toml');
    expect(after.version).toBe('4.5.6rc2');
    expect({ ...after, version: undefined, rawVersion: undefined }).toEqual({ ...before, version: undefined, rawVersion: undefined });
  });

  it('writes the normal form of the new version', () => {
    expect(updatePyProjectVersion('[project]\nname = "a"\nversion = "1.0"\n', 'p.toml', '2.0.0-RC.1').text).toContain('version = "2.0.0rc1"');
  });

  it('keeps CRLF on every line', () => {
    const { text } = updatePyProjectVersion(CORPUS['CRLF line endings'].text, 'p.toml', '2024.2');
    expect(text.split('\r\n')).toHaveLength(CORPUS['CRLF line endings'].text.split('\r\n').length);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
  });

  it('throws a clear error for a dynamic version', () => {
    const text = '[project]\nname = "dyn"\ndynamic = ["version"]\n';
    expect(() => computeVersionEdit(text, 'libs/dyn/pyproject.toml', '1.0')).toThrow(DynamicVersionError);
    try {
      computeVersionEdit(text, 'libs/dyn/pyproject.toml', '1.0');
    } catch (err) {
      expect((err as DynamicVersionError).render()).toBe(
        'libs/dyn/pyproject.toml [project.version] the version of "dyn" is dynamic, but nx-pypi needs a static version to build and release\n' +
          '  set a static `version = "0.1.0"` in [project] and remove "version" from dynamic',
      );
    }
  });

  it('refuses an invalid new version and an invalid file', () => {
    expect(() => computeVersionEdit('[project]\nname = "a"\nversion = "1.0"\n', 'p.toml', '1.0-next')).toThrow('"1.0-next" is not a valid PEP 440 version');
    expect(() => computeVersionEdit('[project]\nname = "a"\nversion = "1.0"\nversion = "2"\n', 'p.toml', '1.1')).toThrow(/not a valid pyproject.toml/);
  });
});
