/**
 * Writes a small wheel and sdist for publish tests with Python's zipfile and tarfile: a writer
 * independent of the plugin's own archive code. `payload` changes the bytes (and so the hashes)
 * without changing the file names.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { toDistFilenamePart } from '../../../core/names';
import { readArtifact, type Artifact } from '../../artifact/read-artifact';

const SCRIPT = `
import sys, io, tarfile, zipfile
out, name, dist, version, payload = sys.argv[1:6]
metadata = ("Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\nSummary: test package\\n"
            "Requires-Python: >=3.9\\nClassifier: A :: B\\nClassifier: C :: D\\n\\n# %s\\n" % (name, version, name)).encode()
module = ("VALUE = %r\\n" % payload).encode()
with zipfile.ZipFile("%s/%s-%s-py3-none-any.whl" % (out, dist, version), "w", zipfile.ZIP_DEFLATED) as z:
    z.writestr("%s/__init__.py" % dist, module)
    z.writestr("%s-%s.dist-info/METADATA" % (dist, version), metadata)
    z.writestr("%s-%s.dist-info/WHEEL" % (dist, version), "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
with tarfile.open("%s/%s-%s.tar.gz" % (out, dist, version), "w:gz", format=tarfile.PAX_FORMAT) as t:
    top = "%s-%s" % (dist, version)
    for path, data in [(top + "/PKG-INFO", metadata), (top + "/src/%s/__init__.py" % dist, module)]:
        info = tarfile.TarInfo(path); info.size = len(data); info.mtime = 1700000000
        t.addfile(info, io.BytesIO(data))
`;

/** Writes `<dist>-<version>-py3-none-any.whl` and `<dist>-<version>.tar.gz` into `dir` and reads them. */
export async function makeArtifacts(dir: string, name: string, version: string, payload: string): Promise<{ wheel: Artifact; sdist: Artifact }> {
  const dist = toDistFilenamePart(name);
  execFileSync('python3', ['-c', SCRIPT, dir, name, dist, version, payload], { env: { PATH: process.env.PATH ?? '' } });
  const [wheel, sdist] = await Promise.all([
    readArtifact(join(dir, `${dist}-${version}-py3-none-any.whl`)),
    readArtifact(join(dir, `${dist}-${version}.tar.gz`)),
  ]);
  return { wheel, sdist };
}
