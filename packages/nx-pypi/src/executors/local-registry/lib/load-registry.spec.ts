import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findRegistryPackage, loadRegistryModule } from './load-registry';

describe('loadRegistryModule', () => {
  let base: string;
  let workspace: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'nx-pypi-load-registry-'));
    workspace = join(base, 'repo', 'ws');
    mkdirSync(workspace, { recursive: true });
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  function install(dir: string, main: string): string {
    const pkg = join(dir, 'node_modules', 'pypi-registry');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'pypi-registry', main: 'main.js' }));
    writeFileSync(join(pkg, 'main.js'), main);
    return pkg;
  }

  it('names what to install when the workspace has no pypi-registry', () => {
    expect(findRegistryPackage(workspace)).toBeUndefined();
    expect(() => loadRegistryModule(workspace)).toThrow(`the pypi-registry package is not installed in this workspace (${workspace})`);
    try {
      loadRegistryModule(workspace);
    } catch (e) {
      expect((e as { hint: string }).hint).toMatch(/^Install it as a dev dependency: npm install -D pypi-registry/);
    }
  });

  it('loads the workspace package, also from a parent folder as Node would', () => {
    const pkg = install(join(base, 'repo'), 'exports.startRegistry = async () => "parent";');
    expect(findRegistryPackage(workspace)).toBe(pkg);
    expect(typeof loadRegistryModule(workspace).startRegistry).toBe('function');
    const own = install(workspace, 'exports.startRegistry = async () => "own";');
    expect(findRegistryPackage(workspace)).toBe(own);
  });

  it('says so when the package is there but cannot be loaded', () => {
    install(workspace, 'throw new Error("Cannot find module ./dist/x");');
    expect(() => loadRegistryModule(workspace)).toThrow(/pypi-registry package in .* cannot be loaded: Cannot find module/);
  });

  it('says so when the package is not the registry', () => {
    install(workspace, 'exports.somethingElse = 1;');
    expect(() => loadRegistryModule(workspace)).toThrow(/does not export startRegistry\(\)/);
  });
});
