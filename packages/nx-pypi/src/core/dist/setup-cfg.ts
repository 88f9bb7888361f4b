/**
 * A project's setup.cfg as setuptools reads it and as its sdist ships it. Many projects configured
 * in pyproject.toml keep a setup.cfg for other tools only (flake8 reads no pyproject.toml), and
 * such a file changes nothing setuptools builds: the sdist ships it, rewritten by configparser with
 * the `[egg_info]` tags added (setuptools' sdist.make_release_tree -> egg_info.save_version_info ->
 * setopt.edit_config). Any section setuptools reads (`[metadata]`, `[options*]`, a command's options
 * such as `[bdist_wheel]` or `[egg_info]`, `[DEFAULT]`, which applies to all of them) can change the
 * build, and the backend must build.
 *
 * The reading follows Python 3.11's configparser.RawConfigParser._read with setuptools' settings
 * (strict, `=` and `:` delimiters, `#`/`;` full-line comments and no inline ones, blank lines kept
 * in values, option names kept as written); the writing follows RawConfigParser.write.
 */

export interface SetupCfgSection {
  name: string;
  /** Option name and value, in file order; a multi-line value joined with `\n`. */
  options: Array<[string, string]>;
}

export type SetupCfgOutcome = { kind: 'tools-only'; sections: SetupCfgSection[] } | { kind: 'unsupported'; reason: string };

/** Sections setuptools never reads: other tools' settings. */
const TOOL_SECTIONS = new Set([
  'flake8',
  'pycodestyle',
  'pep8',
  'pydocstyle',
  'isort',
  'mypy',
  'yapf',
  'autopep8',
  'codespell',
  'bandit',
  'darglint',
  'doc8',
  'check-manifest',
  'bumpversion',
  'semantic_release',
  'flakeheaven',
  'flakehell',
  'pylama',
  'pylint',
]);

/**
 * Whether setuptools leaves the section alone: a known tool's name, or a name no setuptools or
 * distutils command can have (`tool:pytest`, `coverage:run`, `mypy-pkg.*`, `pylint.FORMAT`) but
 * `options.*`, which setuptools reads.
 */
function isToolSection(name: string): boolean {
  if (TOOL_SECTIONS.has(name) || name.startsWith('mypy-')) return true;
  if (name === 'options' || name.startsWith('options.')) return false;
  return name.includes(':') || name.includes('.');
}

/** configparser's SECTCRE and OPTCRE (delimiters `=` and `:`), applied to a stripped line. */
const SECTION = /^\[(.+)\]/;
const OPTION = /^(.*?)\s*([=:])\s*(.*)$/;

export function readSetupCfg(text: string): SetupCfgOutcome {
  const unreadable = (why: string): SetupCfgOutcome => ({
    kind: 'unsupported',
    reason: `setup.cfg ${why}, which setuptools reports when it reads the file`,
  });
  // setuptools reads the file as UTF-8 (a byte order mark stays on the first line and breaks it).
  if (text.includes('\uFFFD')) return unreadable('is not valid UTF-8');
  if (text.startsWith('\uFEFF')) return unreadable('starts with a byte order mark');
  const sections: SetupCfgSection[] = [];
  let current: { name: string; values: Map<string, string[]> } | undefined;
  const all: Array<{ name: string; values: Map<string, string[]> }> = [];
  let option: string | undefined;
  let indentLevel = 0;
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const lineNo = i + 1;
    const comment = /^\s*[#;]/.test(line);
    const value = comment ? '' : line.trim();
    if (value === '') {
      // A blank line (not a comment) belongs to the value being read; trailing ones are stripped at the end.
      if (!comment && current && option !== undefined) current.values.get(option)?.push('');
      continue;
    }
    const indent = /\S/.exec(line)?.index ?? 0;
    if (current && option !== undefined && indent > indentLevel) {
      current.values.get(option)?.push(value);
      continue;
    }
    indentLevel = indent;
    const header = SECTION.exec(value);
    if (header) {
      const name = header[1];
      if (all.some((s) => s.name === name)) return unreadable(`repeats the section [${name}] (line ${lineNo})`);
      current = { name, values: new Map() };
      all.push(current);
      option = undefined;
      continue;
    }
    if (!current) return unreadable(`has no section header before line ${lineNo}`);
    const match = OPTION.exec(value);
    if (!match || match[1] === '') return unreadable(`has a line that is no option at line ${lineNo}`);
    option = match[1].trimEnd();
    if (current.values.has(option)) return unreadable(`repeats ${option} in [${current.name}] (line ${lineNo})`);
    current.values.set(option, [match[3].trim()]);
  }
  for (const section of all) {
    if (section.name === 'DEFAULT')
      return { kind: 'unsupported', reason: 'setup.cfg has a [DEFAULT] section, whose options setuptools applies to its commands' };
    if (!isToolSection(section.name)) return { kind: 'unsupported', reason: `setup.cfg has a [${section.name}] section, which setuptools reads` };
    const options: Array<[string, string]> = [...section.values].map(([name, parts]) => [name, parts.join('\n').trimEnd()]);
    // setuptools reads every section through configparser's %-interpolation, which fails or substitutes on a `%`.
    const percent = options.find(([, v]) => v.includes('%'));
    if (percent) return { kind: 'unsupported', reason: `setup.cfg's ${percent[0]} in [${section.name}] has a %, which setuptools' configparser interpolates` };
    sections.push({ name: section.name, options });
  }
  return { kind: 'tools-only', sections };
}

/** The setup.cfg an sdist ships: the file as configparser writes it back, with `[egg_info]` tag_build empty and tag_date 0. */
export function renderSdistSetupCfg(sections: readonly SetupCfgSection[]): string {
  const withTags: SetupCfgSection[] = [
    ...sections,
    {
      name: 'egg_info',
      options: [
        ['tag_build', ''],
        ['tag_date', '0'],
      ],
    },
  ];
  return withTags.map((s) => `[${s.name}]\n${s.options.map(([k, v]) => `${k} = ${v.replace(/\n/g, '\n\t')}\n`).join('')}\n`).join('');
}
