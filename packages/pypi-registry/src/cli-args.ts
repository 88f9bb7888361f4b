/**
 * Command-line parsing for `pypi-registry`, pure: argv in, a command description out.
 * Secrets are never taken from argv (process arguments are visible to every local user):
 * `hash-password` reads the password from stdin.
 */
import { parseArgs } from 'node:util';
import type { LinkHash } from './core/simple-html';
import { STORAGE_FLAVOURS, type StorageFlavour } from './core/write-policy';
import { RegistryError } from './errors';
import type { FaultPatch } from './http/fault-injector';

export const USAGE = `Usage:
  pypi-registry serve --data <dir> [options]   run a Nexus-compatible PyPI registry over TLS
      --port <n>                 port to listen on (default 0: a free port)
      --host <addr>              address to bind (default 127.0.0.1)
      --config <file>            repositories and users (JSON); default pypi-hosted in group pypi-public
      --flavour sql|orient       wording of redeploy refusals (default sql, Nexus 3.70+)
      --strict                   also check sha256/blake2 digests, filename vs name/version/filetype, archive type
      --simple-json              serve PEP 691 JSON when asked (real Nexus does not)
      --leaf-only                present the leaf certificate without its intermediate
      --require-client-cert      mutual TLS: refuse every connection without a client certificate from the
                                 registry's CA (one is issued into <data>/certs/client.pem)
      --generic-reason           standard reason phrases, as over HTTP/2 or behind a proxy
      --link-hash sha256|md5     hash in index link fragments (default sha256; md5 as Nexus <= 3.40)
      --fail-uploads <n>:<5xx>   fail the next n uploads with that status
      --drop-before-store <n>    drop the connection of the next n uploads before storing
      --drop-after-store <n>     drop the connection of the next n uploads after storing
      --delay-ms <ms>            delay every repository response
      --group-lag-seconds <s>    hide new files from group index pages for s seconds
      --quiet                    no request log
  pypi-registry certs <dir> [--hosts h1,h2] [--not-before <ISO date>] [--not-after <ISO date>] [--ca-dir <dir>]
                                 write root, intermediate and leaf certificates
  pypi-registry hash-password    read a password on stdin, print its scrypt hash for a config file
`;

export interface ServeCommand {
  command: 'serve';
  dataDir: string;
  port: number;
  host: string;
  config?: string;
  storageFlavour?: StorageFlavour;
  strict: boolean;
  simpleJson: boolean;
  leafOnly: boolean;
  requireClientCert: boolean;
  genericReason: boolean;
  linkHash: LinkHash;
  faults: FaultPatch;
  quiet: boolean;
}

export interface CertsCommand {
  command: 'certs';
  dir: string;
  hosts?: string[];
  notBefore?: Date;
  notAfter?: Date;
  caDir?: string;
}

export type CliCommand = ServeCommand | CertsCommand | { command: 'hash-password' } | { command: 'help' };

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { command: 'help' };
  if (command === 'serve') return parseServe(rest);
  if (command === 'certs') return parseCerts(rest);
  if (command === 'hash-password') {
    if (rest.length > 0) throw usageError(`hash-password takes no arguments (it reads the password from stdin)`);
    return { command: 'hash-password' };
  }
  throw usageError(`unknown command "${command}"`);
}

