/**
 * Starts a registry on loopback over TLS: the programmatic entry point used by tests and by
 * nx-pypi's `local-registry` executor (the CLI's `serve` is a thin shell around it).
 */
import { readFile, mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Socket } from 'node:net';
import { hashPassword } from './config/password-hash';
import {
  defaultRegistryConfig,
  GENERATED_USERNAME,
  parseRegistryConfig,
  validateRegistryConfig,
  type RegistryConfig,
  type RepositoryAction,
  type RepositoryConfig,
} from './config/registry-config';
import type { LinkHash } from './core/simple-html';
import type { StorageFlavour } from './core/write-policy';
import type { ClientCertificateFiles } from './certs/generate-certificates';
import {
  checkNotServed,
  dataPaths,
  ensureAdminToken,
  ensureCertificates,
  ensureClientCertificate,
  ensureCredentials,
  removeServerInfo,
  writeServerInfo,
  type Credentials,
} from './data-dir';
import { RegistryError } from './errors';
import { Authenticator } from './http/authenticator';
import { FaultInjector, type FaultPatch, type FaultState } from './http/fault-injector';
import type { RegistryContext } from './http/registry-context';
import { createRequestHandler } from './http/request-handler';
import { UploadLog, type UploadLogEntry } from './http/upload-log';
import { openProxies } from './proxy/open-proxies';
import { PackageStore } from './store/package-store';

export interface RegistryOptions {
  /** Data directory: store, credentials, certificates, server.json. Created if missing. */
  dataDir: string;
  /** Default 0: a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Repositories and users: a path to a JSON file or an object; default pypi-hosted in group pypi-public. */
  config?: string | Partial<RegistryConfig>;
  /** Overrides the config's storageFlavour (refusal wording). */
  storageFlavour?: StorageFlavour;
  /** Check sha256/blake2 digests, filename against name/version/filetype, and archive type. */
  strict?: boolean;
  /** Serve PEP 691 JSON to clients that ask for it (real Nexus does not). */
  simpleJson?: boolean;
  /** Present the leaf certificate without its intermediate (a misconfigured server). */
  leafOnly?: boolean;
  /**
   * Mutual TLS: every connection must present a client certificate issued by the registry's own CA,
   * or its handshake fails (no HTTP answer at all, as behind a proxy that requires them). A client
   * certificate is issued into `<data>/certs/` (client.crt, client.key, client.pem) on first use.
   */
  requireClientCert?: boolean;
  /** Standard reason phrases instead of Nexus's messages (as over HTTP/2 or behind a proxy). */
  genericReason?: boolean;
  /** Index link fragments: `sha256` (default, Nexus ≥ 3.41) or `md5` (Nexus ≤ 3.40). */
  linkHash?: LinkHash;
  /** Faults armed from the start. */
  faults?: FaultPatch;
  /** Milliseconds since the epoch, for proxies' cache ages; default Date.now (tests age caches without waiting). */
  clock?: () => number;
  /** One line per request (method, path, status, ms, user). Default: discarded. */
  logRequest?: (line: string) => void;
  /** Unexpected errors and start-up warnings. Default: console.error. */
  logError?: (line: string) => void;
}

export interface RunningRegistry {
  port: number;
  /** `https://127.0.0.1:<port>` */
  origin: string;
  /** `<origin>/repository/<repo>/`; default the first hosted repository. */
  uploadUrl(repository?: string): string;
  /** `<origin>/repository/<repo>/simple/`; default the first group (else the first hosted). */
  indexUrl(repository?: string): string;
  dataDir: string;
  /** PEM file paths: root CA, intermediate CA, chain (intermediate then root). */
  certs: { root: string; intermediate: string; chain: string };
  /** With requireClientCert: the client certificate, its key, and both in one file (pip's --client-cert). */
  clientCertificates?: ClientCertificateFiles;
  /** The generated user, allowed to read, upload and read repository settings everywhere. */
  credentials: Credentials;
  /** File holding the admin token for `/-/admin/*`. */
  adminTokenFile: string;
  faults: { set(patch: FaultPatch): FaultState; clear(): FaultState; get(): FaultState };
  uploads(): UploadLogEntry[];
  /** Stops listening, closes open connections, removes server.json. */
  close(): Promise<void>;
}

