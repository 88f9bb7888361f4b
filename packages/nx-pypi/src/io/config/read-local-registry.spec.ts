import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderLocalRegistryFile } from '../../core/config/local-registry-file';
import { readRunningLocalRegistry } from './read-local-registry';
import { resolveRepositorySession } from './repository-session';

const repository = {
  uploadUrl: 'https://127.0.0.1:8443/repository/pypi-hosted/',
  indexUrl: 'https://127.0.0.1:8443/repository/pypi-public/simple/',
  caBundle: '.nx-pypi/local-registry-chain.pem',
  publicRoots: false,
  usernameEnv: 'NX_PYPI_LOCAL_USERNAME',
  passwordEnv: 'NX_PYPI_LOCAL_PASSWORD',
};
const NX_JSON = {
  plugins: [{ plugin: 'nx-pypi', options: { defaultRepository: 'nexus', repositories: { nexus: { uploadUrl: 'https://nexus.example.com/repository/h/' } } } }],
};

/** A pid that is certainly not running: above the kernel's pid_max. */
const DEAD_PID = 2 ** 22 + 1;

describe('the running local registry in the repository session', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nx-pypi-local-session-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const writeRecord = (pid: number): void => {
    mkdirSync(join(root, '.nx-pypi'), { recursive: true });
    writeFileSync(join(root, '.nx-pypi/local-registry.json'), renderLocalRegistryFile({ pid, repository }));
  };
  const session = (env: NodeJS.ProcessEnv = {}) =>
    resolveRepositorySession({
      workspaceRoot: root,
      nxJson: NX_JSON,
      env: { HOME: root, NX_PYPI_LOCAL_USERNAME: 'publisher', NX_PYPI_LOCAL_PASSWORD: 'local-Secret-1', ...env },
      readTrust: false,
    });

  it('is absent when no local registry runs', () => {
    expect(readRunningLocalRegistry(root)).toBeUndefined();
    expect(session().repository.name).toBe('nexus');
  });

  it('gives every caller the "local" repository while the registry runs, with the file as the source', () => {
    writeRecord(process.pid);
    const s = session();
    expect(s.repository.name).toBe('local');
    expect(s.uploadUrl).toEqual({ value: repository.uploadUrl, source: '.nx-pypi/local-registry.json [repositories.local.uploadUrl]' });
    expect(s.indexUrl).toBe(repository.indexUrl);
    expect(s.trust.files).toEqual(['.nx-pypi/local-registry-chain.pem']);
    expect(s.credentialsLine).toBe('user "publisher" (env NX_PYPI_LOCAL_USERNAME), password from env NX_PYPI_LOCAL_PASSWORD');
    expect(session({ NX_PYPI_REPOSITORY: 'nexus' }).repository.name).toBe('nexus');
  });

  it('ignores the file a killed registry left behind', () => {
    writeRecord(DEAD_PID);
    expect(readRunningLocalRegistry(root)).toBeUndefined();
    expect(session().repository.name).toBe('nexus');
  });

  it('refuses a corrupt file, naming it', () => {
    mkdirSync(join(root, '.nx-pypi'));
    writeFileSync(join(root, '.nx-pypi/local-registry.json'), '{');
    expect(() => session()).toThrow(/local registry's repository file cannot be read/);
  });
});
