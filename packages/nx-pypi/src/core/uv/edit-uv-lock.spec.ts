// Fixtures are hand-written in the uv.lock format of the public astral-sh/uv repository's lock
// snapshots (see test-support/uv-workspace.ts for the provenance of the format).
import { UV_LOCK } from '../../test-support/uv-workspace';
import { planUvLockUpdate, type UvLockUpdate } from './edit-uv-lock';

const LOCK_PATH = 'py/uv.lock';
const LIB = { name: 'token-lib', root: 'py/packages/token-lib' };
const APP = { name: 'token-app', root: 'py/packages/token-app' };

function edited(outcome: UvLockUpdate): string {
  if (outcome.kind !== 'edited') throw new Error(`expected an edit, got ${JSON.stringify(outcome)}`);
  return outcome.text;
}

describe('planUvLockUpdate: a bumped member', () => {
  it("rewrites only the member's version line", () => {
    const outcome = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', { versions: [{ ...LIB, version: '0.2.0', required: true }] });
    expect(edited(outcome)).toBe(UV_LOCK.replace('name = "token-lib"\nversion = "0.1.0"', 'name = "token-lib"\nversion = "0.2.0"'));
    expect(outcome).toMatchObject({ changes: [{ what: 'token-lib version', keyPath: 'package[3].version', before: '0.1.0', after: '0.2.0' }] });
  });

  it('applies two bumps in turn, each to the text the previous one left', () => {
    const first = edited(planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', { versions: [{ ...LIB, version: '0.2.0', required: true }] }));
    const second = edited(planUvLockUpdate(first, LOCK_PATH, 'py', { versions: [{ ...APP, version: '0.1.1', required: true }] }));
    expect(second).toBe(
      UV_LOCK.replace('name = "token-lib"\nversion = "0.1.0"', 'name = "token-lib"\nversion = "0.2.0"').replace(
        'name = "token-app"\nversion = "0.1.0"',
        'name = "token-app"\nversion = "0.1.1"',
      ),
    );
  });

  it('keeps CRLF line endings and single-quoted strings', () => {
    const crlf = UV_LOCK.replace(
      'version = "0.1.0"\nsource = { editable = "packages/token-lib" }',
      'version = \'0.1.0\'\nsource = { editable = "packages/token-lib" }',
    ).replace(/\n/g, '\r\n');
    const text = edited(planUvLockUpdate(crlf, LOCK_PATH, 'py', { versions: [{ ...LIB, version: '0.2.0', required: true }] }));
    expect(text).toBe(crlf.replace("version = '0.1.0'", "version = '0.2.0'"));
  });

  it('finds a virtual root member at "." and a member outside the lock folder by its relative path', () => {
    const lock = UV_LOCK.replace('source = { editable = "packages/token-app" }', 'source = { virtual = "." }').replace(
      'source = { editable = "packages/token-lib" }\n',
      'source = { directory = "../libs/token-lib" }\n',
    );
    const app = edited(planUvLockUpdate(lock, LOCK_PATH, 'py', { versions: [{ name: 'Token_App', root: 'py/', version: '1.0.0', required: true }] }));
    expect(app).toContain('name = "token-app"\nversion = "1.0.0"\nsource = { virtual = "." }');
    const lib = edited(
      planUvLockUpdate(lock, LOCK_PATH, 'py', { versions: [{ name: 'token-lib', root: 'libs/token-lib', version: '1.0.0', required: true }] }),
    );
    expect(lib).toContain('name = "token-lib"\nversion = "1.0.0"\nsource = { directory = "../libs/token-lib" }');
  });

  it('also rewrites a dependency reference that names the version (uv writes one when two packages share the name)', () => {
    const lock = UV_LOCK.replace(
      'dependencies = [\n    { name = "click" },\n    { name = "token-lib" },\n]',
      'dependencies = [\n    { name = "click" },\n    { name = "token-lib", version = "0.1.0", source = { editable = "packages/token-lib" } },\n]',
    );
    const outcome = planUvLockUpdate(lock, LOCK_PATH, 'py', { versions: [{ ...LIB, version: '0.2.0', required: true }] });
    expect(edited(outcome)).toContain('{ name = "token-lib", version = "0.2.0", source = { editable = "packages/token-lib" } }');
    expect(outcome).toMatchObject({
      changes: [{ what: 'token-lib version' }, { what: "token-app's dependency on token-lib", keyPath: 'package[2].dependencies[1].version' }],
    });
  });

  it('leaves the lock as it is when the version already matches, or the member is dynamic (uv records no version)', () => {
    expect(planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', { versions: [{ ...LIB, version: '0.1.0', required: true }] })).toEqual({ kind: 'unchanged' });
    const dynamic = UV_LOCK.replace('name = "token-lib"\nversion = "0.1.0"\n', 'name = "token-lib"\n');
    expect(planUvLockUpdate(dynamic, LOCK_PATH, 'py', { versions: [{ ...LIB, version: '0.2.0', required: true }] })).toEqual({ kind: 'unchanged' });
  });
});

describe('planUvLockUpdate: a lock it cannot bring up to date is stale and left unedited', () => {
  it('when the member has no [[package]] entry', () => {
    const outcome = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', {
      versions: [{ name: 'token-cli', root: 'py/packages/token-cli', version: '0.2.0', required: true }],
    });
    expect(outcome).toEqual({ kind: 'stale', reason: 'it has no [[package]] entry for token-cli at py/packages/token-cli' });
  });

  it('when the entry is at another folder than the project', () => {
    const outcome = planUvLockUpdate(UV_LOCK, LOCK_PATH, '.', { versions: [{ ...LIB, version: '0.2.0', required: true }] });
    expect(outcome).toMatchObject({ kind: 'stale', reason: expect.stringContaining('no [[package]] entry for token-lib') });
  });

  it('when the first of two bumps is stale, the second one is not applied either', () => {
    const outcome = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', {
      versions: [
        { name: 'gone', root: 'py/packages/gone', version: '1.0.0', required: true },
        { ...LIB, version: '0.2.0', required: true },
      ],
    });
    expect(outcome.kind).toBe('stale');
  });

  it('when it is not TOML, has another schema version or an unknown shape', () => {
    expect(planUvLockUpdate('version = 1\n[[package]\n', LOCK_PATH, 'py', { versions: [] })).toEqual({
      kind: 'stale',
      reason: 'it is not valid TOML (line 2:11)',
    });
    expect(planUvLockUpdate(UV_LOCK.replace('version = 1\n', 'version = 2\n'), LOCK_PATH, 'py', { versions: [] })).toEqual({
      kind: 'stale',
      reason: 'the lock schema version is 2, not 1 (at version)',
    });
    expect(planUvLockUpdate('version = 1\n[[package]]\nversion = "1"\n', LOCK_PATH, 'py', { versions: [] })).toEqual({
      kind: 'stale',
      reason: 'a [[package]] entry has no name (at package[0])',
    });
  });

  it('skips a dependency that is not locked from a source tree when the entry is not required', () => {
    expect(planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', { versions: [{ name: 'click', root: 'libs/click', version: '9.0.0', required: false }] })).toEqual({
      kind: 'unchanged',
    });
  });
});