export async function startRegistry(options: RegistryOptions): Promise<RunningRegistry> {
  const dataDir = options.dataDir;
  await mkdir(dataDir, { recursive: true });
  await checkNotServed(dataDir);
  const config = await loadConfig(options.config);
  const storageFlavour = options.storageFlavour ?? config.storageFlavour;
  const credentials = await ensureCredentials(dataDir);
  const adminToken = await ensureAdminToken(dataDir);
  const certs = await ensureCertificates(dataDir);
  const clientCertificates = options.requireClientCert ? await ensureClientCertificate(dataDir) : undefined;
  // Proxies store the files they download like hosted repositories store uploads.
  const storing = config.repositories.filter((repository) => repository.type !== 'group').map((repository) => repository.name);
  const { store, warnings } = await PackageStore.open(dataDir, storing);
  const logError = options.logError ?? ((line: string) => console.error(line));
  warnings.forEach(logError);
  const proxies = await openProxies(config.repositories, { store, now: options.clock ?? Date.now, warn: logError });

  const accounts = [
    {
      username: GENERATED_USERNAME,
      passwordHash: await hashPassword(credentials.password),
      privileges: { '*': ['read', 'add', 'admin-read'] as RepositoryAction[] },
    },
    ...config.users,
  ];
  const faults = new FaultInjector();
  if (options.faults) faults.set(options.faults);
  const uploads = new UploadLog();
  const context: RegistryContext = {
    repositories: new Map(config.repositories.map((repository) => [repository.name, repository])),
    storageFlavour,
    store,
    proxies,
    authenticator: new Authenticator(accounts),
    faults,
    uploads,
    strict: options.strict ?? false,
    simpleJson: options.simpleJson ?? false,
    genericReason: options.genericReason ?? false,
    linkHash: options.linkHash ?? 'sha256',
    adminToken,
  };

  const [leafKey, leafCert] = await Promise.all([readFile(certs.leafKey), readFile(options.leafOnly ? certs.leafCert : certs.leafChain)]);
  // The client's chain is built from the registry's own CA: a certificate from anywhere else fails the handshake.
  const clientAuth = clientCertificates
    ? { requestCert: true, rejectUnauthorized: true, ca: await Promise.all([readFile(certs.root), readFile(certs.intermediate)]) }
    : {};
  const server = createServer(
    { key: leafKey, cert: leafCert, ...clientAuth },
    createRequestHandler(context, options.logRequest ?? (() => undefined), logError),
  );
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  // Failed handshakes (a client that does not trust us, or has no client certificate) are expected in TLS tests; not errors of ours.
  server.on('tlsClientError', () => undefined);
  const host = options.host ?? '127.0.0.1';
  await listen(server, options.port ?? 0, host);
  const port = (server.address() as AddressInfo).port;
  const origin = `https://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const urlOf = (name: string): string => `${origin}/repository/${encodeURIComponent(name)}/`;
  const uploadUrl = (repository?: string): string => urlOf(repository ?? pick(config.repositories, ['hosted'], 'upload').name);
  const indexUrl = (repository?: string): string => `${urlOf(repository ?? pick(config.repositories, ['group', 'hosted'], 'index').name)}simple/`;

  try {
    await writeServerInfo(dataDir, {
      pid: process.pid,
      port,
      origin,
      uploadUrl: uploadUrl(),
      indexUrl: indexUrl(),
      repositories: config.repositories.map((repository) => ({ name: repository.name, type: repository.type, url: urlOf(repository.name) })),
      certificates: { root: certs.root, intermediate: certs.intermediate, chain: certs.chain },
      ...(clientCertificates && { clientCertificates }),
      credentialsFile: dataPaths(dataDir).credentials,
      adminTokenFile: dataPaths(dataDir).adminToken,
    });
  } catch (error) {
    // A start that fails after listening (no hosted repository for server.json's upload URL, an
    // unwritable data folder) must not leave the port open and the process alive.
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    throw error;
  }

  let closing: Promise<void> | undefined;
  return {
    port,
    origin,
    uploadUrl,
    indexUrl,
    dataDir,
    certs: { root: certs.root, intermediate: certs.intermediate, chain: certs.chain },
    clientCertificates,
    credentials,
    adminTokenFile: dataPaths(dataDir).adminToken,
    faults: { set: (patch) => faults.set(patch), clear: () => faults.clear(), get: () => faults.get() },
    uploads: () => uploads.list(),
    close: () =>
      (closing ??= (async () => {
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        for (const socket of sockets) socket.destroy();
        await closed;
        await removeServerInfo(dataDir);
      })()),
  };
}

async function loadConfig(source: RegistryOptions['config']): Promise<RegistryConfig> {
  if (source === undefined) return defaultRegistryConfig();
  if (typeof source === 'object') return validateRegistryConfig(source, '(config object)');
  let text: string;
  try {
    text = await readFile(source, 'utf8');
  } catch (error) {
    throw new RegistryError('REGISTRY_CONFIG_UNREADABLE', `cannot read the config file: ${(error as Error).message}`, {
      location: source,
      hint: 'pass the path of a JSON file with "repositories" (and optionally "users")',
    });
  }
  return parseRegistryConfig(text, source);
}

function pick(repositories: RepositoryConfig[], types: Array<'hosted' | 'group'>, purpose: string): RepositoryConfig {
  for (const type of types) {
    const found = repositories.find((repository) => repository.type === type);
    if (found) return found;
  }
  throw new RegistryError('REGISTRY_NO_REPOSITORY', `no ${types.join(' or ')} repository to build the ${purpose} URL from`, {
    hint: 'name the repository explicitly, or add one to the config',
  });
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void =>
      reject(
        new RegistryError('REGISTRY_LISTEN_FAILED', `cannot listen on ${host}:${port}: ${error.message}`, {
          hint: error.code === 'EADDRINUSE' ? 'choose another --port, or --port 0 for a free one' : undefined,
          cause: error,
        }),
      );
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
}
