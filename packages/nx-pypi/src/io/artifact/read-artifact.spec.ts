import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NxPypiError } from '../../errors';
import { TarGzWriter } from '../archive/tar-gz-writer';
import { getMetadataField, getMetadataFields } from '../../core/publish/parse-core-metadata';
import { readArtifact } from './read-artifact';

const METADATA = 'Metadata-Version: 2.1\nName: Token_Lib\nVersion: 1.2.0\nRequires-Dist: a\nRequires-Dist: b\n\nBody ü\n';

// Python's zipfile and tarfile (pax by default, or GNU) write the archives: an independent writer.
const WRITE_ARCHIVES = `
import sys, tarfile, zipfile, io
out, metadata = sys.argv[1], sys.argv[2].encode()
with zipfile.ZipFile(out + '/token_lib-1.2.0-py3-none-any.whl', 'w', zipfile.ZIP_DEFLATED) as z:
    z.writestr('token_lib/__init__.py', 'x = 1\\n' * 5000)
    z.writestr('other-9.dist-info/METADATA', 'Metadata-Version: 2.1\\nName: other\\nVersion: 9\\n')
    z.writestr('token_lib-1.2.0.dist-info/METADATA', metadata)
def tar(name, fmt, top):
    with tarfile.open(out + '/' + name, 'w:gz', format=fmt) as t:
        for path, data in [(top + '/src/' + 'm' * 120 + '.py', b'y' * 70000), (top + '/PKG-INFO', metadata), (top + '/pyproject.toml', b'')]:
            info = tarfile.TarInfo(path); info.size = len(data); t.addfile(info, io.BytesIO(data))
tar('token_lib-1.2.0.tar.gz', tarfile.PAX_FORMAT, 'token_lib-1.2.0')
tar('gnu_lib-1.2.0.tar.gz', tarfile.GNU_FORMAT, 'g' * 110)
with zipfile.ZipFile(out + '/zipped-1.2.0.zip', 'w') as z:
    z.writestr('zipped-1.2.0/PKG-INFO', metadata)
`;

describe('readArtifact', () => {
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'nx-pypi-artifact-'));
    execFileSync('python3', ['-c', WRITE_ARCHIVES, dir, METADATA], { env: { PATH: process.env.PATH ?? '' } });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a wheel's METADATA from the dist-info matching its filename, with digests from one pass", async () => {
    const artifact = await readArtifact(join(dir, 'token_lib-1.2.0-py3-none-any.whl'));
    expect(artifact).toMatchObject({
      filename: 'token_lib-1.2.0-py3-none-any.whl',
      filetype: 'bdist_wheel',
      pyversion: 'py3',
      name: 'Token_Lib',
      version: '1.2.0',
    });
    expect(getMetadataFields(artifact.metadata, 'Requires-Dist')).toEqual(['a', 'b']);
    expect(artifact.metadata.body).toBe('Body ü\n');
    const python = execFileSync(
      'python3',
      [
        '-c',
        'import hashlib,sys;d=open(sys.argv[1],"rb").read();print(hashlib.sha256(d).hexdigest(),hashlib.blake2b(d,digest_size=32).hexdigest(),len(d))',
        artifact.path,
      ],
      { env: { PATH: process.env.PATH ?? '' } },
    )
      .toString()
      .trim()
      .split(' ');
    expect([artifact.digests!.sha256, artifact.digests!.blake2_256, String(artifact.size)]).toEqual(python);
  });

  it.each(['token_lib-1.2.0.tar.gz', 'gnu_lib-1.2.0.tar.gz', 'zipped-1.2.0.zip'])('reads PKG-INFO from the top folder of %s', async (name) => {
    const artifact = await readArtifact(join(dir, name));
    expect(artifact.filetype).toBe('sdist');
    expect(artifact.pyversion).toBe('source');
    expect(getMetadataField(artifact.metadata, 'Name')).toBe('Token_Lib');
    expect(artifact.metadata.body).toBe('Body ü\n');
  });

  it("reads PKG-INFO behind a large member of an sdist written by the builder's tar.gz writer", async () => {
    const path = join(dir, 'arch-1.0.tar.gz');
    await writeFile(join(dir, 'data.bin'), Buffer.alloc(3_000_000, 1));
    const tar = await TarGzWriter.create(path, new Date(0));
    await tar.addFile('arch-1.0/data.bin', join(dir, 'data.bin'), 3_000_000);
    await tar.addBuffer('arch-1.0/PKG-INFO', Buffer.from('Metadata-Version: 2.2\nName: arch\nVersion: 1.0\n'));
    await tar.finish();
    expect((await readArtifact(path)).version).toBe('1.0');
  });

  it.each([
    ['missing-1.0.tar.gz', undefined, 'ARTIFACT_MISSING'],
    ['broken-1.0-py3-none-any.whl', 'not a zip', 'ARTIFACT_CORRUPT'],
    ['broken-1.0.tar.gz', 'not gzip', 'ARTIFACT_CORRUPT'],
  ])('fails with a typed error for %s', async (name, content, code) => {
    if (content !== undefined) await writeFile(join(dir, name), content);
    const error = await readArtifact(join(dir, name)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NxPypiError);
    expect((error as NxPypiError).code).toBe(code);
  });

  it('fails when an sdist has no top-level PKG-INFO', async () => {
    const path = join(dir, 'empty-1.0.tar.gz');
    execFileSync(
      'python3',
      [
        '-c',
        'import tarfile,sys,io\nt=tarfile.open(sys.argv[1],"w:gz")\ni=tarfile.TarInfo("empty-1.0/a/PKG-INFO");i.size=0;t.addfile(i,io.BytesIO(b""));t.close()',
        path,
      ],
      { env: { PATH: process.env.PATH ?? '' } },
    );
    await expect(readArtifact(path)).rejects.toMatchObject({ code: 'ARTIFACT_NO_METADATA' });
  });
});
