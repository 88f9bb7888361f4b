import { PyProjectError } from './errors';
import { parsePyProject } from './parse';

const FILE = 'libs/demo/pyproject.toml';
const B = '[project]\nname = "demo"\nversion = "1.0.0"\n';

function parseError(text: string): PyProjectError {
  try {
    parsePyProject(text, FILE);
  } catch (err) {
    if (err instanceof PyProjectError) return err;
    throw err;
  }
  throw new Error('expected parsePyProject to throw');
}

describe('parsePyProject reports each problem with file, key path, line:col and a fix', () => {
  it.each([
    ['invalid name', '[project]\nname = "-demo"\nversion = "1"\n', 'project.name', '2:8', '"-demo" is not a valid project name'],
    ['name of the wrong type', '[project]\nname = 42\nversion = "1"\n', 'project.name', '2:8', 'must be a string, got an integer'],
    ['missing name', '[project]\nversion = "1"\n', 'project', '1:1', '[project] has no name'],
    ['invalid version', B.replace('"1.0.0"', '"1.0-foo"'), 'project.version', '3:11', '"1.0-foo" is not a valid PEP 440 version'],
    ['version "latest"', B.replace('"1.0.0"', '"latest"'), 'project.version', '3:11', '"latest" is not a valid PEP 440 version'],
    ['missing, non-dynamic version', '[project]\nname = "demo"\n', 'project', '1:1', 'has no version'],
    ['version both static and dynamic', `${B}dynamic = ["version"]\n`, 'project.dynamic[0]', '4:12', '"version" is listed in dynamic but also set'],
    ['readme both static and dynamic', `${B}readme = "README.md"\ndynamic = ["readme"]\n`, 'project.dynamic[0]', '5:12', '"readme" is listed in dynamic'],
    ['dynamic name', `${B}dynamic = ["name"]\n`, 'project.dynamic[0]', '4:12', '"name" can never be dynamic'],
    ['unknown dynamic field', `${B}dynamic = ["homepage"]\n`, 'project.dynamic[0]', '4:12', '"homepage" is not a [project] field'],
    ['unknown [project] key', `${B}homepage = "https://x"\n`, 'project.homepage', '4:1', 'unknown key "homepage"'],
    [
      'PEP 794 key nx-pypi cannot carry yet',
      `${B}import-names = ["demo"]\n`,
      'project.import-names',
      '4:1',
      '"import-names" (PEP 794, core metadata 2.5) is not supported by nx-pypi yet',
    ],
    ['misspelt [project] key', `${B}requires_python = ">=3.9"\n`, 'project.requires_python', '4:1', 'did you mean "requires-python"'],
    ['multi-line description', `${B}description = """one\ntwo"""\n`, 'project.description', '4:15', 'must be a single line'],
    ['absolute readme path', `${B}readme = "/abs/README.md"\n`, 'project.readme', '4:10', '"/abs/README.md" is an absolute path'],
    [
      'readme without a suffix that names its format (PEP 621: MUST refuse)',
      `${B}readme = "README"\n`,
      'project.readme',
      '4:10',
      '"README" has no suffix that says its format',
    ],
    [
      'readme with file and text',
      `${B}readme = { file = "README.md", text = "x", content-type = "text/markdown" }\n`,
      'project.readme',
      '4:10',
      'file or text, not both',
    ],
    ['readme table without content-type', `${B}readme = { file = "README.md" }\n`, 'project.readme', '4:10', 'needs a content-type'],
    [
      'readme content-type PyPI cannot render',
      `${B}readme = { text = "x", content-type = "text/html" }\n`,
      'project.readme.content-type',
      '4:39',
      '"text/html" is not a readme content type',
    ],
    ['requires-python with a trailing comma', `${B}requires-python = ">=3.9,"\n`, 'project.requires-python', '4:19', 'expected a version specifier after ","'],
    ['requires-python as a number', `${B}requires-python = 3.9\n`, 'project.requires-python', '4:19', 'must be a string, got a float'],
    ['incomplete license expression', `${B}license = "MIT OR"\n`, 'project.license', '4:11', 'expected a license identifier such as MIT, found the end'],
    [
      'license name instead of SPDX id',
      `${B}license = "MIT License"\n`,
      'project.license',
      '4:11',
      'expected AND, OR or WITH between license identifiers, found "License"',
    ],
    ['license table with file and text', `${B}license = { file = "LICENSE", text = "MIT" }\n`, 'project.license', '4:11', 'file or text, not both'],
    [
      'License classifier next to an SPDX license',
      `${B}license = "MIT"\nclassifiers = ["License :: OSI Approved :: MIT License"]\n`,
      'project.classifiers[0]',
      '5:16',
      'cannot be combined with a license expression',
    ],
    [
      'license-files with the legacy license table',
      `${B}license = { file = "LICENSE" }\nlicense-files = ["LICENSE"]\n`,
      'project.license-files',
      '5:17',
      'license-files cannot be used with the legacy license table',
    ],
    ['license-files outside the project', `${B}license-files = ["../LICENSE"]\n`, 'project.license-files[0]', '4:18', 'contains ".."'],
    ['author given as a string', `${B}authors = ["Ada <ada@example.com>"]\n`, 'project.authors[0]', '4:12', 'must be a table, got a string'],
    [
      'author with a bad email',
      `${B}authors = [{ name = "Ada", email = "ada-at-example" }]\n`,
      'project.authors[0].email',
      '4:36',
      '"ada-at-example" is not a valid email address',
    ],
    ['maintainer without name or email', `${B}maintainers = [{}]\n`, 'project.maintainers[0]', '4:16', 'a person needs a name or an email'],
    [
      'unknown key in an author, multi-line array',
      `${B}authors = [\n  { name = "Ada", url = "https://ada" },\n]\n`,
      'project.authors[0].url',
      '5:19',
      'unknown key "url"',
    ],
    ['url that is not a string', `${B}[project.urls]\nHomepage = 1\n`, 'project.urls.Homepage', '5:12', 'must be a string, got an integer'],
    [
      'quoted url label with a bad URL',
      `${B}[project.urls]\n"Bug Tracker" = "not a url"\n`,
      'project.urls."Bug Tracker"',
      '5:17',
      '"not a url" is not an absolute URL',
    ],
    [
      'url label over 32 characters',
      `${B}[project.urls]\n"A very long label that exceeds the limit" = "https://x"\n`,
      'project.urls."A very long label that exceeds the limit"',
      '5:1',
      'longer than 32 characters',
    ],
    [
      'script without a function',
      `${B}[project.scripts]\nmytool = "mypkg.cli"\n`,
      'project.scripts.mytool',
      '5:10',
      '"mypkg.cli" is not a "module:function" reference',
    ],
    ['script name with a space', `${B}[project.scripts]\n"my tool" = "a:b"\n`, 'project.scripts."my tool"', '5:1', '"my tool" is not a usable script name'],
    [
      'console_scripts under entry-points',
      `${B}[project.entry-points.console_scripts]\nfoo = "a:b"\n`,
      'project.entry-points.console_scripts',
      '4:1',
      'the "console_scripts" group is not allowed in entry-points',
    ],
    [
      'entry point with a bad reference',
      `${B}[project.entry-points."my.group"]\nfoo = "a:b:c"\n`,
      'project.entry-points."my.group".foo',
      '5:7',
      '"a:b:c" is not an object reference',
    ],
    [
      'entry point group that is not a table',
      `${B}[project.entry-points]\nmygroup = "x:y"\n`,
      'project.entry-points.mygroup',
      '5:11',
      'must be a table, got a string',
    ],
    [
      'bad requirement in a multi-line array',
      `${B}dependencies = [\n  "requests>=2",\n  "idna>=",\n]\n`,
      'project.dependencies[1]',
      '6:3',
      'invalid requirement "idna>=": expected a version after ">=", found the end (at offset 6)',
    ],
    ['dependency that is not a string', `${B}dependencies = [1]\n`, 'project.dependencies[0]', '4:17', 'must be a string, got an integer'],
    [
      'invalid extra name',
      `${B}[project.optional-dependencies]\n"-bad" = ["x"]\n`,
      'project.optional-dependencies.-bad',
      '5:1',
      '"-bad" is not a valid extra name',
    ],
    [
      'bad marker in an extra',
      `${B}[project.optional-dependencies]\ntest = ["pytest ; python_version >= 3"]\n`,
      'project.optional-dependencies.test[0]',
      '5:9',
      'unexpected "3" in the marker',
    ],
    [
      'extras equal after normalization',
      `${B}[project.optional-dependencies]\nDev = []\ndev = []\n`,
      'project.optional-dependencies.dev',
      '6:1',
      'extra "dev" is the same extra as "Dev"',
    ],
    ['build-system without requires', `[build-system]\nbuild-backend = "hatchling.build"\n${B}`, 'build-system', '1:1', '[build-system] has no requires'],
    [
      'misspelt build-system key',
      `[build-system]\nrequires = []\nbuild_backend = "x"\n${B}`,
      'build-system.build_backend',
      '3:1',
      'did you mean "build-backend"',
    ],
    ['bad build requirement', `[build-system]\nrequires = ["setuptools>="]\n${B}`, 'build-system.requires[0]', '2:13', 'invalid requirement "setuptools>="'],
    [
      'build-backend that is a path',
      `[build-system]\nrequires = []\nbuild-backend = "hatchling/build"\n${B}`,
      'build-system.build-backend',
      '3:17',
      'is not a module or module:object reference',
    ],
    ['missing [project]', '[build-system]\nrequires = []\n', 'project', '1:1', 'there is no [project] table'],
    ['project that is not a table', 'project = "demo"\n', 'project', '1:11', 'must be a table, got a string'],
    ['tool that is not a table', `tool = 1\n${B}`, 'tool', '1:8', 'must be a table, got an integer'],
    ['keywords as one string', `${B}keywords = "a, b"\n`, 'project.keywords', '4:12', 'must be an array, got a string'],
    ['malformed classifier', `${B}classifiers = ["Python 3"]\n`, 'project.classifiers[0]', '4:16', '"Python 3" is not a trove classifier'],
    [
      'invalid version in dotted-key form',
      'project.name = "demo"\nproject.version = "x.y"\n',
      'project.version',
      '2:19',
      '"x.y" is not a valid PEP 440 version',
    ],
    [
      'invalid version with CRLF line endings',
      B.replace('"1.0.0"', '"1.0-foo"').replace(/\n/g, '\r\n'),
      'project.version',
      '3:11',
      'is not a valid PEP 440 version',
    ],
    [
      'invalid version after a multi-line string that looks like a table',
      '[tool.demo]\ntext = """\n[project]\nversion = "fake"\n"""\n\n[project]\nname = "demo"\nversion = "bad!"\n',
      'project.version',
      '9:11',
      '"bad!" is not a valid PEP 440 version',
    ],
  ])('%s', (_title, text, keyPath, lineCol, message) => {
    const err = parseError(text);
    expect(err.problems).toHaveLength(1);
    const [line, column] = lineCol.split(':').map(Number);
    expect(err.problems[0].location).toEqual({ file: FILE, keyPath, line, column });
    const rendered = err.render();
    const [first, hint] = rendered.split('\n');
    expect(first.startsWith(`${FILE}:${lineCol} [${keyPath}] `)).toBe(true);
    expect(first).toContain(message);
    // Every problem says what to do next.
    expect(hint).toMatch(/^ {2}\S/);
  });

  it("reports a TOML syntax error at smol-toml's line and column", () => {
    const err = parseError('[project]\nname = "demo\nversion = "1"\n');
    expect(err.problems).toHaveLength(1);
    expect(err.problems[0].code).toBe('PYPROJECT_TOML_SYNTAX');
    expect(err.problems[0].location).toEqual({ file: FILE, line: 2, column: 13 });
    expect(err.render()).toMatch(/^libs\/demo\/pyproject\.toml:2:13 invalid TOML: .+\n {2}fix the TOML syntax/);
  });

  it('collects every problem of the file, in file order, in one error', () => {
    const err = parseError('[project]\nname = "bad name"\nversion = "nope"\ndependencies = ["ok", "bad>="]\n\n[build-system]\nbuild-backend = 1\n');
    expect(err.code).toBe('PYPROJECT_INVALID');
    expect(err.problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.location?.keyPath}`)).toEqual([
      '2:8 project.name',
      '3:11 project.version',
      '4:23 project.dependencies[1]',
      '6:1 build-system',
      '7:17 build-system.build-backend',
    ]);
    const rendered = err.render();
    expect(rendered.split('\n')[0]).toBe(`${FILE} is not a valid pyproject.toml (5 problems):`);
    expect(rendered).toContain(`\n- ${FILE}:2:8 [project.name] "bad name" is not a valid project name\n    use ASCII letters`);
  });

  it('keeps array indices exact when earlier elements have the wrong type', () => {
    const err = parseError(`${B}dynamic = [1, "version"]\ndependencies = [true, "bad>="]\nclassifiers = [2, "nope"]\n`);
    expect(err.problems.map((p) => `${p.location?.line}:${p.location?.column} ${p.location?.keyPath}`)).toEqual([
      '4:12 project.dynamic[0]',
      '4:15 project.dynamic[1]',
      '5:17 project.dependencies[0]',
      '5:23 project.dependencies[1]',
      '6:16 project.classifiers[0]',
      '6:19 project.classifiers[1]',
    ]);
  });
});
