import { execFileSync } from 'node:child_process';
import { scanModuleTopLevel } from './module-scan';

/**
 * The scanner must read what Python's own `ast` reads; python3 decides every expectation here.
 * Each source is one a real project could hold around its `__version__` or docstring.
 */
const SOURCES: string[] = [
  '"""Tokens."""\n__version__ = "1.2.3"\n',
  "#!/usr/bin/env python\n# -*- coding: utf-8 -*-\n'''\n    Indented docstring.\n\n      deeper line\n'''\n__version__ = '0.1'\n",
  '__version__ = version = "2.0"\n',
  '__version__: str = "3.0"\nVERSION = "x"\n',
  '__version__ = ("4."\n    "0")\n',
  '__version__ = "1.0" if True else "2.0"\n',
  '__version__ = get_version()\n',
  '__version__ = f"{1}.0"\n',
  '__version__ = b"1.0"\n',
  'from ._version import __version__\n',
  'if True:\n    __version__ = "9.9"\n__version__ = "1.1"\n',
  'def f():\n    __version__ = "9.9"\n    return """\n__version__ = "8.8"\n"""\n__version__ = "1.2"\n',
  'x = {"__version__": "7.7",\n     "k": [1, 2]}\n__version__ = "1.3"  # trailing comment\n',
  'a = 1; __version__ = "1.4"; b = 2\n',
  '__version__ = "1.5" \\\n    ""\n',
  '"""Doc with \\x41 and \\u00e9 and \\n newline and \\\\ backslash."""\n',
  'r"""Raw \\x41 doc."""\n__version__ = r"1.6"\n',
  '"Implicit" "concatenation"\n',
  '\ufeff"""BOM first."""\n__version__ = "1.7"\r\n',
  '"""\tTabbed\n\tsecond\tline\n"""\n',
  '__version__ == "no assignment"\n__version__ += "x"\n',
  'class A:\n    __version__ = "9"\n__version__ = "1.8"\n',
  '__version__ = "first"\n__version__ = "second"\n',
  'VERSION = (1, 2, 3)\n__version__ = ".".join(map(str, VERSION))\n',
  '# only a comment\n\n\n__version__ = "2.1"\n',
  '"""Doc."""\n\n"""Not a docstring."""\n',
  'import os\n"""Not a docstring after an import."""\n',
  '__all__ = ["x"]\n__version__ = "2.2"\n__author__ = "A \\"B\\" C"\n',
];

const PY = String.raw`
import ast, json, sys
out = []
for src in json.load(sys.stdin):
    mod = ast.parse(src.encode('utf-8'))
    assigns = []
    for st in mod.body:
        if isinstance(st, ast.Assign):
            targets = [t.id for t in st.targets if isinstance(t, ast.Name)]
            v = st.value
            assigns.append([targets, False, v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else None])
        elif isinstance(st, ast.AnnAssign) and st.value is not None:
            v = st.value
            assigns.append([[st.target.id] if isinstance(st.target, ast.Name) else [], True, v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else None])
    out.append({'docstring': ast.get_docstring(mod), 'assignments': assigns})
print(json.dumps(out))
`;

describe('scanModuleTopLevel', () => {
  it("reads the docstring and module-level string assignments exactly as Python's ast does", () => {
    const expected = JSON.parse(execFileSync('python3', ['-c', PY], { input: JSON.stringify(SOURCES), encoding: 'utf8' })) as Array<{
      docstring: string | null;
      assignments: Array<[string[], boolean, string | null]>;
    }>;
    const actual = SOURCES.map((src) => {
      const scanned = scanModuleTopLevel(src);
      if (!scanned) return { src, unreadable: true };
      return {
        src,
        docstring: scanned.docstring ?? null,
        // Python lists augmented assignments nowhere; the scanner ignores them too.
        assignments: scanned.assignments.map((a) => [a.targets, a.annotated, a.value.kind === 'str' ? a.value.value : null]),
      };
    });
    expect(actual).toEqual(expected.map((e, i) => ({ src: SOURCES[i], ...e })));
  });

  it('says it cannot read a module it cannot tokenize with certainty, rather than guessing', () => {
    expect(scanModuleTopLevel('__version__ = "unterminated\n')).toBeUndefined();
    expect(scanModuleTopLevel('x = (1,\n')).toBeUndefined();
    expect(scanModuleTopLevel('"""\\N{BULLET} named escape"""\n')).toBeUndefined();
  });
});
