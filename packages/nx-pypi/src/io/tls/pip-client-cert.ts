/**
 * pip takes the client certificate as one file holding the certificate and its key (its
 * `--client-cert`, PIP_CLIENT_CERT, pip.conf `client-cert`; requests hands it to
 * ssl.load_cert_chain with no separate key file). A configured file that already holds both is
 * passed as it is. When the key sits in a file of its own, both are joined into a temporary file:
 * mode 600, in a folder only this user can enter (mkdtemp makes it 700), outside the workspace so
 * nothing caches, uploads or commits it, and removed as soon as the Python processes are done, or
 * when this process exits should that come first.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { ClientCertificate } from '../../core/tls/client-certificate';
import { CertificateError } from '../../core/tls/errors';

export interface PipClientCertFile {
  /** Absolute path of the file with certificate and key. */
  path: string;
  /** The file is nx-pypi's joined copy (removed by dispose), not a configured one. */
  temporary: boolean;
  /** Removes the joined copy; does nothing for a configured file. Safe to call more than once. */
  dispose(): void;
}

/** `tempRoot` is where the private folder is made; default the system's temp folder. */
export function preparePipClientCert(cert: ClientCertificate, workspaceRoot: string, tempRoot: string = tmpdir()): PipClientCertFile {
  if (cert.combinedFile) return { path: cert.combinedFile, temporary: false, dispose: () => undefined };
  if (isInside(resolve(tempRoot), resolve(workspaceRoot))) {
    throw new CertificateError(
      `the temporary folder ${tempRoot} is inside the workspace, and nx-pypi does not put a private key there (pip needs ${cert.certFile} and ${cert.keyFile} joined in one file)`,
      {
        code: 'CLIENT_CERT_TEMP_IN_WORKSPACE',
        hint: `Point TMPDIR outside the workspace, or give pip one file with both: \`cat ${cert.certFile} ${cert.keyFile} > client.pem && chmod 600 client.pem\` outside the workspace, set clientCert to it and remove clientKey.`,
      },
    );
  }
  const dir = mkdtempSync(join(tempRoot, 'nx-pypi-client-cert-'));
  const path = join(dir, 'client.pem');
  const dispose = (): void => {
    process.off('exit', dispose);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', dispose);
  try {
    // `wx`: a file that is already there is not ours to overwrite; 600 before the first byte.
    writeFileSync(path, `${cert.certPem}${cert.key.reveal()}`, { mode: 0o600, flag: 'wx' });
  } catch (e) {
    dispose();
    throw e;
  }
  return { path, temporary: true, dispose };
}

function isInside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
}
