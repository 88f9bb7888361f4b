import type { FileChange } from './compute-workspace-edits';
import { LocalRegistryError } from './errors';
import { computeRestorePlan, parseState, renderState } from './restore-plan';

describe('computeRestorePlan', () => {
  const created: FileChange = { path: 'pip.conf', before: undefined, after: 'ours' };
  const edited: FileChange = { path: 'nx.json', before: 'theirs', after: 'ours' };

  it.each([
    ['removes a file it created and nobody touched', created, 'ours', [{ path: 'pip.conf', kind: 'remove' }]],
    ['writes back the previous text of a file it edited', edited, 'ours', [{ path: 'nx.json', kind: 'write', text: 'theirs' }]],
    ['puts back a user file that was deleted while running', edited, undefined, [{ path: 'nx.json', kind: 'write', text: 'theirs' }]],
    ['does nothing for a created file that is already gone', created, undefined, []],
    ['does nothing when the file already holds its previous text', edited, 'theirs', []],
  ])('%s', (_title, change, now, expected) => {
    expect(computeRestorePlan([change], new Map([[change.path, now]]))).toEqual(expected);
  });

  it('keeps a file someone changed while the registry ran, with a warning that says what to do', () => {
    expect(computeRestorePlan([edited], new Map([['nx.json', 'ours + a user edit']]))).toEqual([
      {
        path: 'nx.json',
        kind: 'keep',
        warning: 'nx.json was changed while the local registry ran, so it was left as is; remove what points at the local registry by hand',
      },
    ]);
    expect(computeRestorePlan([created], new Map([['pip.conf', 'edited']]))[0]).toMatchObject({
      kind: 'keep',
      warning: expect.stringMatching(/delete it if you do not need it/),
    });
  });
});

describe('state record', () => {
  const state = {
    pid: 4242,
    createdDirs: ['.nx-pypi'],
    changes: [
      { path: 'pip.conf', before: undefined, after: '[global]\n' },
      { path: 'nx.json', before: '{}\n', after: '{"plugins":[]}\n' },
    ],
  };

  it('round-trips, keeping "did not exist" apart from "was empty"', () => {
    const withEmpty = { ...state, changes: [...state.changes, { path: '.nx-pypi/local-registry-chain.pem', before: '', after: 'pem' }] };
    expect(parseState(renderState(withEmpty), 's.json')).toEqual(withEmpty);
  });

  it.each([
    ['not JSON', '{', /cannot read the state/],
    ['an unknown version', JSON.stringify({ version: 2, pid: 1, createdDirs: [], changes: [] }), /unknown version/],
    [
      'a path outside the managed files',
      JSON.stringify({ version: 1, pid: 1, createdDirs: [], changes: [{ path: '../../etc/passwd', before: null, after: '' }] }),
      /may only be one of pip.conf/,
    ],
    ['a directory outside the managed one', JSON.stringify({ version: 1, pid: 1, createdDirs: ['/'], changes: [] }), /"createdDirs" may only name .nx-pypi/],
    ['a malformed change', JSON.stringify({ version: 1, pid: 1, createdDirs: [], changes: [{ path: 'nx.json' }] }), /changes\[0\] is not/],
  ])('refuses a state file with %s, so a corrupt one never makes it write elsewhere', (_title, text, message) => {
    expect(() => parseState(text, '.nx-pypi/local-registry-state.json')).toThrow(LocalRegistryError);
    expect(() => parseState(text, '.nx-pypi/local-registry-state.json')).toThrow(message);
  });
});
