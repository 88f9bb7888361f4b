/**
 * The real `keyring` command (Debian's python3-keyring) with a real file backend
 * (keyrings.alt's PlaintextKeyring) in a directory of each test's own.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { inspect } from 'node:util';
import { createKeyringSpy, createTestKeyring } from '../../test-support/keyring';
import { askKeyringCli } from './keyring-cli';

const SERVICE = 'https://nexus.example.com/repository/pypi-hosted/';
// Spaces, quotes, a percent sign and non-ASCII: what comes back must be exactly what was stored.
const PASSWORD = 'kr "Pässwörd" 100% $HOME';

describe('askKeyringCli', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-pypi-keyring-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the stored password from stdout, exactly, as a Secret; another user has none', () => {
    const keyring = createTestKeyring(dir);
    keyring.set(SERVICE, 'deployer', PASSWORD);
    const ask = askKeyringCli(keyring.env);
    const found = ask(SERVICE, 'deployer');
    expect(found.kind).toBe('found');
    if (found.kind !== 'found') return;
    expect(found.password.reveal()).toBe(PASSWORD);
    expect(inspect(found)).not.toContain('Pässwörd');
    expect(ask(SERVICE, 'someone-else')).toEqual({ kind: 'none' });
    expect(ask('https://other.example.com/', 'deployer')).toEqual({ kind: 'none' });
  });

  it('runs `keyring get <service> <user>` with stdin closed: the password never in its argv or environment', () => {
    const keyring = createTestKeyring(dir);
    keyring.set(SERVICE, 'deployer', PASSWORD);
    const spy = createKeyringSpy(dir);
    const ask = askKeyringCli({ ...keyring.env, PATH: `${spy.binDir}${delimiter}${keyring.env.PATH}` });
    expect(ask(SERVICE, 'deployer').kind).toBe('found');
    const calls = spy.calls();
    expect(calls.map((c) => c.argv)).toEqual([['get', SERVICE, 'deployer']]);
    expect(calls[0].env).not.toContain('Pässwörd');
    expect(calls[0].env).toContain('PYTHONIOENCODING=utf-8');
    expect(calls[0].stdin).toBe('/dev/null');
  });

  it('asks once per service, user and environment in a process', () => {
    const keyring = createTestKeyring(dir);
    keyring.set(SERVICE, 'deployer', PASSWORD);
    const spy = createKeyringSpy(dir);
    const env = { ...keyring.env, PATH: `${spy.binDir}${delimiter}${keyring.env.PATH}` };
    askKeyringCli(env)(SERVICE, 'deployer');
    askKeyringCli({ ...env })(SERVICE, 'deployer');
    askKeyringCli(env)(SERVICE, 'nobody');
    askKeyringCli(env)(SERVICE, 'nobody');
    askKeyringCli({ ...env, PYTHON_KEYRING_BACKEND: 'keyring.backends.null.Keyring' })(SERVICE, 'deployer');
    expect(spy.calls().map((c) => c.argv[2])).toEqual(['deployer', 'nobody', 'deployer']);
  });

  it("keeps the last line of keyring's error when the backend fails", () => {
    const keyring = createTestKeyring(dir);
    const answer = askKeyringCli({ ...keyring.env, PYTHON_KEYRING_BACKEND: 'keyring.backends.fail.Keyring' })(SERVICE, 'deployer');
    expect(answer).toEqual({ kind: 'none', detail: expect.stringMatching(/^keyring\.errors\.NoKeyringError: No recommended backend/) });
  });

  it('says when there is no keyring command on PATH', () => {
    const empty = join(dir, 'empty-bin');
    mkdirSync(empty);
    expect(askKeyringCli({ PATH: empty, HOME: dir })(SERVICE, 'deployer')).toEqual({ kind: 'unavailable', reason: 'no `keyring` command on PATH' });
  });

  it('gives up on a keyring that does not answer in time (a backend waiting to be unlocked)', () => {
    const bin = join(dir, 'slow-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'keyring'), '#!/bin/sh\nsleep 30\n');
    chmodSync(join(bin, 'keyring'), 0o755);
    const started = Date.now();
    const answer = askKeyringCli({ PATH: `${bin}${delimiter}/usr/bin:/bin`, HOME: dir }, 300)(SERVICE, 'deployer');
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(answer).toEqual({
      kind: 'unavailable',
      reason: `\`keyring get ${SERVICE} deployer\` did not answer within 0.3 s (a backend waiting to be unlocked?); set NX_PYPI_KEYRING_PROVIDER=disabled to skip keyring`,
    });
  });

  it('takes an empty stored password as none, as twine does', () => {
    const bin = join(dir, 'empty-answer-bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'keyring'), '#!/bin/sh\necho\n');
    chmodSync(join(bin, 'keyring'), 0o755);
    expect(askKeyringCli({ PATH: `${bin}${delimiter}/usr/bin:/bin`, HOME: dir })(SERVICE, 'deployer')).toEqual({
      kind: 'none',
      detail: 'the stored password is empty',
    });
  });
});
