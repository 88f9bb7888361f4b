import { parseCliArgs } from './cli-args';

describe('parseCliArgs', () => {
  it('reads serve options with defaults for the rest', () => {
    expect(parseCliArgs(['serve', '--data', 'd', '--strict', '--flavour', 'orient', '--fail-uploads', '2:502', '--delay-ms', '50'])).toEqual({
      command: 'serve',
      dataDir: 'd',
      port: 0,
      host: '127.0.0.1',
      config: undefined,
      storageFlavour: 'orient',
      strict: true,
      simpleJson: false,
      leafOnly: false,
      requireClientCert: false,
      genericReason: false,
      linkHash: 'sha256',
      faults: { failUploads: { count: 2, status: 502 }, delayMs: 50 },
      quiet: false,
    });
  });

  it('reads --require-client-cert', () => {
    expect(parseCliArgs(['serve', '--data', 'd', '--require-client-cert'])).toMatchObject({ command: 'serve', requireClientCert: true });
  });

  it('reads certs options', () => {
    expect(parseCliArgs(['certs', 'out', '--hosts', 'a.example, 10.0.0.1', '--not-after', '2020-01-01T00:00:00Z'])).toEqual({
      command: 'certs',
      dir: 'out',
      hosts: ['a.example', '10.0.0.1'],
      notBefore: undefined,
      notAfter: new Date('2020-01-01T00:00:00Z'),
      caDir: undefined,
    });
  });

  it.each([
    [['serve'], 'serve needs --data <dir>'],
    [['serve', '--data', 'd', '--port', '70000'], '--port must be an integer from 0 to 65535, got "70000"'],
    [['serve', '--data', 'd', '--fail-uploads', '1:404'], '--fail-uploads must be <count>:<status 500-599>, got "1:404"'],
    [['serve', '--data', 'd', '--flavour', 'h2'], '--flavour must be sql or orient, got "h2"'],
    [['serve', '--data', 'd', '--link-hash', 'sha1'], '--link-hash must be sha256 or md5, got "sha1"'],
    [['serve', '--data', 'd', '--password', 'x'], "Unknown option '--password'"],
    [['certs'], 'certs needs exactly one directory'],
    [['certs', 'd', '--not-before', 'soon'], '--not-before must be a date like 2026-01-31T00:00:00Z, got "soon"'],
    [['hash-password', 'secret'], 'hash-password takes no arguments (it reads the password from stdin)'],
    [['publish'], 'unknown command "publish"'],
  ])('rejects %j', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(expect.objectContaining({ code: 'REGISTRY_USAGE', message: expect.stringContaining(message) }));
  });
});
