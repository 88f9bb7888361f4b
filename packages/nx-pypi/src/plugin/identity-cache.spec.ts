import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProjectIdentity } from '../core/pyproject/project-identity';
import { readFileFactsCached, type FileFacts } from './identity-cache';

describe('readFileFactsCached', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'nx-pypi-identity-cache-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const text = (name: string) => `[project]\nname = "${name}"\nversion = "1.0.0"\n`;

  function setup(hashes: Record<string, string>) {
    const computed: string[] = [];
    const api = { hash: async (_root: string, files: readonly string[]) => files.map((f) => hashes[f]), dataDirectory: () => join(dir, 'data') };
    const compute = (file: string): FileFacts => {
      computed.push(file);
      const source = file === 'broken/pyproject.toml' ? '[project\n' : text(file.split('/')[0]);
      return { identity: readProjectIdentity(source, file), referencesWorkspace: false };
    };
    return { computed, run: (files: string[]) => readFileFactsCached(dir, files, compute, api) };
  }

  it('reads a file again only when its hash changed, and keeps the facts in the workspace data folder', async () => {
    const hashes: Record<string, string> = { 'a/pyproject.toml': 'h1', 'b/pyproject.toml': 'h2' };
    const { computed, run } = setup(hashes);
    const first = await run(['a/pyproject.toml', 'b/pyproject.toml']);
    expect(computed).toEqual(['a/pyproject.toml', 'b/pyproject.toml']);
    expect(existsSync(join(dir, 'data', 'nx-pypi-project-identities.json'))).toBe(true);

    hashes['b/pyproject.toml'] = 'h3';
    const second = await run(['a/pyproject.toml', 'b/pyproject.toml']);
    expect(computed).toEqual(['a/pyproject.toml', 'b/pyproject.toml', 'b/pyproject.toml']);
    expect(second.get('a/pyproject.toml')).toEqual(first.get('a/pyproject.toml'));
    expect(second.get('a/pyproject.toml')?.identity).toMatchObject({ kind: 'project', name: 'a' });
  });

  it('never caches a broken file, so its located error comes back on every run', async () => {
    const { computed, run } = setup({ 'broken/pyproject.toml': 'hb' });
    for (let i = 0; i < 2; i++) expect((await run(['broken/pyproject.toml'])).get('broken/pyproject.toml')?.identity.kind).toBe('broken');
    expect(computed).toEqual(['broken/pyproject.toml', 'broken/pyproject.toml']);
  });

  it('starts afresh from a cache another nx-pypi version wrote, or a corrupt one', async () => {
    const { computed, run } = setup({ 'a/pyproject.toml': 'h1' });
    await run(['a/pyproject.toml']);
    const path = join(dir, 'data', 'nx-pypi-project-identities.json');
    writeFileSync(path, JSON.stringify({ ...JSON.parse(readFileSync(path, 'utf8')), version: '0.0.0-other' }));
    await run(['a/pyproject.toml']);
    writeFileSync(path, '{not json');
    await run(['a/pyproject.toml']);
    expect(computed).toHaveLength(3);
  });

  it("computes every file when Nx's workspace context cannot hash", async () => {
    const computed: string[] = [];
    const api = { hash: () => Promise.reject(new Error('no context')), dataDirectory: () => join(dir, 'data') };
    const facts = await readFileFactsCached(
      dir,
      ['a/pyproject.toml'],
      (file) => (computed.push(file), { identity: { kind: 'settings' }, referencesWorkspace: false }),
      api,
    );
    expect(facts.get('a/pyproject.toml')?.identity.kind).toBe('settings');
    expect(existsSync(join(dir, 'data'))).toBe(false);
  });
});
