import { toWorkspaceRelative } from './workspace-path';

describe('toWorkspaceRelative', () => {
  it('keeps paths inside the workspace, in POSIX form', () => {
    expect(toWorkspaceRelative('/ws', 'tools/pip.conf')).toBe('tools/pip.conf');
    expect(toWorkspaceRelative('/ws', '/ws/a/../b.conf')).toBe('b.conf');
    expect(toWorkspaceRelative('/ws', './..inside/x')).toBe('..inside/x');
  });

  it('refuses paths that leave it', () => {
    expect(toWorkspaceRelative('/ws', '../x.conf')).toBeUndefined();
    expect(toWorkspaceRelative('/ws', '/etc/pip.conf')).toBeUndefined();
    expect(toWorkspaceRelative('/ws', 'a/../../x')).toBeUndefined();
  });
});
