import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './nx-pypi';

async function run(argv: string[], cwd = tmpdir()): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { cwd, env: {}, out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('nx-pypi CLI', () => {
  it('prints usage: exit 0 when asked, 2 when no command is given', async () => {
    expect(await run(['--help'])).toMatchObject({ code: 0, out: expect.stringContaining('nx-pypi doctor [options]') });
    expect((await run([])).code).toBe(2);
  });

  it.each([
    [['deploy'], 'unknown command "deploy"'],
    [['doctor', '--bogus'], "Unknown option '--bogus'"],
    [['doctor', '--timeout', 'soon'], '--timeout must be a positive number of milliseconds'],
  ])('refuses %j with exit 2', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(message);
  });

  it('renders a configuration error and exits 2', async () => {
    const ws = mkdtempSync(join(tmpdir(), 'nx-pypi-cli-'));
    try {
      writeFileSync(join(ws, 'nx.json'), '{ "plugins": ["nx-pypi"] }');
      writeFileSync(join(ws, 'nx-pypi.json'), '{ "repositories": { "a": {} } }');
      const r = await run(['doctor', '--repository', 'b'], ws);
      expect(r).toMatchObject({
        code: 2,
        err: 'repository "b" (from --repository) is not defined in nx-pypi.json\n  Known repositories: a. Add it under nx-pypi.json [repositories], or name another.',
      });
    } finally {
      rmSync(ws, { recursive: true, force: true });
    }
  });
});
