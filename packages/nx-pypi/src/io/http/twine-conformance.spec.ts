/**
 * The form we send, field by field, against what twine (Debian's /usr/bin/python3 -m twine)
 * sends for the same wheel, both captured by one loopback server. Known, documented differences:
 * twine's `name` is its safe_name, it sends empty optional fields, `comment`, and (twine 4.x)
 * `provides_extras` where warehouse and newer twine read `provides_extra`.
 */
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import busboy from 'busboy';
import { Agent } from 'undici';
import type { Artifact } from '../artifact/read-artifact';
import { readPluginVersion } from '../plugin-version';
import { publishDistributions } from './publish-distributions';
import { makeArtifacts } from './test-support/make-artifacts';

// md5_digest: Debian's twine (< 6.2) still sends it; twine 6.2 and uv dropped it, and so does nx-pypi.
const TWINE_ONLY = new Set(['comment', 'provides_extras', 'md5_digest']);

describe('the upload form compared with twine', () => {
  let server: Server;
  let url: string;
  let dir: string;
  let wheel: Artifact;
  const captured: [string, string][][] = [];
  const userAgents: string[] = [];
  const dispatcher = new Agent();

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (request.method === 'GET') {
        response.statusCode = 404;
        return response.end();
      }
      const fields: [string, string][] = [];
      userAgents.push(request.headers['user-agent'] ?? '');
      const parser = busboy({ headers: request.headers, defParamCharset: 'utf8' });
      parser.on('field', (name, value) => fields.push([name, value]));
      parser.on('file', (name, stream, info) => {
        fields.push([name, `<file ${info.filename}>`]);
        stream.resume();
      });
      parser.on('close', () => {
        captured.push(fields);
        response.end();
      });
      request.pipe(parser);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-twine-'));
    wheel = (await makeArtifacts(dir, 'Token_Lib', '1.0.0', 'x')).wheel;
  });

  afterAll(async () => {
    await dispatcher.close();
    await new Promise((resolve) => server.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('sends every value twine sends, with the same digests (BLAKE2b-256 included)', async () => {
    // Credentials through the environment, not arguments; the proxy/CA variables of this machine are left out.
    await promisify(execFile)(
      '/usr/bin/python3',
      ['-m', 'twine', 'upload', '--non-interactive', '--disable-progress-bar', '--repository-url', url, wheel.path],
      {
        env: { PATH: '/usr/bin:/bin', HOME: dir, TWINE_USERNAME: 'u', TWINE_PASSWORD: 'p' },
      },
    );
    const [outcome] = await publishDistributions([wheel], { uploadUrl: url, dispatcher, retry: { maxAttempts: 1 } });
    // The loopback server lists nothing, so the confirmation fails: only the sent form matters here.
    expect(outcome.status === 'failed' && outcome.error.code).toBe('UPLOAD_NOT_CONFIRMED');

    const [twine, ours] = captured;
    const expected = twine.filter(([name, value]) => value !== '' && name !== 'name' && !TWINE_ONLY.has(name));
    const sorted = (fields: [string, string][]) => [...fields].sort(([a], [b]) => a.localeCompare(b));
    expect(sorted(ours.filter(([name]) => name !== 'name' && name !== 'provides_extra'))).toEqual(sorted(expected));
    expect(ours.find(([name]) => name === 'name')).toEqual(['name', 'Token_Lib']);
    expect(twine.find(([name]) => name === 'name')).toEqual(['name', 'Token-Lib']);
    expect(ours[ours.length - 1]).toEqual(['content', '<file token_lib-1.0.0-py3-none-any.whl>']);
    // Each tool names itself and its runtime, so a repository manager's request log tells them apart.
    expect(userAgents[0]).toMatch(/^twine\/\d+\.\d+\.\d+ .*CPython\//);
    expect(userAgents[1]).toBe(`nx-pypi/${readPluginVersion()} node/${process.versions.node}`);
  });
});
