/** Reading a repository's clientCert / clientKey files (the only file access for them). */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseClientCertificate, type ClientCertificate, type ClientCertificateFile } from '../../core/tls/client-certificate';
import { CertificateError } from '../../core/tls/errors';

export interface ClientCertificateSettings {
  /** Workspace-relative or absolute, as configured. */
  clientCert?: string;
  clientKey?: string;
  /** Where each is configured, for messages. */
  sources: { clientCert?: string; clientKey?: string };
}

/** Reads a file by absolute path: the disk, or a generator's Tree for files inside the workspace. */
export type ReadBytes = (absolutePath: string) => Uint8Array;

/** The parsed client certificate, or undefined when none is configured. Throws a located CertificateError. */
export function readClientCertificate(
  workspaceRoot: string,
  settings: ClientCertificateSettings,
  readBytes: ReadBytes = (path) => readFileSync(path),
): ClientCertificate | undefined {
  if (settings.clientCert === undefined) return undefined;
  const read = (file: string, option: 'clientCert' | 'clientKey', source: string | undefined): ClientCertificateFile =>
    readOne(workspaceRoot, file, option, source, readBytes);
  const cert = read(settings.clientCert, 'clientCert', settings.sources.clientCert);
  const key = settings.clientKey === undefined ? undefined : read(settings.clientKey, 'clientKey', settings.sources.clientKey);
  return parseClientCertificate(cert, key);
}

function readOne(
  workspaceRoot: string,
  file: string,
  option: 'clientCert' | 'clientKey',
  source: string | undefined,
  readBytes: ReadBytes,
): ClientCertificateFile {
  const path = isAbsolute(file) ? file : resolve(workspaceRoot, file);
  const configuredAt = source ?? option;
  try {
    return { shown: file, path, content: readBytes(path), configuredAt };
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw new CertificateError(`cannot read the ${option} file ${file} (configured at ${configuredAt}): ${code}`, {
      code: option === 'clientCert' ? 'CLIENT_CERT_UNREADABLE' : 'CLIENT_KEY_UNREADABLE',
      location: { file: path },
      hint:
        code === 'ENOENT'
          ? `Fix the path (relative to the workspace root, or absolute), or put the ${option === 'clientCert' ? 'certificate' : 'key'} file there.`
          : 'Make the file readable by the user that runs nx (and by nobody else, for a key: chmod 600).',
      cause,
    });
  }
}
