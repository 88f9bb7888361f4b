/**
 * The native setuptools build against what setuptools 84.0.0 built from the same projects
 * (test-support/setuptools: synthetic fixtures and the recorded wheel and sdist, re-recorded by
 * `node tools/record-backend.mjs setuptools`). For every case, built natively: the same artifact
 * names, the same wheel file list, the same sdist files (setuptools' tar also holds a member per
 * folder, which nx-pypi's sdist leaves out), and the files setuptools generates into its sdist —
 * setup.cfg and the egg-info — with the same text, but for the egg-info PKG-INFO, which is the
 * sdist's own PKG-INFO (nx-pypi's metadata, compared with the real backends in e2e).
 */
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { listZipEntries } from '../../io/artifact/read-zip-entry';
import { walkTarGz } from '../../io/artifact/walk-tar-gz';
import { runBuild } from './executor';
import { makeTempDir } from './test-support/fixtures';
import { listRecordedCases, prepareRecordedCase, readRecording } from './test-support/recorded-cases';

const FIXTURES = join(__dirname, 'test-support', 'setuptools');
const CASES = listRecordedCases(FIXTURES);

interface Recorded {
  wheel: { filename: string; files: string[] };
  sdist: { filename: string; files: string[]; 'PKG-INFO': string; generated: Record<string, string> };
}

let base: string;
beforeAll(async () => {
  base = await makeTempDir('setuptools-conformance');
});
afterAll(() => rm(base, { recursive: true, force: true }));

/** Every member's text, by path. */
async function sdistTexts(path: string): Promise<Map<string, string>> {
  const texts = new Map<string, string>();
  await walkTarGz(path, (member) => {
    const chunks: Buffer[] = [];
    return { data: (c) => void chunks.push(c), end: () => void texts.set(member.path, Buffer.concat(chunks).toString('utf8')) };
  });
  return texts;
}

describe.each(CASES)('native setuptools build of %s against setuptools 84.0.0', (name) => {
  const recorded = readRecording<Recorded>(FIXTURES, name);
  // setuptools' tar holds folder members too: a recorded name with another one below it is a folder.
  const recordedFiles = recorded.sdist.files.filter((f) => !recorded.sdist.files.some((other) => other.startsWith(`${f}/`))).sort();
  let out: string;
  let sdist: Map<string, string>;

  beforeAll(async () => {
    const { workspaceRoot, projectRoot } = await prepareRecordedCase(FIXTURES, name, base);
    out = join(dirname(projectRoot), 'out');
    const log = { info: () => undefined, warn: () => undefined };
    await runBuild(
      { builder: 'native', python: 'python3', isolated: true, workspaceRoot, projectRoot, outputDir: out },
      { SOURCE_DATE_EPOCH: '1700000000' },
      { log },
    );
    sdist = await sdistTexts(join(out, recorded.sdist.filename));
  });

  it('writes the artifacts setuptools names', async () => {
    expect((await readdir(out)).sort()).toEqual([recorded.sdist.filename, recorded.wheel.filename].sort());
  });

  it('ships the same wheel files', async () => {
    const entries = await listZipEntries(join(out, recorded.wheel.filename));
    expect(entries.map((e) => e.name).sort()).toEqual([...recorded.wheel.files].sort());
  });

  it('ships the same sdist files', () => {
    expect([...sdist.keys()].sort()).toEqual(recordedFiles);
  });

  it('generates setup.cfg and the egg-info as setuptools does, its PKG-INFO being the sdist PKG-INFO', () => {
    const root = recorded.sdist.filename.replace(/\.tar\.gz$/, '');
    for (const [path, text] of Object.entries(recorded.sdist.generated)) {
      if (path.endsWith('.egg-info/PKG-INFO')) expect(sdist.get(path)).toBe(sdist.get(`${root}/PKG-INFO`));
      else expect({ path, text: sdist.get(path) }).toEqual({ path, text });
    }
  });
});

it('has recordings to compare with', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(3);
});
