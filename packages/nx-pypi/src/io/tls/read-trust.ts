/** Reading the configured CA files into TrustSettings (the only file access for trust). */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { AggregateNxPypiError, type NxPypiError } from '../../errors';
import { CA_CHAIN_COMMAND } from '../../core/tls/ca-chain-command';
import { CertificateError } from '../../core/tls/errors';
import { parsePemCertificates, type LoadedCertificate } from '../../core/tls/pem';
import type { TrustSettings } from '../../core/tls/trust';

export interface TrustFilesInput {
  /** Workspace-relative or absolute CA files (ResolvedRepository.caFiles). */
  caFiles: readonly string[];
  publicRoots: boolean;
  /** Where the files were configured, for the "file not found" message. */
  configuredAt?: string;
}

/** Reads and parses every CA file; reports all unreadable files at once. */
export function readTrustSettings(workspaceRoot: string, input: TrustFilesInput): TrustSettings {
  const certificates: LoadedCertificate[] = [];
  const problems: NxPypiError[] = [];
  for (const file of input.caFiles) {
    const path = isAbsolute(file) ? file : resolve(workspaceRoot, file);
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (cause) {
      problems.push(
        new CertificateError(
          `cannot read the CA file ${file}${input.configuredAt ? ` (configured at ${input.configuredAt})` : ''}: ${(cause as NodeJS.ErrnoException).code ?? String(cause)}`,
          {
            code: 'CA_FILE_UNREADABLE',
            location: { file: path },
            hint: `Create it with ${CA_CHAIN_COMMAND}, or fix the path (relative to the workspace root).`,
            cause,
          },
        ),
      );
      continue;
    }
    try {
      certificates.push(...parsePemCertificates(bytes, file));
    } catch (e) {
      problems.push(e as NxPypiError);
    }
  }
  if (problems.length > 0) throw new AggregateNxPypiError('The CA files cannot be used', problems, 'CA_FILES_INVALID');
  return { certificates, files: [...input.caFiles], publicRoots: input.publicRoots };
}
