import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { clearDataDir } from './clear-data-dir';

describe('clearDataDir', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'nx-pypi-clear-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('deletes a registry data directory', () => {
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'credentials'), 'username = publisher\n');
    clearDataDir(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('deletes one whose server.json names a process that is gone', () => {
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ pid: spawnSync(process.execPath, ['-e', '']).pid }));
    clearDataDir(dir);
    expect(existsSync(dir)).toBe(false);
  });

  it('does nothing for a missing or empty directory', () => {
    clearDataDir(join(dir, 'missing'));
    clearDataDir(dir);
    expect(existsSync(dir)).toBe(true);
  });

  it('refuses a non-empty directory that is not a registry data directory', () => {
    writeFileSync(join(dir, 'thesis.tex'), '');
    expect(() => clearDataDir(dir)).toThrow(/is not empty and does not look like a registry data directory/);
    expect(existsSync(join(dir, 'thesis.tex'))).toBe(true);
  });

  it('refuses a directory a live registry serves', () => {
    writeFileSync(join(dir, 'server.json'), JSON.stringify({ pid: process.ppid }));
    expect(() => clearDataDir(dir)).toThrow(`a registry (pid ${process.ppid}) is serving ${dir}`);
    expect(existsSync(join(dir, 'server.json'))).toBe(true);
  });
});
