import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectTree } from './project-tree';
import { pythonGlob } from './python-glob';

const FILES = [
  'pyproject.toml',
  'README.rst',
  'CHANGES.rst',
  '.hidden',
  'docs/index.rst',
  'docs/api/x.html',
  'docs/.nojekyll',
  'pkg/__init__.py',
  'pkg/data/a.txt',
  'pkg/.secret/b.txt',
  'tests/test_a.py',
  'tests/data/t.json',
];
const PATTERNS = ['docs/', 'docs', '*.rst', '**/*.txt', 'docs/**/*.html', 'tests/**', '**', 'pkg/d?ta', '[CR]*.rst', 'missing/*', '.hidden', 'pkg/*'];

describe('pythonGlob', () => {
  it("matches what Python's glob.glob(recursive=True) matches on the same tree", () => {
    const dir = mkdtempSync(join(tmpdir(), 'nx-pypi-glob-'));
    try {
      for (const f of FILES) {
        mkdirSync(join(dir, f, '..'), { recursive: true });
        writeFileSync(join(dir, f), '');
      }
      const script = [
        'import glob, json, os, sys',
        'base = sys.argv[1]',
        'out = {}',
        'for p in json.loads(sys.argv[2]):',
        '    hits = [os.path.relpath(h, base) for h in glob.glob(os.path.join(base, p), recursive=True)]',
        '    out[p] = {"files": sorted(h for h in hits if os.path.isfile(os.path.join(base, h))), "dirs": sorted(h for h in hits if os.path.isdir(os.path.join(base, h)) and h != ".")}',
        'print(json.dumps(out))',
      ].join('\n');
      const expected = JSON.parse(execFileSync('python3', ['-c', script, dir, JSON.stringify(PATTERNS)], { encoding: 'utf8' }));
      const tree = new ProjectTree(FILES);
      const actual = Object.fromEntries(PATTERNS.map((p) => [p, { files: [...pythonGlob(p, tree).files].sort(), dirs: [...pythonGlob(p, tree).dirs].sort() }]));
      expect(actual).toEqual(expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
