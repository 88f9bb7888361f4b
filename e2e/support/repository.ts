/**
 * What most e2e workspaces do before publishing, as a user would: a git repository to release
 * from, the repository settings in nx-pypi.json pointing at the local registry, and the CA chain
 * written by `nx g nx-pypi:ca-chain` from the registry's root and intermediate certificates.
 */
import { copyFileSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { hashPassword, type RunningRegistry, type startRegistry } from '../../packages/pypi-registry/src';
import type { RunResult, TestWorkspace } from './workspace';

/** `git init` with a committer and unsigned commits and tags; returns a git runner that throws on failure. */
export async function initGitRepository(ws: TestWorkspace): Promise<(...args: string[]) => Promise<string>> {
  const git = async (...args: string[]) => {
    const r = await ws.run('git', args);
    if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed:\n${r.stderr}`);
    return r.stdout.trim();
  };
  await git('init', '-q', '-b', 'main');
  for (const [key, value] of [
    ['user.name', 'CI'],
    ['user.email', 'ci@example.com'],
    ['commit.gpgsign', 'false'],
    ['tag.gpgsign', 'false'],
  ])
    await git('config', key, value);
  return git;
}

/** nx-pypi.json with one repository on the local registry, credentials from NEXUS_USERNAME/NEXUS_PASSWORD. */
export function writeRepositorySettings(ws: TestWorkspace, registry: RunningRegistry, options: { name?: string; asDefault?: boolean } = {}): void {
  const name = options.name ?? 'nexus';
  const settings = {
    ...(options.asDefault ? { defaultRepository: name } : {}),
    repositories: {
      [name]: { uploadUrl: registry.uploadUrl(), indexUrl: registry.indexUrl(), usernameEnv: 'NEXUS_USERNAME', passwordEnv: 'NEXUS_PASSWORD' },
    },
  };
  ws.write('nx-pypi.json', JSON.stringify(settings, null, 2));
}

/**
 * Runs `nx g nx-pypi:ca-chain` on copies of the registry's certificates (intermediate first unless
 * `rootFirst`: the generator orders them either way) and removes the copies; returns the run.
 */
export async function generateCaChain(
  ws: TestWorkspace,
  registry: RunningRegistry,
  nx: (args: string[]) => Promise<RunResult>,
  options: { output?: string; repository?: string; rootFirst?: boolean } = {},
): Promise<RunResult> {
  const dir = join(ws.root, 'certs-in');
  mkdirSync(dir, { recursive: true });
  copyFileSync(registry.certs.root, join(dir, 'root.crt'));
  copyFileSync(registry.certs.intermediate, join(dir, 'intermediate.crt'));
  const certs = options.rootFirst ? 'certs-in/root.crt,certs-in/intermediate.crt' : 'certs-in/intermediate.crt,certs-in/root.crt';
  try {
    return await nx([
      'g',
      'nx-pypi:ca-chain',
      `--certs=${certs}`,
      `--output=${options.output ?? 'tools/certs/nexus-chain.pem'}`,
      ...(options.repository ? [`--repository=${options.repository}`] : []),
      '--no-interactive',
    ]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The file names the registry stored, in upload order, from upload number `since` on. */
export function storedFilenames(registry: RunningRegistry, since = 0): string[] {
  return registry
    .uploads()
    .slice(since)
    .filter((u) => u.outcome === 'stored')
    .map((u) => u.filename!);
}

/** A hosted repository and its group that refuse anonymous reads, and a read-only user `reader`. */
export async function readerOnlyRegistryConfig(readerPassword: string): Promise<Parameters<typeof startRegistry>[0]['config']> {
  return {
    repositories: [
      { name: 'pypi-hosted', type: 'hosted', writePolicy: 'allow-once', anonymousRead: false },
      { name: 'pypi-public', type: 'group', members: ['pypi-hosted'], anonymousRead: false },
    ],
    users: [{ username: 'reader', passwordHash: await hashPassword(readerPassword), privileges: { '*': ['read'] } }],
  };
}
