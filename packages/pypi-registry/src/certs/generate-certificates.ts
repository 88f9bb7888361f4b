/**
 * A private PKI for TLS tests: root CA -> intermediate CA -> leaf, made with @peculiar/x509 so the
 * registry needs no openssl binary. The server presents leaf + intermediate (a correct set-up);
 * clients trust the root (or the chain file). Options make broken leaves on purpose: expired,
 * not yet valid, wrong host names, or signed by an existing CA in another directory. The same
 * intermediate issues client certificates for mutual TLS (generateClientCertificate).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

type CryptoKey = webcrypto.CryptoKey;
type CryptoKeyPair = webcrypto.CryptoKeyPair;
type Crypto = webcrypto.Crypto;

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface GenerateCertificatesOptions {
  /** Directory to write into (created). Existing files of the same names are replaced. */
  dir: string;
  /** DNS names and IP addresses of the leaf; default `localhost`, `127.0.0.1`, `::1`. */
  leafHosts?: string[];
  /** Default: one hour ago (tolerates clock skew). */
  leafNotBefore?: Date;
  /** Default: 365 days after leafNotBefore. A past date makes an expired leaf. */
  leafNotAfter?: Date;
  /** Issue the leaf from the root and intermediate already in this directory instead of a new CA. */
  caDir?: string;
  /** Prefix of the subjects' common names; default `pypi-registry`. */
  commonNamePrefix?: string;
}

/** Paths of the written PEM files. */
export interface CertificateFiles {
  dir: string;
  /** Root CA certificate: the trust anchor to give clients. */
  root: string;
  /** Intermediate CA certificate. */
  intermediate: string;
  /** Intermediate then root: a CA bundle that also works when a server omits the intermediate. */
  chain: string;
  /** Leaf certificate alone. */
  leafCert: string;
  /** Leaf private key (PKCS#8, mode 600). */
  leafKey: string;
  /** Leaf then intermediate: what a correctly configured server presents. */
  leafChain: string;
}

/** Names of the files inside a certificates directory. */
export const CERTIFICATE_FILE_NAMES = {
  root: 'root.crt',
  rootKey: 'root.key',
  intermediate: 'intermediate.crt',
  intermediateKey: 'intermediate.key',
  chain: 'chain.pem',
  leafCert: 'leaf.crt',
  leafKey: 'leaf.key',
  leafChain: 'leaf-chain.pem',
  clientCert: 'client.crt',
  clientKey: 'client.key',
  clientCombined: 'client.pem',
} as const;

export interface GenerateClientCertificateOptions {
  /** Directory to write into (created). Existing client files are replaced. */
  dir: string;
  /** Directory holding the issuing CA: its intermediate certificate and key (a certificates directory). */
  caDir: string;
  /** Default `pypi-registry client`. */
  commonName?: string;
  /** Default: one hour ago. */
  notBefore?: Date;
  /** Default: 365 days after notBefore. */
  notAfter?: Date;
}

/** Paths of a client certificate's files. */
export interface ClientCertificateFiles {
  /** The client certificate alone (PEM). */
  cert: string;
  /** Its private key (PKCS#8 PEM, mode 600). */
  key: string;
  /** Certificate then key in one file (mode 600): what pip's --client-cert takes. */
  combined: string;
}

interface Authority {
  cert: x509.X509Certificate;
  keys: CryptoKeyPair;
}

