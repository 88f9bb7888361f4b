import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePemCertificates } from '../../core/tls/pem';
import { createTestPki } from '../../test-support/ca';
import { resolvePythonCaFile } from './python-ca-file';

describe('resolvePythonCaFile', () => {
  it('returns the single configured file, nothing without files, and one combined file for several', async () => {
    const pki = await createTestPki('Py');
    const dir = mkdtempSync(join(tmpdir(), 'nx-pypi-ca-'));
    try {
      const certificates = [...parsePemCertificates(pki.intermediate.cert, 'i.pem'), ...parsePemCertificates(pki.root.cert, 'r.pem')];
      expect(resolvePythonCaFile('/ws', { certificates, files: ['chain.pem'], publicRoots: true }, dir)).toBe('/ws/chain.pem');
      expect(resolvePythonCaFile('/ws', { certificates: [], files: [], publicRoots: true }, dir)).toBeUndefined();
      const combined = resolvePythonCaFile('/ws', { certificates, files: ['i.pem', 'r.pem'], publicRoots: true }, dir) as string;
      expect(combined.startsWith(dir)).toBe(true);
      expect(parsePemCertificates(readFileSync(combined), combined).map((c) => c.cert.fingerprint256)).toEqual(certificates.map((c) => c.cert.fingerprint256));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
