import { inspect } from 'node:util';
import { Secret } from './credentials';
import { keyringServices, lookUpKeyringPassword, readKeyringProvider, type AskKeyring, type KeyringAnswer } from './keyring';

const USER = { value: 'deployer', source: 'env TWINE_USERNAME' };
const UPLOAD = 'https://nexus.example.com/repository/pypi-hosted/';
const INDEX = 'https://nexus.example.com/repository/pypi-public/simple/';

/** A keyring that answers from a table and records what it was asked. */
function fakeKeyring(table: Record<string, KeyringAnswer>): { ask: AskKeyring; asked: string[][] } {
  const asked: string[][] = [];
  return {
    asked,
    ask: (service, username) => {
      asked.push([service, username]);
      return table[`${service} ${username}`] ?? { kind: 'none' };
    },
  };
}

describe('keyringServices', () => {
  it("asks twine's service (the upload URL) first, then pip's (the index URL, then its host)", () => {
    expect(keyringServices({ uploadUrl: UPLOAD, indexUrl: INDEX }).map((s) => s.service)).toEqual([UPLOAD, INDEX, 'nexus.example.com']);
    expect(keyringServices({ indexUrl: 'https://nexus.example.com:8443/simple/' }).map((s) => s.service)).toEqual([
      'https://nexus.example.com:8443/simple/',
      'nexus.example.com:8443',
    ]);
    expect(keyringServices({ uploadUrl: UPLOAD }).map((s) => s.service)).toEqual([UPLOAD]);
    expect(keyringServices({})).toEqual([]);
  });

  it('keeps a URL as written (twine asks with it verbatim), and drops a user:password part from it, as pip does', () => {
    expect(keyringServices({ uploadUrl: 'https://rc.example.com/repository/hosted' }).map((s) => s.service)).toEqual([
      'https://rc.example.com/repository/hosted',
    ]);
    const services = keyringServices({ indexUrl: 'https://reader:not-in-argv@nexus.example.com/simple/' }).map((s) => s.service);
    expect(services).toEqual(['https://nexus.example.com/simple/', 'nexus.example.com']);
    expect(services.join(' ')).not.toContain('not-in-argv');
  });

  it('asks a service once when the upload URL and the index URL are the same (pypiserver, devpi)', () => {
    expect(keyringServices({ uploadUrl: 'https://pi.example.com/', indexUrl: 'https://pi.example.com/' }).map((s) => s.service)).toEqual([
      'https://pi.example.com/',
      'pi.example.com',
    ]);
  });
});

describe('lookUpKeyringPassword', () => {
  const services = keyringServices({ uploadUrl: UPLOAD, indexUrl: INDEX });

  it('takes the first password found, naming the service, and asks no further', () => {
    const k = fakeKeyring({ [`${INDEX} deployer`]: { kind: 'found', password: new Secret('from-keyring') } });
    const r = lookUpKeyringPassword({ username: USER, services, provider: 'subprocess', ask: k.ask });
    expect(r.password?.value.reveal()).toBe('from-keyring');
    expect(r.password?.source).toBe(`keyring (service ${INDEX})`);
    expect(k.asked).toEqual([
      [UPLOAD, 'deployer'],
      [INDEX, 'deployer'],
    ]);
    expect(inspect(r, { depth: 5 })).not.toContain('from-keyring');
  });

  it('lists every service asked when none has a password, with what keyring said', () => {
    const k = fakeKeyring({ [`${UPLOAD} deployer`]: { kind: 'none', detail: 'keyring.errors.NoKeyringError: No recommended backend' } });
    const r = lookUpKeyringPassword({ username: USER, services, provider: 'subprocess', ask: k.ask });
    expect(r.password).toBeUndefined();
    expect(r.note).toBe(
      `keyring has no password for user "deployer" under ${UPLOAD}, ${INDEX} or nexus.example.com (keyring said: ${UPLOAD}: keyring.errors.NoKeyringError: No recommended backend)`,
    );
  });

  it('stops at the first service when keyring cannot answer at all (no command, no answer in time)', () => {
    const k = fakeKeyring({ [`${UPLOAD} deployer`]: { kind: 'unavailable', reason: 'no `keyring` command on PATH' } });
    const r = lookUpKeyringPassword({ username: USER, services, provider: 'subprocess', ask: k.ask });
    expect(r.note).toBe('keyring was not asked for a password: no `keyring` command on PATH');
    expect(k.asked).toHaveLength(1);
  });

  it('asks nothing when disabled, and says so', () => {
    const k = fakeKeyring({});
    expect(lookUpKeyringPassword({ username: USER, services, provider: 'disabled', ask: k.ask })).toEqual({
      note: 'keyring was not asked (env NX_PYPI_KEYRING_PROVIDER=disabled)',
    });
    expect(k.asked).toEqual([]);
  });
});

describe('readKeyringProvider', () => {
  it("reads pip's words: subprocess by default, auto as subprocess, disabled", () => {
    expect(readKeyringProvider({})).toBe('subprocess');
    expect(readKeyringProvider({ NX_PYPI_KEYRING_PROVIDER: '' })).toBe('subprocess');
    expect(readKeyringProvider({ NX_PYPI_KEYRING_PROVIDER: 'auto' })).toBe('subprocess');
    expect(readKeyringProvider({ NX_PYPI_KEYRING_PROVIDER: 'Disabled' })).toBe('disabled');
  });

  it('refuses a value it cannot honour, with the values it can', () => {
    expect(() => readKeyringProvider({ NX_PYPI_KEYRING_PROVIDER: 'import' })).toThrow(expect.objectContaining({ code: 'KEYRING_PROVIDER_INVALID' }));
    expect(() => readKeyringProvider({ NX_PYPI_KEYRING_PROVIDER: 'off' })).toThrow(/NX_PYPI_KEYRING_PROVIDER is "off"/);
  });
});
