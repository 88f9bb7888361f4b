import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logger } from '@nx/devkit';
import { FsTree, flushChanges } from 'nx/src/generators/tree';
import caChainGenerator from '../packages/nx-pypi/src/generators/ca-chain/generator';
import pipConfigGenerator from '../packages/nx-pypi/src/generators/pip-config/generator';
import { ZipWriter } from '../packages/nx-pypi/src/io/archive/zip-writer';
import { createTestPki, startHttpsServer, type TestHttpsServer } from '../packages/nx-pypi/src/test-support/ca';

/**
 * Real pip against a loopback HTTPS index signed by a private CA, configured only through the
 * pip.conf that `nx-pypi:pip-config` writes from the chain `nx-pypi:ca-chain` recorded. The server
 * sends leaf + intermediate; the workspace chain holds intermediate + root.
 */
const WHEEL = 'demo_pkg-0.1.0-py3-none-any.whl';

async function makeWheel(): Promise<Buffer> {
  const files: Record<string, string> = {
    'demo_pkg/__init__.py': '__version__ = "0.1.0"\n',
    'demo_pkg-0.1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: demo-pkg\nVersion: 0.1.0\n',
    'demo_pkg-0.1.0.dist-info/WHEEL': 'Wheel-Version: 1.0\nGenerator: nx-pypi-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n',
  };
  const record = Object.entries(files).map(([p, c]) => `${p},sha256=${createHash('sha256').update(c).digest('base64url')},${Buffer.byteLength(c)}`);
  files['demo_pkg-0.1.0.dist-info/RECORD'] = `${record.join('\n')}\ndemo_pkg-0.1.0.dist-info/RECORD,,\n`;
  const dir = mkdtempSync(join(tmpdir(), 'nx-pypi-wheel-'));
  try {
    const zip = await ZipWriter.create(join(dir, WHEEL), new Date(Date.UTC(1980, 0, 1)));
    for (const [p, c] of Object.entries(files)) await zip.addBuffer(p, Buffer.from(c));
    await zip.finish();
    return readFileSync(join(dir, WHEEL));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * pip with a clean environment: no inherited PIP_*, CA or find-links variables. Asynchronous on
 * purpose: the HTTPS server lives in this process, and a sync spawn would block its event loop.
 */
function pip(args: string[], extraEnv: Record<string, string>, home: string): Promise<{ status: number; stdout: string; stderr: string }> {
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: home,
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    PIP_NO_CACHE_DIR: '1',
    PYTHONDONTWRITEBYTECODE: '1',
    ...extraEnv,
  };
  return new Promise((resolve) => {
    execFile('python3', ['-m', 'pip', ...args, '--retries', '0', '--timeout', '10'], { env, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ status: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

describe('pip with the generated pip.conf', () => {
  let ws: string;
  let server: TestHttpsServer | undefined;

  beforeAll(async () => {
    jest.spyOn(logger, 'info').mockImplementation(() => undefined);
    jest.spyOn(logger, 'warn').mockImplementation(() => undefined);
    ws = mkdtempSync(join(tmpdir(), 'nx-pypi-pip-'));
    const pki = await createTestPki('Pip');
    const wheel = await makeWheel();
    const sha = createHash('sha256').update(wheel).digest('hex');
    server = await startHttpsServer([pki.leaf, pki.intermediate], (req, res) => {
      if (req.url === '/repository/pypi-public/simple/demo-pkg/') {
        res
          .writeHead(200, { 'content-type': 'text/html' })
          .end(`<html><body><a href="../../packages/demo-pkg/0.1.0/${WHEEL}#sha256=${sha}">${WHEEL}</a><br/></body></html>`);
      } else if (req.url === `/repository/pypi-public/packages/demo-pkg/0.1.0/${WHEEL}`) {
        res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(wheel);
      } else {
        res.writeHead(404).end();
      }
    });
    writeFileSync(join(ws, 'root.crt'), pki.root.cert);
    writeFileSync(join(ws, 'int.crt'), pki.intermediate.cert);
    writeFileSync(join(ws, 'nx.json'), JSON.stringify({ plugins: ['nx-pypi'] }));
    writeFileSync(
      join(ws, 'nx-pypi.json'),
      JSON.stringify({ repositories: { nexus: { indexUrl: `https://127.0.0.1:${server.port}/repository/pypi-public/simple/` } } }),
    );
    const tree = new FsTree(ws, false);
    await caChainGenerator(tree, { certs: ['root.crt', 'int.crt'] });
    const after = await pipConfigGenerator(tree, {});
    flushChanges(ws, tree.listChanges());
    after();
  }, 30_000);

  afterAll(async () => {
    jest.restoreAllMocks();
    await server?.close();
    rmSync(ws, { recursive: true, force: true });
  });

  it('downloads from the private index with nothing but PIP_CONFIG_FILE', async () => {
    expect(readFileSync(join(ws, 'pip.conf'), 'utf8')).toContain(`cert = ${join(ws, 'tools/certs/nexus-ca-chain.pem')}`);
    const r = await pip(['download', 'demo-pkg==0.1.0', '--no-deps', '-d', join(ws, 'dl')], { PIP_CONFIG_FILE: join(ws, 'pip.conf') }, ws);
    expect(r.stderr).not.toMatch(/CERTIFICATE_VERIFY_FAILED/);
    expect(r.status).toBe(0);
    expect(existsSync(join(ws, 'dl', WHEEL))).toBe(true);
  }, 60_000);

  it('fails verification when PIP_CERT overrides the pip.conf cert with a bundle lacking the chain', async () => {
    const r = await pip(
      ['download', 'demo-pkg==0.1.0', '--no-deps', '-d', join(ws, 'dl2')],
      { PIP_CONFIG_FILE: join(ws, 'pip.conf'), PIP_CERT: join(ws, 'int.crt') },
      ws,
    );
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/CERTIFICATE_VERIFY_FAILED|certificate verify failed/);
  }, 60_000);
});
