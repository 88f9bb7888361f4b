import { readPoetryBuildModel } from './poetry-build-model';

const POETRY1 = '[tool.poetry]\nname = "token-lib"\nversion = "0.1.0"\n';
const BUILD_SYSTEM = '\n[build-system]\nrequires = ["poetry-core"]\nbuild-backend = "poetry.core.masonry.api"\n';
// The project files a model may read (the text of a license file); any other read is a failure.
const FILES: Record<string, string> = { LICENSE: 'Licensed to whoever reads this.\n\nNo warranty.\n', 'ID-LICENSE': 'apache-2.0' };
const readText = (path: string) => {
  if (FILES[path] === undefined) throw new Error(`unexpected read of ${path}`);
  return FILES[path];
};
const reason = (text: string) => {
  const outcome = readPoetryBuildModel(text + BUILD_SYSTEM, 'libs/token-lib/pyproject.toml', readText);
  return outcome.kind === 'unsupported' ? outcome.reason : 'native';
};

describe('readPoetryBuildModel: what the native build leaves to poetry-core, and why', () => {
  it.each([
    ['a build script', `${POETRY1}\n[tool.poetry.build]\nscript = "build.py"\n`, '[tool.poetry.build] runs a build script, which only poetry-core runs'],
    ['a build script in the short form', `${POETRY1}build = "build.py"\n`, '[tool.poetry.build] runs a build script, which only poetry-core runs'],
    [
      'a generated setup.py',
      `${POETRY1}\n[tool.poetry.build]\ngenerate-setup-file = true\n`,
      '[tool.poetry.build] generate-setup-file adds a setup.py only poetry-core writes',
    ],
    [
      'a file script',
      `${POETRY1}\n[tool.poetry.scripts]\nrun = { reference = "bin/run.sh", type = "file" }\n`,
      '[tool.poetry.scripts] has a file script, which only poetry-core copies',
    ],
    [
      'a legacy script table',
      `${POETRY1}\n[tool.poetry.scripts]\nrun = { callable = "token_lib:main" }\n`,
      '[tool.poetry.scripts] has a table without type = "console", which poetry-core 2.x reads its own way',
    ],
    [
      'a python union',
      `${POETRY1}\n[tool.poetry.dependencies]\npython = "~2.7 || ^3.6"\n`,
      'python = "~2.7 || ^3.6" is a union, whose Requires-Python poetry-core 2.x words its own way',
    ],
    [
      'a dependency with a python union',
      `${POETRY1}\n[tool.poetry.dependencies]\nfoo = { version = "^1", python = "~2.7 || ^3.6" }\n`,
      'dependency "foo" has a python union, whose marker poetry-core 2.x simplifies its own way',
    ],
    [
      'a license that may be an SPDX full name',
      `${POETRY1}license = "MIT License"\n`,
      'license "MIT License" may be an SPDX full name, which poetry-core maps to an identifier by its own table',
    ],
    [
      'entries merged into dynamic [project] dependencies',
      '[project]\nname = "token-lib"\nversion = "0.1.0"\ndynamic = ["optional-dependencies"]\ndependencies = ["idna"]\n\n[tool.poetry.dependencies]\nrequests = "^2"\n',
      '[tool.poetry.dependencies] "requests" is merged into dynamic [project] dependencies, which poetry-core does its own way',
    ],
  ])('%s', (_title, text, expected) => {
    expect(reason(text)).toBe(expected);
  });

  it('a dynamic version poetry-dynamic-versioning computes from VCS tags', () => {
    const text =
      '[project]\nname = "token-lib"\ndynamic = ["version"]\n\n[tool.poetry]\nversion = "0.0.0"\n\n' +
      '[build-system]\nrequires = ["poetry-core", "poetry-dynamic-versioning>=1"]\nbuild-backend = "poetry.core.masonry.api"\n';
    const outcome = readPoetryBuildModel(text, 'libs/token-lib/pyproject.toml', readText);
    expect(outcome).toEqual({ kind: 'unsupported', reason: '[project].dynamic lists version and poetry-dynamic-versioning computes it from VCS tags' });
  });

  it('reads a [project].license file as the License text poetry-core writes, and adds the file to the default license files', () => {
    const model = (license: string) => {
      const outcome = readPoetryBuildModel(
        `[project]\nname = "token-lib"\nversion = "0.1.0"\nlicense = ${license}\n${BUILD_SYSTEM}`,
        'libs/token-lib/pyproject.toml',
        readText,
      );
      if (outcome.kind !== 'native') throw new Error(outcome.reason);
      return outcome.model;
    };
    const fromText = model('{ file = "LICENSE" }');
    expect(fromText.metadata.license).toBe(FILES.LICENSE);
    expect(fromText.metadata.classifiers).toContain('License :: Other/Proprietary License');
    expect(fromText.licenseFiles).toEqual({ kind: 'defaults', licenseFile: 'LICENSE' });
    const fromId = model('{ file = "ID-LICENSE" }');
    expect(fromId.metadata.license).toBe('Apache-2.0');
    expect(fromId.metadata.classifiers).toContain('License :: OSI Approved :: Apache Software License');
  });

  it('builds natively with generate-setup-file = false alone, and with locking-only entries beside static [project] requirements', () => {
    expect(reason(`${POETRY1}\n[tool.poetry.build]\ngenerate-setup-file = false\n`)).toBe('native');
    expect(
      reason(
        '[project]\nname = "token-lib"\nversion = "0.1.0"\ndependencies = ["requests>=2"]\n\n[tool.poetry.dependencies]\nrequests = { source = "private" }\n',
      ),
    ).toBe('native');
  });
});