/** Generates (or, with `caDir`, reuses) a CA pair and issues a leaf; returns the file paths. */
export async function generateCertificates(options: GenerateCertificatesOptions): Promise<CertificateFiles> {
  const prefix = options.commonNamePrefix ?? 'pypi-registry';
  const hosts = options.leafHosts ?? ['localhost', '127.0.0.1', '::1'];
  const now = Date.now();
  const { root, intermediate } = options.caDir
    ? await readAuthorities(options.caDir)
    : await createAuthorities(prefix, new Date(now - 60 * 60 * 1000), new Date(now + 3650 * DAY_MS));
  const leafNotBefore = options.leafNotBefore ?? new Date(now - 60 * 60 * 1000);
  const leafNotAfter = options.leafNotAfter ?? new Date(leafNotBefore.getTime() + 365 * DAY_MS);
  const leafKeys = await generateKeys();
  const leaf = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${hosts[0] ?? 'localhost'}`,
    issuer: intermediate.cert.subject,
    notBefore: leafNotBefore,
    notAfter: leafNotAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: leafKeys.publicKey,
    signingKey: intermediate.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(hosts.map((host) => ({ type: isIP(host) ? 'ip' : 'dns', value: host }))),
      await x509.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(intermediate.keys.publicKey),
    ],
  });

  const names = CERTIFICATE_FILE_NAMES;
  const dir = options.dir;
  await mkdir(dir, { recursive: true });
  const rootPem = root.cert.toString('pem');
  const intermediatePem = intermediate.cert.toString('pem');
  const leafPem = leaf.toString('pem');
  await writeText(join(dir, names.root), `${rootPem}\n`);
  await writeText(join(dir, names.intermediate), `${intermediatePem}\n`);
  await writeText(join(dir, names.chain), `${intermediatePem}\n${rootPem}\n`);
  await writeText(join(dir, names.leafCert), `${leafPem}\n`);
  await writeText(join(dir, names.leafChain), `${leafPem}\n${intermediatePem}\n`);
  await writeText(join(dir, names.leafKey), await exportPrivateKey(leafKeys.privateKey), 0o600);
  if (!options.caDir) {
    await writeText(join(dir, names.rootKey), await exportPrivateKey(root.keys.privateKey), 0o600);
    await writeText(join(dir, names.intermediateKey), await exportPrivateKey(intermediate.keys.privateKey), 0o600);
  }
  return certificateFiles(dir);
}

/**
 * Issues a client certificate (extendedKeyUsage clientAuth) from the intermediate CA in `caDir`, so
 * a registry that requires client certificates and trusts that CA accepts it.
 */
export async function generateClientCertificate(options: GenerateClientCertificateOptions): Promise<ClientCertificateFiles> {
  const names = CERTIFICATE_FILE_NAMES;
  const issuer = await readAuthority(options.caDir, names.intermediate, names.intermediateKey);
  const notBefore = options.notBefore ?? new Date(Date.now() - 60 * 60 * 1000);
  const notAfter = options.notAfter ?? new Date(notBefore.getTime() + 365 * DAY_MS);
  const keys = await generateKeys();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${options.commonName ?? 'pypi-registry client'}`,
    issuer: issuer.cert.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
    ],
  });
  await mkdir(options.dir, { recursive: true });
  const files = clientCertificateFiles(options.dir);
  const certPem = `${cert.toString('pem')}\n`;
  const keyPem = await exportPrivateKey(keys.privateKey);
  await writeText(files.cert, certPem);
  await writeText(files.key, keyPem, 0o600);
  await writeText(files.combined, `${certPem}${keyPem}`, 0o600);
  return files;
}

/** The paths {@link generateClientCertificate} writes in `dir`. */
export function clientCertificateFiles(dir: string): ClientCertificateFiles {
  const names = CERTIFICATE_FILE_NAMES;
  return { cert: join(dir, names.clientCert), key: join(dir, names.clientKey), combined: join(dir, names.clientCombined) };
}

/** The paths {@link generateCertificates} writes in `dir`, without touching the disk. */
export function certificateFiles(dir: string): CertificateFiles {
  const names = CERTIFICATE_FILE_NAMES;
  return {
    dir,
    root: join(dir, names.root),
    intermediate: join(dir, names.intermediate),
    chain: join(dir, names.chain),
    leafCert: join(dir, names.leafCert),
    leafKey: join(dir, names.leafKey),
    leafChain: join(dir, names.leafChain),
  };
}

async function createAuthorities(prefix: string, notBefore: Date, notAfter: Date): Promise<{ root: Authority; intermediate: Authority }> {
  const rootKeys = await generateKeys();
  const rootCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=${prefix} Root CA`,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    keys: rootKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  const intermediateKeys = await generateKeys();
  const intermediateCert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: `CN=${prefix} Intermediate CA`,
    issuer: rootCert.subject,
    notBefore,
    notAfter,
    signingAlgorithm: ALGORITHM,
    publicKey: intermediateKeys.publicKey,
    signingKey: rootKeys.privateKey,
    extensions: [
      // pathLen 0: this CA signs leaves only.
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(intermediateKeys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(rootKeys.publicKey),
    ],
  });
  return { root: { cert: rootCert, keys: rootKeys }, intermediate: { cert: intermediateCert, keys: intermediateKeys } };
}

async function readAuthorities(caDir: string): Promise<{ root: Authority; intermediate: Authority }> {
  const names = CERTIFICATE_FILE_NAMES;
  return {
    root: await readAuthority(caDir, names.root, names.rootKey),
    intermediate: await readAuthority(caDir, names.intermediate, names.intermediateKey),
  };
}

async function readAuthority(caDir: string, certName: string, keyName: string): Promise<Authority> {
  const cert = new x509.X509Certificate(await readFile(join(caDir, certName), 'utf8'));
  const der = x509.PemConverter.decodeFirst(await readFile(join(caDir, keyName), 'utf8'));
  const privateKey = await webcrypto.subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
  const publicKey = await cert.publicKey.export(ALGORITHM, ['verify'], webcrypto as unknown as Crypto);
  return { cert, keys: { privateKey, publicKey } as CryptoKeyPair };
}

function generateKeys(): Promise<CryptoKeyPair> {
  return webcrypto.subtle.generateKey(ALGORITHM, true, ['sign', 'verify']) as Promise<CryptoKeyPair>;
}

async function exportPrivateKey(key: CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey('pkcs8', key);
  return `${x509.PemConverter.encode(der, 'PRIVATE KEY')}\n`;
}

/** 16 random bytes with the top bit clear: a positive DER integer, as RFC 5280 requires. */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = bytes[0]! & 0x7f;
  return Buffer.from(bytes).toString('hex');
}

/** Temp file + rename, so a reader never sees half a PEM file. */
async function writeText(path: string, text: string, mode = 0o644): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, text, { mode });
  await chmod(temp, mode);
  await rename(temp, path);
}
