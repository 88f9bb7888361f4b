import { MISSING_SLASH_MESSAGE, routeRepositoryPath, routeServerPath } from './route-request';

describe('routeServerPath', () => {
  it.each([
    ['/repository/pypi/', { kind: 'repository', repository: 'pypi', path: '/' }],
    ['/repository/pypi/simple/foo/', { kind: 'repository', repository: 'pypi', path: '/simple/foo/' }],
    ['/repository/pypi', { kind: 'bad-repository-path', message: MISSING_SLASH_MESSAGE }],
    ['/repository/', { kind: 'bad-repository-path', message: MISSING_SLASH_MESSAGE }],
    ['/-/admin/faults', { kind: 'admin', action: 'faults' }],
    ['/simple/', { kind: 'not-found' }],
    ['/repository/%E0%A4%A/x', { kind: 'not-found' }],
  ])('%s', (path, expected) => expect(routeServerPath(path)).toEqual(expected));
});

describe('routeRepositoryPath', () => {
  it.each([
    ['POST', '/', 'hosted', { kind: 'upload' }],
    ['POST', '/', 'group', { kind: 'not-found' }],
    ['POST', '/legacy/', 'hosted', { kind: 'not-found' }],
    ['PUT', '/', 'hosted', { kind: 'not-found' }],
    ['GET', '/simple/', 'group', { kind: 'root-index' }],
    ['GET', '/simple', 'hosted', { kind: 'not-found' }],
    ['HEAD', '/simple/Foo_Bar/', 'hosted', { kind: 'project-index', name: 'Foo_Bar' }],
    ['GET', '/simple/foo', 'hosted', { kind: 'project-index', name: 'foo' }],
    ['GET', '/simple/foo bar/', 'hosted', { kind: 'not-found' }],
    ['GET', '/packages/foo/1.0/foo-1.0.tar.gz', 'group', { kind: 'package', name: 'foo', version: '1.0', filename: 'foo-1.0.tar.gz' }],
    ['GET', '/packages/foo/foo-1.0.tar.gz', 'hosted', { kind: 'not-found' }],
  ] as const)('%s %s on %s', (method, path, type, expected) => expect(routeRepositoryPath(method, path, type)).toEqual(expected));
});
