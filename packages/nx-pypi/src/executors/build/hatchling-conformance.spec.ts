/**
 * The native hatchling build's file selection against what hatchling 1.32.4 built from the same projects
 * (test-support/hatchling: synthetic fixtures and the recorded wheel and sdist, re-recorded by
 * `node tools/record-backend.mjs hatchling`). For every case, built natively (`builder: native`, so a
 * fallback fails the test): the same artifact names and the same wheel and sdist file lists. METADATA,
 * file modes and member order are recorded but not compared here.
 */
import { readdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { listZipEntries } from '../../io/artifact/read-zip-entry';
import { walkTarGz } from '../../io/artifact/walk-tar-gz';
import { runBuild } from './executor';
import { makeTempDir } from './test-support/fixtures';
import { listRecordedCases, prepareRecordedCase, readRecording } from './test-support/recorded-cases';

const FIXTURES = join(__dirname, 'test-support', 'hatchling');
const CASES = listRecordedCases(FIXTURES);

interface Recorded {
  wheel: { filename: string; files: string[]; modes: Record<string, string> };
  sdist: { filename: string; files: string[]; modes: Record<string, string> };
}

let base: string;
beforeAll(async () => {
  base = await makeTempDir('hatchling-conformance');
});
afterAll(() => rm(base, { recursive: true, force: true }));

async function sdistFiles(path: string): Promise<string[]> {
  const files: string[] = [];
  await walkTarGz(path, (member) => {
    files.push(member.path);
    return undefined;
  });
  return files.sort();
}

describe.each(CASES)('native hatchling build of %s against hatchling 1.32.4', (name) => {
  const recorded = readRecording<Recorded>(FIXTURES, name);
  let out: string;
  let log: string[];

  beforeAll(async () => {
    const { workspaceRoot, projectRoot } = await prepareRecordedCase(FIXTURES, name, base);
    // Beside the project (and outside it), so the build output is never part of the file selection.
    out = join(dirname(projectRoot), 'out');
    log = [];
    await runBuild(
      { builder: 'native', python: 'python3', isolated: true, workspaceRoot, projectRoot, outputDir: out },
      { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
      { log: { info: (m: string) => log.push(m), warn: (m: string) => log.push(m) } },
    );
  });

  it('writes the artifacts hatchling names', async () => {
    expect((await readdir(out)).sort()).toEqual([recorded.sdist.filename, recorded.wheel.filename].sort());
    expect(log.join('\n')).toContain('building natively, as hatchling would');
  });

  it('ships the same wheel files', async () => {
    const entries = await listZipEntries(join(out, recorded.wheel.filename));
    expect(entries.map((e) => e.name).sort()).toEqual([...recorded.wheel.files].sort());
  });

  it('ships the same sdist files', async () => {
    expect(await sdistFiles(join(out, recorded.sdist.filename))).toEqual([...recorded.sdist.files].sort());
  });
});

it('has recordings to compare with', () => {
  expect(CASES.length).toBeGreaterThanOrEqual(7);
});
