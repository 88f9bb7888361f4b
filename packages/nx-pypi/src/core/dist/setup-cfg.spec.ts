import { readSetupCfg, renderSdistSetupCfg } from './setup-cfg';

function sdistText(text: string): string {
  const outcome = readSetupCfg(text);
  if (outcome.kind !== 'tools-only') throw new Error(outcome.reason);
  return renderSdistSetupCfg(outcome.sections);
}

describe('setup.cfg holding other tools settings', () => {
  it('is shipped as configparser writes it back, with the egg_info tags at the end', () => {
    const text = [
      '; leading comment',
      '[flake8]',
      'exclude =',
      '    .git,',
      '    # dropped',
      '',
      '\tbuild',
      'select: E,W   # kept: no inline comments',
      '',
      '',
      '[tool:pytest]',
      'Addopts=-ra',
      '',
    ].join('\r\n');
    expect(sdistText(text)).toBe(
      '[flake8]\nexclude = \n\t.git,\n\t\n\tbuild\nselect = E,W   # kept: no inline comments\n\n[tool:pytest]\nAddopts = -ra\n\n[egg_info]\ntag_build = \ntag_date = 0\n\n',
    );
  });

  it('an empty file becomes the egg_info tags alone', () => {
    expect(sdistText('')).toBe('[egg_info]\ntag_build = \ntag_date = 0\n\n');
    expect(sdistText('# only a comment\n\n')).toBe('[egg_info]\ntag_build = \ntag_date = 0\n\n');
  });

  it.each([['flake8'], ['mypy'], ['mypy-pkg.*'], ['isort'], ['coverage:report'], ['tool:pytest'], ['bumpversion:file:setup.py'], ['pylint.MESSAGES CONTROL']])(
    'accepts [%s]',
    (name) => {
      expect(readSetupCfg(`[${name}]\nkey = value\n`).kind).toBe('tools-only');
    },
  );

  it.each([
    ['[metadata]\nname = x\n', 'setup.cfg has a [metadata] section, which setuptools reads'],
    ['[options]\npackages = find:\n', 'setup.cfg has a [options] section, which setuptools reads'],
    ['[options.entry_points]\nx = y\n', 'setup.cfg has a [options.entry_points] section, which setuptools reads'],
    ['[egg_info]\ntag_build = .dev\n', 'setup.cfg has a [egg_info] section, which setuptools reads'],
    ['[bdist_wheel]\nuniversal = 1\n', 'setup.cfg has a [bdist_wheel] section, which setuptools reads'],
    ['[wheel]\nuniversal = 1\n', 'setup.cfg has a [wheel] section, which setuptools reads'],
    ['[DEFAULT]\ntag_build = .dev\n[flake8]\nx = 1\n', 'setup.cfg has a [DEFAULT] section, whose options setuptools applies to its commands'],
    ['[flake8]\nformat = %(path)s\n', "setup.cfg's format in [flake8] has a %, which setuptools' configparser interpolates"],
    ['[flake8]\nx = 1\n[flake8]\ny = 2\n', 'setup.cfg repeats the section [flake8] (line 3), which setuptools reports when it reads the file'],
    ['[flake8]\nx = 1\nx = 2\n', 'setup.cfg repeats x in [flake8] (line 3), which setuptools reports when it reads the file'],
    ['x = 1\n', 'setup.cfg has no section header before line 1, which setuptools reports when it reads the file'],
    ['[flake8]\njust words\n', 'setup.cfg has a line that is no option at line 2, which setuptools reports when it reads the file'],
    ['[flake8]\n= 1\n', 'setup.cfg has a line that is no option at line 2, which setuptools reports when it reads the file'],
    ['\uFEFF[flake8]\nx = 1\n', 'setup.cfg starts with a byte order mark, which setuptools reports when it reads the file'],
    ['[flake8]\nx = caf\uFFFD\n', 'setup.cfg is not valid UTF-8, which setuptools reports when it reads the file'],
  ])('hands %j to the backend', (text, reason) => {
    expect(readSetupCfg(text)).toEqual({ kind: 'unsupported', reason });
  });
});
