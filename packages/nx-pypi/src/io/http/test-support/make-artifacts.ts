/**
 * Writes a small wheel (with an honest RECORD) and sdist for publish tests with Python's zipfile
 * and tarfile: a writer independent of the plugin's own archive code. `payload` changes the bytes
 * (and so the hashes) without changing the file names; `options` change the archive bytes alone
 * (compression level, dates) or one member's bytes or mode, to build "same contents, other bytes"
 * and "one member differs" rebuilds.
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { toDistFilenamePart } from '../../../core/names';
import { readArtifact, type Artifact } from '../../artifact/read-artifact';

export interface ArtifactOptions {
  /** zlib level of the wheel's members and of the sdist's gzip; Python's defaults (6, 9) when absent. */
  compressLevel?: number;
  /** Date of the wheel's members and mtime of the sdist's; default 2023-11-14. */
  date?: Date;
  /** Modules besides `__init__.py`, by file name (`core.py`), in both archives. */
  modules?: Record<string, string>;
  /** Mode of the sdist's `__init__.py`; default 0o644. */
  moduleMode?: number;
  /** The wheel's RECORD gives `__init__.py` the hash of other bytes. */
  lyingRecord?: boolean;
}

const SCRIPT = `
import sys, io, json, tarfile, time, zipfile, hashlib, base64
out, name, dist, version, payload, options = sys.argv[1:7]
options = json.loads(options)
level = options.get("compressLevel")
when = options.get("date", 1700000000)
metadata = ("Metadata-Version: 2.1\\nName: %s\\nVersion: %s\\nSummary: test package\\n"
            "Requires-Python: >=3.9\\nClassifier: A :: B\\nClassifier: C :: D\\n\\n# %s\\n" % (name, version, name)).encode()
module = ("VALUE = %r\\n" % payload).encode()
modules = [("__init__.py", module)] + [(n, c.encode()) for n, c in sorted(options.get("modules", {}).items())]
info_dir = "%s-%s.dist-info" % (dist, version)
files = [("%s/%s" % (dist, n), c) for n, c in modules] + [
    (info_dir + "/METADATA", metadata),
    (info_dir + "/WHEEL", b"Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"),
]
def record_hash(data):
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
rows = []
for path, data in files:
    lie = options.get("lyingRecord") and path.endswith("/__init__.py")
    rows.append("%s,%s,%d" % (path, record_hash(b"not these bytes" if lie else data), len(data)))
rows.append(info_dir + "/RECORD,,")
files.append((info_dir + "/RECORD", ("\\n".join(rows) + "\\n").encode()))
stamp = time.gmtime(when)[:6]
with zipfile.ZipFile("%s/%s-%s-py3-none-any.whl" % (out, dist, version), "w", zipfile.ZIP_DEFLATED) as z:
    for path, data in files:
        info = zipfile.ZipInfo(path, date_time=stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        z.writestr(info, data, compresslevel=level)
with tarfile.open("%s/%s-%s.tar.gz" % (out, dist, version), "w:gz", format=tarfile.PAX_FORMAT, compresslevel=9 if level is None else level) as t:
    top = "%s-%s" % (dist, version)
    members = [(top + "/PKG-INFO", metadata, 0o644)] + [
        (top + "/src/%s/%s" % (dist, n), c, options.get("moduleMode", 0o644) if n == "__init__.py" else 0o644) for n, c in modules]
    for path, data, mode in members:
        info = tarfile.TarInfo(path); info.size = len(data); info.mtime = when; info.mode = mode
        t.addfile(info, io.BytesIO(data))
`;

/** Writes `<dist>-<version>-py3-none-any.whl` and `<dist>-<version>.tar.gz` into `dir` and reads them. */
export async function makeArtifacts(
  dir: string,
  name: string,
  version: string,
  payload: string,
  options: ArtifactOptions = {},
): Promise<{ wheel: Artifact; sdist: Artifact }> {
  const dist = toDistFilenamePart(name);
  const { date, ...rest } = options;
  const json = JSON.stringify({ ...rest, ...(date ? { date: Math.floor(date.getTime() / 1000) } : {}) });
  execFileSync('python3', ['-c', SCRIPT, dir, name, dist, version, payload, json], { env: { PATH: process.env.PATH ?? '' } });
  const [wheel, sdist] = await Promise.all([
    readArtifact(join(dir, `${dist}-${version}-py3-none-any.whl`)),
    readArtifact(join(dir, `${dist}-${version}.tar.gz`)),
  ]);
  return { wheel, sdist };
}
