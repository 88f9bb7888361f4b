import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeWorkspaceEdits } from './compute-workspace-edits';
import { renderState } from './restore-plan';
import { applyWorkspaceEdits, readWorkspaceSnapshot, recoverStaleRun, restoreWorkspace } from './workspace-files';

const endpoints = {
  uploadUrl: 'https://127.0.0.1:1/repository/pypi-hosted/',
  indexUrl: 'https://127.0.0.1:1/repository/pypi-public/simple/',
  chainPem: 'PEM\n',
};
const NX_JSON = '{\n  // keep me\n  "plugins": [{ "plugin": "nx-pypi", "options": { "defaultRepository": "nexus" } }]\n}\n';

describe('applying and restoring workspace edits', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-local-registry-'));
    writeFileSync(join(root, 'nx.json'), NX_JSON);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function listTree(): Record<string, string> {
    const out: Record<string, string> = {};
    for (const entry of readdirSync(root, { recursive: true, withFileTypes: true })) {
      const path = join(entry.parentPath, entry.name);
      out[path.slice(root.length + 1)] = entry.isDirectory() ? '<dir>' : readFileSync(path, 'utf8');
    }
    return out;
  }

  it('restores the workspace byte for byte and removes what it created', () => {
    writeFileSync(join(root, 'pip.conf'), '[global]\ntimeout = 5\n');
    const before = listTree();
    const state = applyWorkspaceEdits(
      root,
      computeWorkspaceEdits(readWorkspaceSnapshot(root), { endpoints, workspaceRoot: root, pid: process.pid, settings: undefined }).changes,
    );
    expect(readFileSync(join(root, 'pip.conf'), 'utf8')).toMatch(/index-url = https:\/\/127.0.0.1:1\//);
    expect(readFileSync(join(root, '.nx-pypi/local-registry-chain.pem'), 'utf8')).toBe('PEM\n');
    expect(existsSync(join(root, '.nx-pypi/local-registry-state.json'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, '.nx-pypi/local-registry.json'), 'utf8')).repositories.local.uploadUrl).toBe(endpoints.uploadUrl);
    expect(readFileSync(join(root, 'nx.json'), 'utf8')).toBe(NX_JSON);
    expect(restoreWorkspace(root, state)).toEqual({
      done: [
        'removed .nx-pypi/local-registry-chain.pem (the CA chain)',
        'restored pip.conf (its text before the run)',
        'removed .nx-pypi/local-registry.json (the "local" repository)',
      ],
      warnings: [],
    });
    expect(listTree()).toEqual(before);
  });

  it('keeps a .nx-pypi folder that existed before, and one that gained other files', () => {
    mkdirSync(join(root, '.nx-pypi'));
    const state = applyWorkspaceEdits(
      root,
      computeWorkspaceEdits(readWorkspaceSnapshot(root), { endpoints, workspaceRoot: root, pid: process.pid, settings: undefined }).changes,
    );
    restoreWorkspace(root, state);
    expect(readdirSync(join(root, '.nx-pypi'))).toEqual([]);
    rmSync(join(root, '.nx-pypi'), { recursive: true });

    const fresh = applyWorkspaceEdits(
      root,
      computeWorkspaceEdits(readWorkspaceSnapshot(root), { endpoints, workspaceRoot: root, pid: process.pid, settings: undefined }).changes,
    );
    writeFileSync(join(root, '.nx-pypi/other'), 'x');
    restoreWorkspace(root, fresh);
    expect(readdirSync(join(root, '.nx-pypi'))).toEqual(['other']);
  });

  it('undoes the edits of a killed run before a new one records "before"', () => {
    const before = listTree();
    const changes = computeWorkspaceEdits(readWorkspaceSnapshot(root), { endpoints, workspaceRoot: root, pid: process.pid, settings: undefined }).changes;
    applyWorkspaceEdits(root, changes);
    const dead = deadPid();
    writeFileSync(join(root, '.nx-pypi/local-registry-state.json'), renderState({ pid: dead, createdDirs: ['.nx-pypi'], changes }));
    expect(recoverStaleRun(root)).toMatchObject({ recovered: true, warnings: [] });
    expect(listTree()).toEqual(before);
    expect(recoverStaleRun(root)).toEqual({ recovered: false, done: [], warnings: [] });
  });

  it('still undoes the nx.json edit of a killed run of an older version', () => {
    writeFileSync(join(root, 'nx.json'), '{"plugins":["edited by an older local-registry"]}\n');
    mkdirSync(join(root, '.nx-pypi'));
    const changes = [{ path: 'nx.json', before: NX_JSON, after: '{"plugins":["edited by an older local-registry"]}\n' }];
    writeFileSync(join(root, '.nx-pypi/local-registry-state.json'), renderState({ pid: deadPid(), createdDirs: ['.nx-pypi'], changes }));
    expect(recoverStaleRun(root)).toEqual({ recovered: true, done: ['restored nx.json (its text before the run)'], warnings: [] });
    expect(readFileSync(join(root, 'nx.json'), 'utf8')).toBe(NX_JSON);
  });

  it('refuses to touch the files while another live run owns them', () => {
    const changes = computeWorkspaceEdits(readWorkspaceSnapshot(root), { endpoints, workspaceRoot: root, pid: process.pid, settings: undefined }).changes;
    applyWorkspaceEdits(root, changes);
    writeFileSync(join(root, '.nx-pypi/local-registry-state.json'), renderState({ pid: process.ppid, createdDirs: [], changes }));
    expect(() => recoverStaleRun(root)).toThrow(`another local registry (pid ${process.ppid}) is running for this workspace`);
    expect(existsSync(join(root, '.nx-pypi/local-registry.json'))).toBe(true);
  });
});

/** A pid that is certainly dead: a child that has exited and been reaped. */
function deadPid(): number {
  return spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' }).pid;
}