function parseServe(args: string[]): ServeCommand {
  const { values } = parse(args, {
    data: { type: 'string' },
    port: { type: 'string' },
    host: { type: 'string' },
    config: { type: 'string' },
    flavour: { type: 'string' },
    strict: { type: 'boolean' },
    'simple-json': { type: 'boolean' },
    'leaf-only': { type: 'boolean' },
    'require-client-cert': { type: 'boolean' },
    'generic-reason': { type: 'boolean' },
    'link-hash': { type: 'string' },
    'fail-uploads': { type: 'string' },
    'drop-before-store': { type: 'string' },
    'drop-after-store': { type: 'string' },
    'delay-ms': { type: 'string' },
    'group-lag-seconds': { type: 'string' },
    quiet: { type: 'boolean' },
  });
  if (!values['data']) throw usageError('serve needs --data <dir>');
  const flavour = values['flavour'] as string | undefined;
  if (flavour !== undefined && !STORAGE_FLAVOURS.includes(flavour as StorageFlavour)) {
    throw usageError(`--flavour must be ${STORAGE_FLAVOURS.join(' or ')}, got "${flavour}"`);
  }
  const linkHash = (values['link-hash'] as string | undefined) ?? 'sha256';
  if (linkHash !== 'sha256' && linkHash !== 'md5') throw usageError(`--link-hash must be sha256 or md5, got "${linkHash}"`);
  const faults: FaultPatch = {};
  const failUploads = values['fail-uploads'] as string | undefined;
  if (failUploads !== undefined) {
    const match = /^(\d+):(5\d\d)$/.exec(failUploads);
    if (!match) throw usageError(`--fail-uploads must be <count>:<status 500-599>, got "${failUploads}"`);
    faults.failUploads = { count: Number(match[1]), status: Number(match[2]) };
  }
  const counts = [
    ['drop-before-store', 'dropBeforeStore'],
    ['drop-after-store', 'dropAfterStore'],
    ['delay-ms', 'delayMs'],
    ['group-lag-seconds', 'groupLagSeconds'],
  ] as const;
  for (const [flag, key] of counts) {
    const value = values[flag] as string | undefined;
    if (value !== undefined) faults[key] = integer(value, `--${flag}`);
  }
  return {
    command: 'serve',
    dataDir: values['data'] as string,
    port: values['port'] === undefined ? 0 : integer(values['port'] as string, '--port', 65535),
    host: (values['host'] as string | undefined) ?? '127.0.0.1',
    config: values['config'] as string | undefined,
    storageFlavour: flavour as StorageFlavour | undefined,
    strict: values['strict'] === true,
    simpleJson: values['simple-json'] === true,
    leafOnly: values['leaf-only'] === true,
    requireClientCert: values['require-client-cert'] === true,
    genericReason: values['generic-reason'] === true,
    linkHash,
    faults,
    quiet: values['quiet'] === true,
  };
}

function parseCerts(args: string[]): CertsCommand {
  const { values, positionals } = parse(
    args,
    { hosts: { type: 'string' }, 'not-before': { type: 'string' }, 'not-after': { type: 'string' }, 'ca-dir': { type: 'string' } },
    true,
  );
  if (positionals.length !== 1) throw usageError('certs needs exactly one directory');
  const date = (flag: string): Date | undefined => {
    const text = values[flag] as string | undefined;
    if (text === undefined) return undefined;
    const parsed = new Date(text);
    if (Number.isNaN(parsed.getTime())) throw usageError(`--${flag} must be a date like 2026-01-31T00:00:00Z, got "${text}"`);
    return parsed;
  };
  const hosts = (values['hosts'] as string | undefined)
    ?.split(',')
    .map((host) => host.trim())
    .filter(Boolean);
  if (hosts !== undefined && hosts.length === 0) throw usageError('--hosts needs at least one host name or address');
  return {
    command: 'certs',
    dir: positionals[0]!,
    hosts,
    notBefore: date('not-before'),
    notAfter: date('not-after'),
    caDir: values['ca-dir'] as string | undefined,
  };
}

type OptionSpec = Record<string, { type: 'string' | 'boolean' }>;

function parse(args: string[], options: OptionSpec, allowPositionals = false) {
  try {
    return parseArgs({ args, options, allowPositionals, strict: true });
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

function integer(text: string, flag: string, max = Number.MAX_SAFE_INTEGER): number {
  if (!/^\d+$/.test(text) || Number(text) > max) throw usageError(`${flag} must be an integer from 0 to ${max}, got "${text}"`);
  return Number(text);
}

function usageError(message: string): RegistryError {
  return new RegistryError('REGISTRY_USAGE', message, { hint: 'run "pypi-registry --help" for usage' });
}
