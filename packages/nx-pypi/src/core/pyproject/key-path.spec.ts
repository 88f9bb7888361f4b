import { formatKeyPath, parseKeyPath, type KeyPath } from './key-path';

describe('parseKeyPath reads back what formatKeyPath writes', () => {
  it.each<[KeyPath]>([
    [['project']],
    [['project', 'readme']],
    [['tool', 'poetry', 'packages', 0, 'include']],
    [['project', 'urls', 'Bug Tracker']],
    [['project', 'authors', 1, 'email']],
    [['tool', 'poetry', 'dependencies', 'my.pkg', 'version']],
    [['project', 'entry-points', 'a "quoted" group']],
  ])('%j', (path) => {
    expect(parseKeyPath(formatKeyPath(path))).toEqual(path);
  });

  it.each(['', '.project', 'project..readme', 'project.', 'project.[0]', 'project readme', 'project."unterminated'])(
    'is undefined for %j, which formatKeyPath never writes',
    (text) => {
      expect(parseKeyPath(text)).toBeUndefined();
    },
  );
});
