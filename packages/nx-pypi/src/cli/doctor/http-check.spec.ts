import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';
import { Secret } from '../../core/config/credentials';
import { readPluginVersion } from '../../io/plugin-version';
import { fetchStatus, isFailure } from './http-check';

describe("fetchStatus (the doctor's probe)", () => {
  let server: Server;
  let origin: string;
  const seen: IncomingHttpHeaders[] = [];
  const dispatcher = new Agent();

  beforeAll(async () => {
    server = createServer((request, response) => {
      seen.push(request.headers);
      if (request.url === '/moved') {
        response.writeHead(302, { location: '/elsewhere/' });
        return response.end();
      }
      response.writeHead(request.headers.authorization ? 200 : 401);
      response.end('body');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await dispatcher.close();
    await new Promise((resolve) => server.close(resolve));
  });

  it('names itself as nx-pypi doctor and sends basic auth only when given credentials', async () => {
    expect(await fetchStatus(`${origin}/simple/`, dispatcher, 5000)).toEqual({ url: `${origin}/simple/`, status: 401, location: undefined });
    const auth = { username: 'reader', password: new Secret('pw') };
    expect(await fetchStatus(`${origin}/simple/`, dispatcher, 5000, auth)).toMatchObject({ status: 200 });
    expect(seen.map((h) => [h['user-agent'], h.authorization])).toEqual([
      [`nx-pypi/${readPluginVersion()} node/${process.versions.node} doctor`, undefined],
      [`nx-pypi/${readPluginVersion()} node/${process.versions.node} doctor`, `Basic ${Buffer.from('reader:pw').toString('base64')}`],
    ]);
  });

  it('reports a redirect with its location, without following it', async () => {
    expect(await fetchStatus(`${origin}/moved`, dispatcher, 5000)).toEqual({ url: `${origin}/moved`, status: 302, location: '/elsewhere/' });
  });

  it('returns the transport error code when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/`;
    await new Promise((resolve) => closed.close(resolve));
    const outcome = await fetchStatus(url, dispatcher, 5000);
    expect(isFailure(outcome) && outcome.code).toBe('ECONNREFUSED');
  });
});
