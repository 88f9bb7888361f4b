/**
 * Python tools take one CA file (pip `cert`, twine `--cert`, REQUESTS_CA_BUNDLE). A repository
 * configured with `ca: [a, b]` is therefore written as one combined file under a cache folder,
 * named by content hash so concurrent tasks agree on it and re-runs reuse it.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { TrustSettings } from '../../core/tls/trust';

/** Absolute path of one PEM file holding exactly the configured certificates; undefined when none. */
export function resolvePythonCaFile(workspaceRoot: string, trust: TrustSettings, cacheDir: string): string | undefined {
  if (trust.files.length === 0) return undefined;
  if (trust.files.length === 1) return resolve(workspaceRoot, trust.files[0]);
  const text = trust.certificates.map((c) => c.pem).join('');
  const file = join(cacheDir, `ca-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.pem`);
  if (!existsSync(file)) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(file, text);
  }
  return file;
}
