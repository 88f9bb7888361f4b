/**
 * `GET /service/rest/v1/repositories/pypi/hosted/<name>` as Nexus answers it (NEXUS-PYPI.md 1.5;
 * sonatype/nexus-public AbstractRepositoriesApiResource.getRepository, SimpleApiHostedRepository,
 * HostedStorageAttributes): the settings JSON to a user with the repository-admin read privilege,
 * 404 "Repository not found" to anyone else who is logged in, and a 401 challenge without a login.
 */
import { hashPassword } from '../config/password-hash';
import type { RunningRegistry } from '../start-registry';
import { send, publisherAuth } from '../test-support/https-client';
import { startTempRegistry, stopTempRegistry } from '../test-support/temp-registry';

const API = '/service/rest/v1/repositories/pypi/hosted';

describe('repository settings (Nexus REST API)', () => {
  let registry: RunningRegistry;
  beforeAll(async () => {
    registry = await startTempRegistry({
      config: {
        repositories: [
          { name: 'once', type: 'hosted', writePolicy: 'allow-once', anonymousRead: true },
          { name: 'redeploy', type: 'hosted', writePolicy: 'allow', anonymousRead: true },
          { name: 'frozen', type: 'hosted', writePolicy: 'deny', anonymousRead: true },
          { name: 'public', type: 'group', members: ['once'], anonymousRead: true },
        ],
        users: [
          { username: 'deployer', passwordHash: await hashPassword('deployer-pw'), privileges: { '*': ['read', 'add'] } },
          { username: 'auditor', passwordHash: await hashPassword('auditor-pw'), privileges: { once: ['admin-read'] } },
        ],
      },
    });
  });
  afterAll(() => stopTempRegistry(registry));

  it.each([
    ['once', 'ALLOW_ONCE'],
    ['redeploy', 'ALLOW'],
    ['frozen', 'DENY'],
  ])('describes hosted repository %s with Nexus storage.writePolicy %s', async (name, writePolicy) => {
    const res = await send(registry, `${API}/${name}`, { auth: publisherAuth(registry) });
    expect([res.status, res.headers['content-type']]).toEqual([200, 'application/json']);
    expect(JSON.parse(res.body)).toEqual({
      name,
      format: 'pypi',
      type: 'hosted',
      url: `${registry.origin}/repository/${name}`,
      online: true,
      storage: { blobStoreName: 'default', strictContentTypeValidation: true, writePolicy },
    });
  });

  it('answers a user with the repository-admin read privilege on that repository only', async () => {
    expect((await send(registry, `${API}/once`, { auth: 'auditor:auditor-pw' })).status).toBe(200);
    expect((await send(registry, `${API}/redeploy`, { auth: 'auditor:auditor-pw' })).status).toBe(404);
  });

  it('answers a deploy user without that privilege 404 "Repository not found", as Nexus does', async () => {
    const res = await send(registry, `${API}/once`, { auth: 'deployer:deployer-pw' });
    expect([res.status, res.headers['content-type'], res.body]).toEqual([404, 'application/json', '"Repository not found"']);
  });

  it('answers 404 for an unknown repository and for a group asked as hosted', async () => {
    for (const name of ['nope', 'public']) {
      const res = await send(registry, `${API}/${name}`, { auth: publisherAuth(registry) });
      expect([res.status, res.body]).toEqual([404, '"Repository not found"']);
    }
  });

  it('challenges an anonymous request and a wrong password with 401', async () => {
    for (const auth of [undefined, 'deployer:wrong']) {
      const res = await send(registry, `${API}/once`, auth === undefined ? {} : { auth });
      expect([res.status, res.headers['www-authenticate']]).toEqual([401, 'BASIC realm="Sonatype Nexus Repository Manager"']);
    }
  });

  it('answers 404 for other REST paths and 405 for methods other than GET', async () => {
    expect((await send(registry, '/service/rest/v1/repositories/pypi/proxy/once', { auth: publisherAuth(registry) })).status).toBe(404);
    expect((await send(registry, `${API}/once`, { method: 'DELETE', auth: publisherAuth(registry) })).status).toBe(405);
  });
});
