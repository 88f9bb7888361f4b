/**
 * The native Poetry build against what poetry-core 2.5.0 built from the same projects
 * (test-support/poetry-core: synthetic fixtures and the recorded wheel and sdist, re-recorded by
 * `node tools/record-backend.mjs poetry-core`). For every case, built natively (`builder: native`, so a fallback
 * fails the test): the same artifact names, the same wheel and sdist file lists and file modes, and
 * METADATA, PKG-INFO and entry_points.txt byte for byte. WHEEL differs on purpose in two lines:
 * Generator names nx-pypi, and a `py2.py3` tag set is written one Tag line per tag, as the wheel
 * spec asks, where poetry-core writes the compressed set on one line.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { listZipEntries, readZipEntry, readZipUnixMode } from '../../io/artifact/read-zip-entry';
import { walkTarGz } from '../../io/artifact/walk-tar-gz';
import { runBuild } from './executor';
import { makeTempDir } from './test-support/fixtures';
import { listRecordedCases, prepareRecordedCase, readRecording } from './test-support/recorded-cases';

const FIXTURES = join(__dirname, 'test-support', 'poetry-core');
const CASES = listRecordedCases(FIXTURES);

interface Recorded {
  wheel: { filename: string; files: string[]; METADATA: string; WHEEL: string; 'entry_points.txt': string | null; modes: Record<string, string> };
  sdist: { filename: string; files: string[]; 'PKG-INFO': string; modes: Record<string, string> };
}

let base: string;
beforeAll(async () => {
  base = await makeTempDir('poetry-core-conformance');
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function readWheel(path: string) {
  const entries = await listZipEntries(path);
  const text = async (suffix: string) => {
    const found = await readZipEntry(path, (all) => all.find((e) => e.name.endsWith(suffix)), 1 << 20);
    return found ? found.data.toString('utf8') : null;
  };
  return {
    files: entries.map((e) => e.name).sort(),
    modes: Object.fromEntries(entries.map((e) => [e.name, ((readZipUnixMode(e) ?? 0) & 0o777).toString(8).padStart(4, '0')])),
    METADATA: await text('.dist-info/METADATA'),
    WHEEL: await text('.dist-info/WHEEL'),
    entryPoints: await text('.dist-info/entry_points.txt'),
  };
}

async function readSdist(path: string) {
  const files: string[] = [];
  const modes: Record<string, string> = {};
  let pkgInfo = '';
  await walkTarGz(path, (member) => {
    files.push(member.path);
    modes[member.path] = member.mode.toString(8).padStart(4, '0');
    if (!member.path.endsWith('/PKG-INFO') || member.path.split('/').length !== 2) return undefined;
    const chunks: Buffer[] = [];
    return { data: (c) => void chunks.push(c), end: () => void (pkgInfo = Buffer.concat(chunks).toString('utf8')) };
  });
  return { files: files.sort(), modes, pkgInfo };
}

describe.each(CASES)('native Poetry build of %s against poetry-core 2.5.0', (name) => {
  const recorded = readRecording<Recorded>(FIXTURES, name);
  let out: string;
  let log: string[];

  beforeAll(async () => {
    const { workspaceRoot, projectRoot } = await prepareRecordedCase(FIXTURES, name, base);
    out = join(base, `${name}-dist`);
    log = [];
    await runBuild(
      { builder: 'native', python: 'python3', isolated: true, workspaceRoot, projectRoot, outputDir: out },
      { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
      { log: { info: (m: string) => log.push(m), warn: (m: string) => log.push(m) } },
    );
  });

  it('writes the artifacts poetry-core names', async () => {
    expect((await readdir(out)).sort()).toEqual([recorded.sdist.filename, recorded.wheel.filename].sort());
    expect(log.join('\n')).toContain('building natively, as poetry-core 2.x would');
  });

  it('ships the same wheel files with the same modes, METADATA and entry_points.txt', async () => {
    const wheel = await readWheel(join(out, recorded.wheel.filename));
    expect(wheel.files).toEqual([...recorded.wheel.files].sort());
    expect(wheel.modes).toEqual(Object.fromEntries(Object.keys(wheel.modes).map((f) => [f, recorded.wheel.modes[f]])));
    expect(wheel.METADATA).toBe(recorded.wheel.METADATA);
    expect(wheel.entryPoints).toBe(recorded.wheel['entry_points.txt']);
    const tags = (text: string | null) =>
      (text ?? '')
        .split('\n')
        .filter((l) => l.startsWith('Tag: '))
        .flatMap((l) => expandTag(l.slice(5)));
    expect(tags(wheel.WHEEL)).toEqual(tags(recorded.wheel.WHEEL));
  });

  it('ships the same sdist files with the same modes and PKG-INFO', async () => {
    const sdist = await readSdist(join(out, recorded.sdist.filename));
    expect(sdist.files).toEqual([...recorded.sdist.files].sort());
    expect(sdist.modes).toEqual(recorded.sdist.modes);
    expect(sdist.pkgInfo).toBe(recorded.sdist['PKG-INFO']);
  });
});

function expandTag(tag: string): string[] {
  const [py, abi, plat] = tag.split('-');
  return py.split('.').flatMap((p) => abi.split('.').flatMap((a) => plat.split('.').map((pl) => `${p}-${a}-${pl}`)));
}

it('has recordings to compare with', async () => {
  expect(CASES.length).toBeGreaterThanOrEqual(13);
  expect(await readFile(join(FIXTURES, 'README.md'), 'utf8')).toContain('poetry-core 2.5.0');
});
