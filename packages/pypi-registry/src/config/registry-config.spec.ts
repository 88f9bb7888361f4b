import { hashPassword, verifyPassword } from './password-hash';
import { locateJsonError } from './locate-json-error';
import { defaultRegistryConfig, parseRegistryConfig } from './registry-config';

describe('parseRegistryConfig', () => {
  it('fills in defaults: sql flavour, allow-once, anonymous read, no users', () => {
    const config = parseRegistryConfig('{"repositories":[{"name":"h","type":"hosted"},{"name":"g","type":"group","members":["h"]}]}', 'r.json');
    expect(config).toEqual({
      storageFlavour: 'sql',
      repositories: [
        { name: 'h', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
        { name: 'g', type: 'group', members: ['h'], anonymousRead: true },
      ],
      users: [],
    });
  });

  it('uses the embedded repositories when the file names none', () => {
    expect(parseRegistryConfig('{"storageFlavour":"orient"}', 'r.json')).toEqual({ ...defaultRegistryConfig(), storageFlavour: 'orient' });
  });

  it('reports every problem with its key path in one error', () => {
    const text = JSON.stringify({
      storageFlavour: 'mysql',
      repositories: [
        { name: 'h', type: 'hosted', writePolicy: 'sometimes' },
        { name: 'h', type: 'hosted' },
        { name: 'g', type: 'group', members: ['missing', 'g'], extra: true },
      ],
      users: [
        { username: 'u', passwordHash: 'plain', privileges: { nope: ['write'] } },
        { username: 'publisher', passwordHash: 'x' },
      ],
    });
    expect(() => parseRegistryConfig(text, 'r.json')).toThrow(
      expect.objectContaining({
        code: 'REGISTRY_CONFIG_INVALID',
        location: 'r.json',
        message: [
          'invalid registry configuration:',
          '  - storageFlavour: must be one of "sql", "orient"',
          '  - repositories[0].writePolicy: must be one of "allow-once", "allow", "deny"',
          '  - repositories[2].extra: unknown key (expected one of name, type, members, anonymousRead)',
          '  - users[0].passwordHash: not a scrypt hash; create one with "pypi-registry hash-password"',
          '  - users[0].privileges.nope[0]: must be one of "read", "add", "admin-read"',
          '  - users[1].username: "publisher" is reserved for the generated user',
          '  - users[1].passwordHash: not a scrypt hash; create one with "pypi-registry hash-password"',
          '  - repositories[1].name: duplicate repository "h"',
          '  - repositories[2].members[0]: no repository named "missing"',
          '  - repositories[2].members: group "g" contains itself',
          '  - users[0].privileges.nope: no such repository',
        ].join('\n'),
      }),
    );
  });

  it('points at the line and column of a JSON syntax error', () => {
    expect(() => parseRegistryConfig('{\n  "users": [,]\n}', 'r.json')).toThrow(
      expect.objectContaining({ code: 'REGISTRY_CONFIG_SYNTAX', location: 'r.json:2:13' }),
    );
  });
});

describe('password hashes', () => {
  it('verifies the right password only', async () => {
    const hash = await hashPassword('s3cret');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(await verifyPassword('s3cret', hash)).toBe(true);
    expect(await verifyPassword('s3cret!', hash)).toBe(false);
    expect(await verifyPassword('s3cret', 'scrypt$1$1$1$AA==$')).toBe(false);
  });
});

describe('locateJsonError', () => {
  it.each([
    ['{"a": 1}', -1],
    ['{"a": 1,}', 8],
    ['[1, 2', 5],
    ['{"a": tru}', 6],
    ['{"a": "\\x"}', 8],
    ['{} x', 3],
    ['{"a": -01}', 8],
  ])('%j -> %i', (text, offset) => expect(locateJsonError(text)).toBe(offset));
});

describe('proxy repositories in the config', () => {
  it("fills in Nexus's defaults (1440 minutes for both caches) and gives the remote URL its trailing slash", () => {
    const config = parseRegistryConfig('{"repositories":[{"name":"p","type":"proxy","remoteUrl":"https://pypi.org/simple"}]}', 'r.json');
    expect(config.repositories).toEqual([
      { name: 'p', type: 'proxy', remoteUrl: 'https://pypi.org/simple/', metadataMaxAgeMinutes: 1440, negativeCacheMinutes: 1440, anonymousRead: true },
    ]);
  });

  it('reports bad proxy settings without ever echoing a password', () => {
    const text = JSON.stringify({
      repositories: [
        { name: 'a', type: 'proxy', remoteUrl: 'http://mirror.example/simple/', metadataMaxAgeMinutes: -2, negativeCacheMinutes: 1.5 },
        { name: 'b', type: 'proxy', remoteUrl: 'https://user:hunter2@mirror.example/simple/' },
        { name: 'c', type: 'proxy', remoteUrl: 'https://mirror.example/simple/?x=1', username: 'u', mirror: true },
      ],
    });
    let message = '';
    try {
      parseRegistryConfig(text, 'r.json');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message.split('\n').slice(1)).toEqual([
      '  - repositories[0].remoteUrl: must be an https:// URL (the upstream is read over TLS)',
      '  - repositories[0].metadataMaxAgeMinutes: must be an integer of minutes, at least -1',
      '  - repositories[0].negativeCacheMinutes: must be an integer of minutes, at least 0',
      '  - repositories[1].remoteUrl: must not carry credentials; use "username" and "password"',
      '  - repositories[2].mirror: unknown key (expected one of name, type, remoteUrl, ca, username, password, metadataMaxAgeMinutes, negativeCacheMinutes, anonymousRead)',
      '  - repositories[2].remoteUrl: must have no query or fragment',
      '  - repositories[2]: give both username and password, or neither',
    ]);
    expect(message).not.toContain('hunter2');
  });
});
