import { isSetupPyStub } from './setup-py-stub';

describe('isSetupPyStub', () => {
  it.each([
    ['the two-line stub', 'from setuptools import setup\n\nsetup()\n'],
    ['the module form', 'import setuptools\nsetuptools.setup()\n'],
    ['a main guard', 'import setuptools\n\nif __name__ == "__main__":\n    setuptools.setup()\n'],
    ['a main guard in single quotes on one line', "from setuptools import setup\nif __name__ == '__main__': setup()\n"],
    [
      'a shebang, comments, a docstring and CRLF',
      '#!/usr/bin/env python\r\n"""Kept for old tools.\r\n\r\nSee pyproject.toml."""\r\n# comment\r\nfrom setuptools import setup  # the backend\r\nsetup( )  # no arguments\r\n',
    ],
    ['no final newline', 'from setuptools import setup\nsetup()'],
  ])('recognizes %s', (_what, text) => {
    expect(isSetupPyStub(text)).toBe(true);
  });

  it.each([
    ['arguments', 'from setuptools import setup\nsetup(name="x")\n'],
    ['a call on the next lines', 'from setuptools import setup\nsetup(\n)\n'],
    ['another import', 'import os\nfrom setuptools import setup\nsetup()\n'],
    ['a second statement', 'from setuptools import setup\nsetup()\nprint("done")\n'],
    ['two statements on a line', 'from setuptools import setup; setup()\n'],
    ['distutils', 'from distutils.core import setup\nsetup()\n'],
    ['the call outside the guard', 'import setuptools\nif __name__ == "__main__":\nsetuptools.setup()\n'],
    ['an indented call without a guard', 'import setuptools\n    setuptools.setup()\n'],
    ['another guard', 'import setuptools\nif True:\n    setuptools.setup()\n'],
    ['no call', 'from setuptools import setup\n'],
    ['an empty file', ''],
    ['a line continuation', 'from setuptools import \\\n    setup\nsetup()\n'],
    ['a string left open', 'from setuptools import setup\nsetup() # "\nx = "\n'],
    ['a docstring after code', 'from setuptools import setup\n"""doc"""\nsetup()\n'],
  ])('refuses %s', (_what, text) => {
    expect(isSetupPyStub(text)).toBe(false);
  });
});