describe("planUvLockUpdate: a dependent's rewritten requirement", () => {
  it('needs no lock edit when it comes from the workspace: uv records it without its specifier', () => {
    const outcome = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', {
      versions: [{ ...LIB, version: '0.2.0', required: false }],
      requirements: [
        { dependent: APP, dependency: 'token-lib', collection: 'dependencies' },
        { dependent: APP, dependency: 'Token_Lib', collection: 'dependency-groups.Test' },
      ],
    });
    expect(edited(outcome)).toBe(UV_LOCK.replace('name = "token-lib"\nversion = "0.1.0"', 'name = "token-lib"\nversion = "0.2.0"'));
  });

  it('is stale, to be locked once published, when the lock gets it from an index (requires-dist or a requires-dev group)', () => {
    const distStale = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', {
      versions: [],
      requirements: [{ dependent: APP, dependency: 'click', collection: 'dependencies' }],
    });
    expect(distStale).toEqual({
      kind: 'stale',
      reason: 'token-app gets click from a package index there, so the lock must pin the new version and its file hashes',
      afterPublish: true,
    });
    const devStale = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', {
      versions: [{ ...LIB, version: '0.2.0', required: true }],
      requirements: [{ dependent: APP, dependency: 'httpx', collection: 'dependency-groups.test' }],
    });
    expect(devStale).toMatchObject({ kind: 'stale', afterPublish: true });
  });

  it("maps uv's legacy dev-dependencies to the dev group, and is stale when the lock's group lacks the requirement", () => {
    const outcome = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', {
      versions: [],
      requirements: [{ dependent: APP, dependency: 'token-lib', collection: 'tool.uv.dev-dependencies' }],
    });
    expect(outcome).toEqual({ kind: 'stale', reason: "token-app's requires-dev.dev there does not list token-lib" });
  });

  it('is stale when the dependent is not in the lock', () => {
    const outcome = planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', {
      versions: [],
      requirements: [{ dependent: { name: 'token-cli', root: 'py/packages/token-cli' }, dependency: 'token-lib', collection: 'dependencies' }],
    });
    expect(outcome).toMatchObject({ kind: 'stale', reason: 'it has no [[package]] entry for token-cli at py/packages/token-cli' });
  });

  it('ignores Poetry tables, which uv never reads', () => {
    expect(
      planUvLockUpdate(UV_LOCK, LOCK_PATH, 'py', { versions: [], requirements: [{ dependent: APP, dependency: 'click', collection: 'group.dev' }] }),
    ).toEqual({
      kind: 'unchanged',
    });
  });

  it('judges by the locked packages when the lock has no [package.metadata] (uv without package metadata)', () => {
    const bare = UV_LOCK.replace(/\n\[package\.metadata\][\s\S]*?(?=\n\[\[package\]\]\nname = "token-lib")/, '\n');
    expect(bare).not.toContain('requires-dist');
    const workspace = planUvLockUpdate(bare, LOCK_PATH, 'py', {
      versions: [],
      requirements: [{ dependent: APP, dependency: 'token-lib', collection: 'dependencies' }],
    });
    expect(workspace).toEqual({ kind: 'unchanged' });
    const index = planUvLockUpdate(bare, LOCK_PATH, 'py', {
      versions: [],
      requirements: [{ dependent: APP, dependency: 'click', collection: 'dependencies' }],
    });
    expect(index).toMatchObject({ kind: 'stale', afterPublish: true });
  });
});
