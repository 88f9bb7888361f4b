/**
 * The client certificate of a repository (mutual TLS): the PEM certificate file and its private
 * key, which sit in one file or in two. Pure: the files' bytes are inputs. Checked before anything
 * connects, so a wrong file is a located error rather than a handshake failure: the certificate
 * parses, the key is readable without a passphrase, and the key belongs to the certificate.
 *
 * The key is a secret: it is held in a Secret, and no message here quotes any part of it (nor of
 * node:crypto's errors about it).
 */
import { createPrivateKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { Secret } from '../config/credentials';
import { formatDn } from './describe';
import { CertificateError } from './errors';
import { parsePemCertificates } from './pem';

/** One configured file as read. */
export interface ClientCertificateFile {
  /** As configured, for messages, e.g. `certs/client.pem`. */
  shown: string;
  /** Absolute path. */
  path: string;
  content: Uint8Array;
  /** Where it is configured, e.g. `nx-pypi.json [repositories.nexus.clientCert]`. */
  configuredAt: string;
}

export interface ClientCertificate {
  /** The certificate the key belongs to: the first of certPem. */
  leaf: X509Certificate;
  /** The certificate blocks to present, leaf first (Node's `cert`). */
  certPem: string;
  /** The private key as one PEM block, unencrypted (Node's `key`, and the file pip reads). */
  key: Secret;
  /** clientCert as configured. */
  certFile: string;
  /** The file the key came from, as configured (certFile when it holds both). */
  keyFile: string;
  /**
   * Absolute path of a configured file that holds both the key and the certificate (first), which
   * pip's `--client-cert` takes as is; undefined when they are in two files.
   */
  combinedFile?: string;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

interface KeyBlock {
  kind: string;
  /** 1-based line of the BEGIN marker. */
  line: number;
  pem: string;
  encrypted: boolean;
}

/** Reads, checks and pairs the certificate and its key; `key` is the clientKey file when one is configured. */
export function parseClientCertificate(cert: ClientCertificateFile, key?: ClientCertificateFile): ClientCertificate {
  const certs = readCertificates(cert);
  const own = readKey(cert, 'clientCert');
  const separate = key && key.path !== cert.path ? readKey(key, 'clientKey') : undefined;
  if (key && key.path !== cert.path && !separate) {
    throw new CertificateError(`${key.shown} (clientKey, ${key.configuredAt}) holds no private key`, {
      code: 'CLIENT_KEY_MISSING',
      location: { file: key.path },
      hint: 'Point clientKey at the PEM file with the private key (-----BEGIN PRIVATE KEY-----), or remove clientKey when clientCert holds the key too.',
    });
  }
  const chosen = separate ?? (own && { ...own, file: cert });
  if (!chosen) {
    throw new CertificateError(`${cert.shown} (clientCert, ${cert.configuredAt}) holds no private key, and no clientKey is set`, {
      code: 'CLIENT_KEY_MISSING',
      location: { file: cert.path },
      hint: `Set "clientKey" next to "clientCert" to the key's PEM file, or append the key to ${cert.shown} (pip's --client-cert takes one file with both).`,
    });
  }
  if (separate && own && !sameKey(own.object, separate.object)) {
    throw new CertificateError(`${cert.shown} (clientCert) holds a private key, and clientKey names ${key!.shown}, which holds another`, {
      code: 'CLIENT_KEY_AMBIGUOUS',
      location: { file: key!.path },
      hint: 'Keep one: remove the key from the certificate file, or remove "clientKey".',
    });
  }
  const leafIndex = certs.findIndex((c) => c.cert.checkPrivateKey(chosen.object));
  if (leafIndex !== 0) {
    const subject = formatDn(certs[0].cert.subject);
    throw new CertificateError(
      leafIndex > 0
        ? `the private key in ${chosen.file.shown} belongs to the certificate at line ${certs[leafIndex].line} of ${cert.shown}, not to the first one (${subject})`
        : `the private key in ${chosen.file.shown} does not belong to the client certificate ${subject} in ${cert.shown}`,
      {
        code: 'CLIENT_KEY_MISMATCH',
        location: { file: chosen.file.path, line: chosen.line },
        hint:
          leafIndex > 0
            ? `Put that certificate first in ${cert.shown} (the client certificate, then its intermediates).`
            : `Use the key this certificate was issued for: \`openssl x509 -noout -pubkey -in ${cert.shown}\` and \`openssl pkey -pubout -in ${chosen.file.shown}\` print the same public key for a matching pair.`,
      },
    );
  }
  return {
    leaf: certs[0].cert,
    certPem: certs.map((c) => c.pem).join(''),
    key: new Secret(chosen.pem),
    certFile: cert.shown,
    keyFile: chosen.file.shown,
    combinedFile: chosen.file === cert ? cert.path : holdsLeaf(key, certs[0].cert) ? key!.path : undefined,
  };
}

/** `CN=ci-runner, O=Example (certs/client.pem + certs/client.key)`: what is presented, never the key. */
export function describeClientCertificate(c: ClientCertificate): string {
  const files = c.keyFile === c.certFile ? c.certFile : `${c.certFile} + ${c.keyFile}`;
  return `${formatDn(c.leaf.subject)} (${files})`;
}

function readCertificates(file: ClientCertificateFile): ReturnType<typeof parsePemCertificates> {
  try {
    return parsePemCertificates(file.content, file.shown);
  } catch (e) {
    if (!(e instanceof CertificateError) || e.code !== 'CERT_NOT_PEM') throw e;
    const kinds = blocksOf(file.content).map((b) => b.kind);
    const onlyKey = kinds.length > 0 && kinds.every((k) => k.endsWith('PRIVATE KEY'));
    throw new CertificateError(`${file.shown} (clientCert, ${file.configuredAt}) ${e.message}`, {
      code: 'CLIENT_CERT_NOT_PEM',
      location: { file: file.path },
      hint: onlyKey
        ? 'clientCert names the private key: point clientCert at the PEM certificate and clientKey at this file.'
        : /\.(p12|pfx)$/i.test(file.shown)
          ? `A PKCS#12 bundle converts to one PEM file with both: \`openssl pkcs12 -in ${file.shown} -out client.pem -nodes\` (it asks for the bundle's password), then \`chmod 600 client.pem\` and point clientCert at it.`
          : /DER/.test(e.message)
            ? `Convert it to PEM first: openssl x509 -inform der -in ${file.shown} -out ${file.shown.replace(/\.[^./]+$/, '')}-cert.pem`
            : 'Export the client certificate as PEM (Base-64): a text file holding -----BEGIN CERTIFICATE----- ... -----END CERTIFICATE-----.',
    });
  }
}

/** The file's one private key with its KeyObject; undefined when it holds none. */
function readKey(file: ClientCertificateFile, option: 'clientCert' | 'clientKey'): (KeyBlock & { object: KeyObject; file: ClientCertificateFile }) | undefined {
  const keys = blocksOf(file.content).filter((b) => b.kind.endsWith('PRIVATE KEY'));
  if (keys.length === 0) return undefined;
  const where = `${file.shown} (${option}, ${file.configuredAt})`;
  if (keys.length > 1) {
    throw new CertificateError(`${where} holds ${keys.length} private keys; nx-pypi cannot tell which one is the certificate's`, {
      code: 'CLIENT_KEY_AMBIGUOUS',
      location: { file: file.path, line: keys[1].line },
      hint: 'Keep only the key of the client certificate in the file.',
    });
  }
  const [block] = keys;
  if (block.kind === 'OPENSSH PRIVATE KEY') {
    throw new CertificateError(`${where} holds an OpenSSH key (ssh-keygen), not the private key of a TLS certificate`, {
      code: 'CLIENT_KEY_UNSUPPORTED',
      location: { file: file.path, line: block.line },
      hint: 'Use the PEM key that was created with the certificate signing request (-----BEGIN PRIVATE KEY-----).',
    });
  }
  if (block.encrypted) {
    throw new CertificateError(
      `${where} is encrypted with a passphrase; nx-pypi does not support encrypted client keys (nothing could type the passphrase in CI, and pip cannot take one)`,
      {
        code: 'CLIENT_KEY_ENCRYPTED',
        location: { file: file.path, line: block.line },
        hint: `Decrypt it into a file only you can read, outside the workspace: \`openssl pkey -in ${file.shown} -out key-plain.pem\` (it asks for the passphrase), then \`chmod 600 key-plain.pem\`; ${option === 'clientKey' ? 'point clientKey at key-plain.pem' : `set clientKey to key-plain.pem and remove the encrypted key from ${file.shown}`}.`,
      },
    );
  }
  let object: KeyObject;
  try {
    object = createPrivateKey({ key: block.pem, format: 'pem' });
  } catch {
    // node:crypto's message is not shown: only that the block is unusable, never what it holds.
    throw new CertificateError(`the ${block.kind} block of ${where} cannot be read (damaged base64, a truncated file, or an unsupported key type)`, {
      code: 'CLIENT_KEY_UNREADABLE',
      location: { file: file.path, line: block.line },
      hint: 'Export the key again as PEM (PKCS#8: -----BEGIN PRIVATE KEY-----), e.g. `openssl pkey -in <key> -out key-plain.pem`.',
    });
  }
  return { ...block, object, file };
}

function blocksOf(content: Uint8Array): KeyBlock[] {
  const text = Buffer.from(content).toString('latin1');
  return [...text.matchAll(BLOCK)].map((m) => ({
    kind: m[1],
    line: text.slice(0, m.index).split('\n').length,
    pem: `${m[0].replace(/\r\n/g, '\n')}\n`,
    // PKCS#8 encrypted, or the traditional OpenSSL form with a Proc-Type header.
    encrypted: m[1] === 'ENCRYPTED PRIVATE KEY' || /Proc-Type:\s*4,ENCRYPTED/.test(m[2]),
  }));
}

function sameKey(a: KeyObject, b: KeyObject): boolean {
  return a.export({ format: 'der', type: 'pkcs8' }).equals(b.export({ format: 'der', type: 'pkcs8' }));
}

/** The key file also holds the client certificate, first: pip can take it as its one file. */
function holdsLeaf(file: ClientCertificateFile | undefined, leaf: X509Certificate): boolean {
  if (!file) return false;
  const first = blocksOf(file.content).find((b) => b.kind === 'CERTIFICATE');
  if (!first) return false;
  try {
    return parsePemCertificates(first.pem, file.shown)[0].cert.fingerprint256 === leaf.fingerprint256;
  } catch {
    return false;
  }
}
