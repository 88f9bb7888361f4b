import { LocalRegistryError } from './errors';
import { normalizeOptions } from './normalize-options';

describe('normalizeOptions', () => {
  it('applies the defaults and resolves paths against the workspace root', () => {
    expect(normalizeOptions({}, '/ws')).toEqual({
      workspaceRoot: '/ws',
      dataDir: '/ws/tmp/local-pypi-registry',
      port: 8443,
      host: '127.0.0.1',
      strict: true,
      storageFlavour: 'sql',
      config: undefined,
      clear: true,
      location: 'project',
      requireClientCert: false,
      logRequests: true,
    });
    expect(normalizeOptions({ dataDir: '/elsewhere/reg', config: 'tools/registry.json', port: 0 }, '/ws')).toMatchObject({
      dataDir: '/elsewhere/reg',
      config: '/ws/tools/registry.json',
      port: 0,
    });
  });

  it('reports every bad option at once, refusing a non-loopback host', () => {
    const call = () => normalizeOptions({ host: '0.0.0.0' as never, port: 70000, storageFlavour: 'mysql' as never, location: 'user' as never }, '/ws');
    expect(call).toThrow(LocalRegistryError);
    expect(call).toThrow(
      'invalid local-registry options: host "0.0.0.0" is not a loopback address (127.0.0.1, ::1, localhost); port 70000 is not an integer from 0 to 65535; ' +
        'storageFlavour "mysql" is neither "sql" nor "orient"; location "user" is neither "project" nor "none"',
    );
  });

  it.each([['.'], ['..'], ['/']])('refuses clear on dataDir %s, which holds the workspace', (dataDir) => {
    expect(() => normalizeOptions({ dataDir }, '/ws/repo')).toThrow(/is the workspace root or one of its parents, and clear would delete it/);
    expect(normalizeOptions({ dataDir, clear: false }, '/ws/repo').clear).toBe(false);
  });

  it('accepts a data dir whose name merely starts with ".."', () => {
    expect(normalizeOptions({ dataDir: '..registry' }, '/ws').dataDir).toBe('/ws/..registry');
  });
});
