/**
 * Test certificate authorities for the plugin's own tests: roots, intermediates and leaves made
 * with @peculiar/x509 on Node's WebCrypto. ECDSA P-256 keys because they generate in
 * milliseconds (RSA 2048 takes ~100 ms each on a 2-core box) and every client we test against
 * (Node, OpenSSL in Python) accepts them. Not compiled into dist (tsconfig.build excludes it).
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

// tsconfig has no DOM lib, so WebCrypto types come from node:crypto's namespace.
type CryptoKeyPair = webcrypto.CryptoKeyPair;
x509.cryptoProvider.set(webcrypto as never);

const ALG: webcrypto.EcKeyGenParams & webcrypto.EcdsaParams = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
const DAY = 24 * 60 * 60 * 1000;

/** A certificate and its private key, both PEM. */
export interface TestCert {
  /** PEM certificate. */
  cert: string;
  /** PEM PKCS#8 private key. */
  key: string;
  /** Subject DN as written, e.g. `CN=Test Root`. */
  subject: string;
  /** Internal: the signing key pair, for issuing children. */
  keys: CryptoKeyPair;
}

export interface CertOptions {
  /** Common name; the subject is `CN=<cn>, O=nx-pypi tests`. */
  cn: string;
  /** Validity start; default one day ago. */
  notBefore?: Date;
  /** Validity end; default 365 days from now. */
  notAfter?: Date;
}

export interface LeafOptions extends CertOptions {
  /** DNS subjectAltNames; default `localhost`. */
  dnsNames?: string[];
  /** IP subjectAltNames; default `127.0.0.1`. */
  ips?: string[];
}

function subjectOf(cn: string): string {
  return `CN=${cn}, O=nx-pypi tests`;
}

function validity(opts: CertOptions): { notBefore: Date; notAfter: Date } {
  return {
    notBefore: opts.notBefore ?? new Date(Date.now() - DAY),
    notAfter: opts.notAfter ?? new Date(Date.now() + 365 * DAY),
  };
}

