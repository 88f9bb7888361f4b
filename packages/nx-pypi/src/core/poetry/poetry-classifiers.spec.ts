import { poetryClassifiers } from './poetry-classifiers';

const OWN = ['Topic :: X', 'Intended Audience :: Developers', 'Typing :: Typed'];
const py = (...versions: string[]) => versions.map((v) => `Programming Language :: Python :: ${v}`);
const MODERN = ['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'];

// Expected lists recorded from poetry-core 2.5.0 (ProjectPackage.all_classifiers) for the same input.
const CASES: Array<[string | undefined, string[]]> = [
  ['^3.9', py('3', '3.9', ...MODERN)],
  ['>=3.8,<4.0', py('3', '3.8', '3.9', ...MODERN)],
  ['~3.10', py('3', '3.10')],
  [undefined, py('2', '2.7', '3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', ...MODERN)],
  ['*', py('2', '2.7', '3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', ...MODERN)],
  ['^3.9.5', py('3', ...MODERN)],
  ['~2.7 || ^3.6', py('2', '2.7', '3', '3.6', '3.7', '3.8', '3.9', ...MODERN)],
  ['3.11', py('3', '3.11')],
  ['>3.9', py('3', ...MODERN)],
  ['<3.12', py('2', '2.7', '3', '3.4', '3.5', '3.6', '3.7', '3.8', '3.9', '3.10', '3.11')],
  ['>=3.10,<3.13', py('3', '3.10', '3.11', '3.12')],
];

describe('poetryClassifiers', () => {
  it.each(CASES)('adds the Python classifiers poetry-core derives from python = %p, in numeric order among the sorted others', (constraint, python) => {
    expect(poetryClassifiers(OWN, constraint, undefined)).toEqual(['Intended Audience :: Developers', ...python, 'Topic :: X', 'Typing :: Typed']);
  });

  it('adds the license classifier, sorted with the others, and writes a classifier listed twice once', () => {
    expect(poetryClassifiers(['Topic :: X', 'Topic :: X'], '~3.10', 'License :: OSI Approved :: MIT License')).toEqual([
      'License :: OSI Approved :: MIT License',
      ...py('3', '3.10'),
      'Topic :: X',
    ]);
  });

  it('puts the Python classifiers last when every other classifier sorts before them', () => {
    expect(poetryClassifiers(['Intended Audience :: Developers'], '~3.10', undefined)).toEqual(['Intended Audience :: Developers', ...py('3', '3.10')]);
  });
});
