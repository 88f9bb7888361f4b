/**
 * Files the registry keeps in its data directory besides the store: the generated user's
 * credentials, the admin token, the certificates, and server.json for machines.
 */
import { randomBytes, X509Certificate } from 'node:crypto';
import { access, chmod, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  certificateFiles,
  clientCertificateFiles,
  CERTIFICATE_FILE_NAMES,
  generateCertificates,
  generateClientCertificate,
  type CertificateFiles,
  type ClientCertificateFiles,
} from './certs/generate-certificates';
import { GENERATED_USERNAME } from './config/registry-config';
import { RegistryError } from './errors';

export interface Credentials {
  username: string;
  password: string;
}

/** Contents of `<data>/server.json`: how to reach a running registry. Never holds a secret. */
export interface ServerInfo {
  pid: number;
  port: number;
  origin: string;
  uploadUrl: string;
  indexUrl: string;
  repositories: Array<{ name: string; type: 'hosted' | 'group' | 'proxy'; url: string }>;
  certificates: { root: string; intermediate: string; chain: string };
  /** Paths (never contents) of the client certificate, its key and the two in one file, when client certificates are required. */
  clientCertificates?: ClientCertificateFiles;
  credentialsFile: string;
  adminTokenFile: string;
}

export function dataPaths(dataDir: string) {
  return {
    credentials: join(dataDir, 'credentials'),
    adminToken: join(dataDir, 'admin-token'),
    serverInfo: join(dataDir, 'server.json'),
    certs: join(dataDir, 'certs'),
  };
}

/** Reads `<data>/credentials`, creating it with a random password on first start. */
export async function ensureCredentials(dataDir: string): Promise<Credentials> {
  const file = dataPaths(dataDir).credentials;
  const existing = await readOptional(file);
  if (existing === undefined) {
    const credentials = { username: GENERATED_USERNAME, password: randomBytes(18).toString('base64url') };
    await writeSecret(file, `username = ${credentials.username}\npassword = ${credentials.password}\n`);
    return credentials;
  }
  const value = (key: string): string | undefined => new RegExp(`^${key}\\s*=\\s*(.*?)\\s*$`, 'm').exec(existing)?.[1];
  const username = value('username');
  const password = value('password');
  if (username !== GENERATED_USERNAME || !password) {
    throw new RegistryError('REGISTRY_CREDENTIALS_INVALID', `expected lines "username = ${GENERATED_USERNAME}" and "password = <non-empty>"`, {
      location: file,
      hint: 'delete the file to have a new password generated on the next start',
    });
  }
  return { username, password };
}

/** Reads `<data>/admin-token`, creating it on first start. */
export async function ensureAdminToken(dataDir: string): Promise<string> {
  const file = dataPaths(dataDir).adminToken;
  const existing = (await readOptional(file))?.trim();
  if (existing) return existing;
  const token = randomBytes(24).toString('base64url');
  await writeSecret(file, `${token}\n`);
  return token;
}

/** Reuses `<data>/certs/` when complete, otherwise generates a new PKI there. */
export async function ensureCertificates(dataDir: string): Promise<CertificateFiles> {
  const dir = dataPaths(dataDir).certs;
  const files = certificateFiles(dir);
  const required = [
    files.root,
    files.intermediate,
    files.chain,
    files.leafCert,
    files.leafKey,
    files.leafChain,
    join(dir, CERTIFICATE_FILE_NAMES.intermediateKey),
  ];
  const present = await Promise.all(
    required.map((path) =>
      access(path).then(
        () => true,
        () => false,
      ),
    ),
  );
  return present.every(Boolean) ? files : generateCertificates({ dir });
}

/**
 * Reuses the client certificate in `<data>/certs/` when all its files are there and it was issued
 * by the CA there (a CA generated anew since would refuse it); otherwise issues one from that CA.
 */
export async function ensureClientCertificate(dataDir: string): Promise<ClientCertificateFiles> {
  const dir = dataPaths(dataDir).certs;
  const files = clientCertificateFiles(dir);
  const usable = await Promise.all([
    readFile(files.cert, 'utf8'),
    readFile(join(dir, CERTIFICATE_FILE_NAMES.intermediate), 'utf8'),
    access(files.key),
    access(files.combined),
  ]).then(
    ([cert, issuer]) => new X509Certificate(cert).verify(new X509Certificate(issuer).publicKey),
    () => false,
  );
  return usable ? files : generateClientCertificate({ dir, caDir: dir });
}

export async function writeServerInfo(dataDir: string, info: ServerInfo): Promise<void> {
  const file = dataPaths(dataDir).serverInfo;
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(info, null, 2)}\n`);
  await rename(temp, file);
}

/**
 * Refuses a data directory that another live process serves: two registries would race on the
 * store and each clear the other's temp files. A server.json left by a killed process is stale.
 */
export async function checkNotServed(dataDir: string): Promise<void> {
  const file = dataPaths(dataDir).serverInfo;
  const text = await readOptional(file);
  if (text === undefined) return;
  let pid: unknown;
  try {
    pid = (JSON.parse(text) as Partial<ServerInfo>).pid;
  } catch {
    return;
  }
  if (typeof pid !== 'number' || pid === process.pid || !isAlive(pid)) return;
  throw new RegistryError('REGISTRY_DATA_DIR_IN_USE', `a registry (pid ${pid}) is already serving this data directory`, {
    location: file,
    hint: 'stop that process, or use another --data directory',
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes server.json on a clean stop, so nobody connects to a registry that is gone. */
export async function removeServerInfo(dataDir: string): Promise<void> {
  await rm(dataPaths(dataDir).serverInfo, { force: true });
}

async function readOptional(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Mode 600 from the first byte: written to a private temp file, then renamed. */
async function writeSecret(file: string, text: string): Promise<void> {
  const temp = `${file}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode: 0o600 });
  await chmod(temp, 0o600);
  await rename(temp, file);
}