async function newKeys(): Promise<CryptoKeyPair> {
  return (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function keyPem(keys: CryptoKeyPair): Promise<string> {
  const der = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey as never));
  const b64 = der.toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64.trimEnd()}\n-----END PRIVATE KEY-----\n`;
}

async function finish(cert: x509.X509Certificate, keys: CryptoKeyPair, subject: string): Promise<TestCert> {
  return { cert: `${cert.toString('pem')}\n`, key: await keyPem(keys), subject, keys };
}

async function caExtensions(keys: CryptoKeyPair, issuer?: TestCert): Promise<x509.Extension[]> {
  const ext: x509.Extension[] = [
    new x509.BasicConstraintsExtension(true, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuer) ext.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  return ext;
}

/** A self-signed root CA (CA:true, keyCertSign). */
export async function createRootCa(opts: CertOptions): Promise<TestCert> {
  return selfSign(opts, (keys) => caExtensions(keys));
}

/** A certificate for `opts.cn` signed by its own key, with the extensions `extensionsFor` gives it. */
async function selfSign(opts: CertOptions, extensionsFor: (keys: CryptoKeyPair) => Promise<x509.Extension[]>): Promise<TestCert> {
  const keys = await newKeys();
  const subject = subjectOf(opts.cn);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: subject,
    keys,
    signingAlgorithm: ALG,
    extensions: await extensionsFor(keys),
    ...validity(opts),
  });
  return finish(cert, keys, subject);
}

/** An intermediate CA (CA:true) signed by `issuer`. */
export async function createIntermediateCa(issuer: TestCert, opts: CertOptions): Promise<TestCert> {
  return issue(issuer, opts, (keys) => caExtensions(keys, issuer));
}

/** A certificate for `opts.cn` signed by `issuer`, with the extensions `extensionsFor` gives its new key. */
async function issue(issuer: TestCert, opts: CertOptions, extensionsFor: (keys: CryptoKeyPair) => Promise<x509.Extension[]>): Promise<TestCert> {
  const keys = await newKeys();
  const subject = subjectOf(opts.cn);
  const cert = await x509.X509CertificateGenerator.create({
    subject,
    issuer: issuer.subject,
    publicKey: keys.publicKey,
    signingKey: issuer.keys.privateKey,
    signingAlgorithm: ALG,
    extensions: await extensionsFor(keys),
    ...validity(opts),
  });
  return finish(cert, keys, subject);
}

async function leafExtensions(keys: CryptoKeyPair, opts: LeafOptions, issuer?: TestCert): Promise<x509.Extension[]> {
  const names: x509.JsonGeneralName[] = [
    ...(opts.dnsNames ?? ['localhost']).map((value) => ({ type: 'dns' as const, value })),
    ...(opts.ips ?? ['127.0.0.1']).map((value) => ({ type: 'ip' as const, value })),
  ];
  const ext: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
    new x509.SubjectAlternativeNameExtension(names),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
  ];
  if (issuer) ext.push(await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey));
  return ext;
}

/** A server certificate (CA:false, serverAuth) signed by `issuer`. */
export async function createLeaf(issuer: TestCert, opts: LeafOptions): Promise<TestCert> {
  return issue(issuer, opts, (keys) => leafExtensions(keys, opts, issuer));
}

/** A client certificate (CA:false, clientAuth) for mutual TLS, signed by `issuer`. */
export async function createClientCert(issuer: TestCert, opts: CertOptions): Promise<TestCert> {
  return issue(issuer, opts, async (keys) => [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
    new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(issuer.keys.publicKey),
  ]);
}

/** A self-signed server certificate (CA:false): the "someone ran openssl req -x509" case. */
export async function createSelfSignedLeaf(opts: LeafOptions): Promise<TestCert> {
  return selfSign(opts, (keys) => leafExtensions(keys, opts));
}

/** A complete, healthy PKI: root -> intermediate -> leaf for localhost/127.0.0.1. */
export interface TestPki {
  root: TestCert;
  intermediate: TestCert;
  leaf: TestCert;
}

export async function createTestPki(prefix = 'Test'): Promise<TestPki> {
  const root = await createRootCa({ cn: `${prefix} Root CA` });
  const intermediate = await createIntermediateCa(root, { cn: `${prefix} Intermediate CA` });
  const leaf = await createLeaf(intermediate, { cn: 'localhost' });
  return { root, intermediate, leaf };
}

/** Days from now as a Date (negative for the past). */
export function daysFromNow(days: number): Date {
  return new Date(Date.now() + days * DAY);
}

/** A loopback HTTPS server presenting `chain` (leaf first) with `key`; close it with `close()`. */
export interface TestHttpsServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Mutual TLS: the server asks for a client certificate issued under `ca`, and with `required` refuses a handshake without one. */
export interface ClientAuthOptions {
  ca: readonly TestCert[];
  required: boolean;
  /** Highest TLS version; TLS 1.2 ends a handshake without a certificate inside the handshake, 1.3 after it. */
  maxVersion?: 'TLSv1.2' | 'TLSv1.3';
}

export async function startHttpsServer(
  chain: readonly TestCert[],
  handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void = (_req, res) => res.end('ok'),
  clientAuth?: ClientAuthOptions,
): Promise<TestHttpsServer> {
  const { createServer } = await import('node:https');
  const mtls = clientAuth && {
    requestCert: true,
    rejectUnauthorized: clientAuth.required,
    ca: clientAuth.ca.map((c) => c.cert),
    ...(clientAuth.maxVersion && { maxVersion: clientAuth.maxVersion }),
  };
  const server = createServer({ cert: chain.map((c) => c.cert).join(''), key: chain[0].key, ...mtls }, handler);
  // A client without a certificate fails its handshake on purpose in these tests.
  if (mtls) server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as import('node:net').AddressInfo).port;
  return {
    url: `https://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
